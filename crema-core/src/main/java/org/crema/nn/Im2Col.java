package org.crema.nn;

import java.util.Arrays;

/**
 * Unfolds image patches into the columns of a matrix (im2col) and folds them back, summing overlaps
 * (col2im), for one image and one group of channels. Row r = (c*kh + ki)*kw + kj of the matrix holds,
 * for every output pixel q = oh*ow + x, the input value that kernel tap (ki, kj) of channel c sees;
 * taps that fall into the padding read zero. Rows are {@code ld} apart, so several images can sit side
 * by side in one matrix (image j at column j*p) and share one GEMM.
 */
final class Im2Col {
    private Im2Col() {}

    /** Whether FLOAT32 layers with unit horizontal stride use {@link Im2ColVector}; tests switch it off to compare. */
    static boolean vector = org.crema.backend.VectorSupport.enabled();

    /** First output column whose tap at input offset off (= kj*dw - pw) lands inside [0, w). */
    private static int lo(int off, int s, int outW) { return Math.min(outW, off >= 0 ? 0 : (-off + s - 1) / s); }

    /** One past the last output column whose tap lands inside [0, w). */
    private static int hi(int off, int s, int w, int outW, int lo) {
        int last = w - 1 - off;
        return last < 0 ? lo : Math.max(lo, Math.min(outW, last / s + 1));
    }

    static void im2col(float[] src, int srcOff, ConvGeometry g, float[] dst, int dstOff, int ld) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        int sh = g.sh(), sw = g.sw(), dh = g.dh(), dw = g.dw(), ph = g.ph(), pw = g.pw();
        for (int c = 0, cg = g.cg(); c < cg; c++) {
            int plane = srcOff + c * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = dstOff + ((c * kh + ki) * kw + kj) * ld;
                    int offW = kj * dw - pw;
                    int xLo = lo(offW, sw, ow), xHi = hi(offW, sw, w, ow, xLo);
                    for (int y = 0; y < oh; y++) {
                        int ih = y * sh - ph + ki * dh;
                        int d = row + y * ow;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(dst, d, d + ow, 0f);
                            continue;
                        }
                        if (xLo > 0) Arrays.fill(dst, d, d + xLo, 0f);
                        int s = plane + ih * w + offW;
                        if (sw == 1) {
                            System.arraycopy(src, s + xLo, dst, d + xLo, xHi - xLo);
                        } else {
                            for (int x = xLo; x < xHi; x++) dst[d + x] = src[s + x * sw];
                        }
                        if (xHi < ow) Arrays.fill(dst, d + xHi, d + ow, 0f);
                    }
                }
            }
        }
    }

    /** Adds the columns back into the image: dst (already holding a gradient or zeros) += fold(col). */
    static void col2im(float[] col, int colOff, int ld, ConvGeometry g, float[] dst, int dstOff) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        int sh = g.sh(), sw = g.sw(), dh = g.dh(), dw = g.dw(), ph = g.ph(), pw = g.pw();
        for (int c = 0, cg = g.cg(); c < cg; c++) {
            int plane = dstOff + c * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = colOff + ((c * kh + ki) * kw + kj) * ld;
                    int offW = kj * dw - pw;
                    int xLo = lo(offW, sw, ow), xHi = hi(offW, sw, w, ow, xLo);
                    for (int y = 0; y < oh; y++) {
                        int ih = y * sh - ph + ki * dh;
                        if (ih < 0 || ih >= h) continue;
                        int d = plane + ih * w + offW, s = row + y * ow;
                        if (sw == 1) {
                            for (int x = xLo; x < xHi; x++) dst[d + x] += col[s + x];
                        } else {
                            for (int x = xLo; x < xHi; x++) dst[d + x * sw] += col[s + x];
                        }
                    }
                }
            }
        }
    }

    static void im2col(double[] src, int srcOff, ConvGeometry g, double[] dst, int dstOff, int ld) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        int sh = g.sh(), sw = g.sw(), dh = g.dh(), dw = g.dw(), ph = g.ph(), pw = g.pw();
        for (int c = 0, cg = g.cg(); c < cg; c++) {
            int plane = srcOff + c * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = dstOff + ((c * kh + ki) * kw + kj) * ld;
                    int offW = kj * dw - pw;
                    int xLo = lo(offW, sw, ow), xHi = hi(offW, sw, w, ow, xLo);
                    for (int y = 0; y < oh; y++) {
                        int ih = y * sh - ph + ki * dh;
                        int d = row + y * ow;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(dst, d, d + ow, 0.0);
                            continue;
                        }
                        if (xLo > 0) Arrays.fill(dst, d, d + xLo, 0.0);
                        int s = plane + ih * w + offW;
                        if (sw == 1) {
                            System.arraycopy(src, s + xLo, dst, d + xLo, xHi - xLo);
                        } else {
                            for (int x = xLo; x < xHi; x++) dst[d + x] = src[s + x * sw];
                        }
                        if (xHi < ow) Arrays.fill(dst, d + xHi, d + ow, 0.0);
                    }
                }
            }
        }
    }

    static void col2im(double[] col, int colOff, int ld, ConvGeometry g, double[] dst, int dstOff) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        int sh = g.sh(), sw = g.sw(), dh = g.dh(), dw = g.dw(), ph = g.ph(), pw = g.pw();
        for (int c = 0, cg = g.cg(); c < cg; c++) {
            int plane = dstOff + c * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = colOff + ((c * kh + ki) * kw + kj) * ld;
                    int offW = kj * dw - pw;
                    int xLo = lo(offW, sw, ow), xHi = hi(offW, sw, w, ow, xLo);
                    for (int y = 0; y < oh; y++) {
                        int ih = y * sh - ph + ki * dh;
                        if (ih < 0 || ih >= h) continue;
                        int d = plane + ih * w + offW, s = row + y * ow;
                        if (sw == 1) {
                            for (int x = xLo; x < xHi; x++) dst[d + x] += col[s + x];
                        } else {
                            for (int x = xLo; x < xHi; x++) dst[d + x * sw] += col[s + x];
                        }
                    }
                }
            }
        }
    }
}
