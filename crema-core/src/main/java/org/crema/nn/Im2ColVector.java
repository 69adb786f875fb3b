package org.crema.nn;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 im2col and col2im for unit horizontal stride with the Vector API (loaded only when it is
 * enabled), with exactly the values of {@link Im2Col}. The scalar forms copy short row pieces with
 * System.arraycopy plus zero fills for the padding (a 14-wide output row: ~4000 calls per image for a
 * 32-channel 3x3 layer); here the image is first copied into zero-bordered planes, after which every
 * piece is a plain run of ow values: whole vectors and one masked vector per piece.
 */
final class Im2ColVector {
    private Im2ColVector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final ThreadLocal<float[][]> PADDED = ThreadLocal.withInitial(() -> new float[1][0]);

    /** A thread-local buffer of at least n floats, zeroed up to n. */
    private static float[] zeroed(int n) {
        float[][] holder = PADDED.get();
        if (holder[0].length < n) holder[0] = new float[n];
        else Arrays.fill(holder[0], 0, n, 0f);
        return holder[0];
    }

    static boolean applies(ConvGeometry g) { return g.sw() == 1; }

    static void im2col(float[] src, int srcOff, ConvGeometry g, float[] dst, int dstOff, int ld) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), cg = g.cg();
        int sh = g.sh(), dh = g.dh(), dw = g.dw(), ph = g.ph(), pw = g.pw();
        float[] in = src;
        int io = srcOff, wp = w, plane = h * w;
        if (ph > 0 || pw > 0) {
            wp = w + 2 * pw;
            plane = (h + 2 * ph) * wp;
            in = zeroed(cg * plane);
            io = 0;
            for (int c = 0; c < cg; c++) {
                for (int r = 0; r < h; r++) System.arraycopy(src, srcOff + (c * h + r) * w, in, c * plane + (r + ph) * wp + pw, w);
            }
        }
        int full = ow - ow % L;
        VectorMask<Float> tail = S.indexInRange(0, ow % L);
        for (int c = 0; c < cg; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = dstOff + ((c * kh + ki) * kw + kj) * ld;
                    int s0 = io + c * plane + ki * dh * wp + kj * dw;
                    for (int y = 0; y < oh; y++) {
                        int s = s0 + y * sh * wp, d = row + y * ow;
                        int x = 0;
                        for (; x < full; x += L) FloatVector.fromArray(S, in, s + x).intoArray(dst, d + x);
                        if (x < ow) FloatVector.fromArray(S, in, s + x, tail).intoArray(dst, d + x, tail);
                    }
                }
            }
        }
    }

    /** dst (holding zeros: col2im is the first to write each image's gradient) += fold(col). */
    static void col2im(float[] col, int colOff, int ld, ConvGeometry g, float[] dst, int dstOff) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), cg = g.cg();
        int sh = g.sh(), dh = g.dh(), dw = g.dw(), ph = g.ph(), pw = g.pw();
        boolean padded = ph > 0 || pw > 0;
        int wp = w + 2 * pw, plane = (h + 2 * ph) * wp;
        float[] acc = padded ? zeroed(cg * plane) : dst;
        int ao = padded ? 0 : dstOff;
        int full = ow - ow % L;
        VectorMask<Float> tail = S.indexInRange(0, ow % L);
        for (int c = 0; c < cg; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = colOff + ((c * kh + ki) * kw + kj) * ld;
                    int a0 = ao + c * plane + ki * dh * wp + kj * dw;
                    for (int y = 0; y < oh; y++) {
                        int a = a0 + y * sh * wp, s = row + y * ow;
                        int x = 0;
                        for (; x < full; x += L) {
                            FloatVector.fromArray(S, acc, a + x).add(FloatVector.fromArray(S, col, s + x)).intoArray(acc, a + x);
                        }
                        if (x < ow) {
                            FloatVector.fromArray(S, acc, a + x, tail).add(FloatVector.fromArray(S, col, s + x, tail))
                                    .intoArray(acc, a + x, tail);
                        }
                    }
                }
            }
        }
        if (!padded) return;
        for (int c = 0; c < cg; c++) {
            for (int r = 0; r < h; r++) {
                int d = dstOff + (c * h + r) * w, a = c * plane + (r + ph) * wp + pw;
                for (int x = 0; x < w; x++) dst[d + x] += acc[a + x];
            }
        }
    }
}
