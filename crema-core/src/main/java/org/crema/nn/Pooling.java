package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradMode;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;
import org.crema.backend.VectorSupport;

/**
 * Max, average and adaptive average pooling over NCHW (or unbatched CHW) inputs, one (image, channel)
 * plane at a time, planes spread over threads. Every window is described by clipped row and column
 * ranges computed once per call ({@link Windows}), so the strided, padded and adaptive forms share one
 * kernel; 2x2 stride 2 max pooling, the common CNN case, has its own loop.
 */
final class Pooling {
    private Pooling() {}

    static { ConvWarmup.start(); }

    /** Whether FLOAT32 2x2 stride-2 max pooling uses {@link PoolVector}; tests switch it off to compare. */
    static boolean vector = VectorSupport.enabled();

    /**
     * Window bounds per output row and column: input rows [r0[i], r1[i]) and columns [c0[j], c1[j]),
     * already clipped to the input; an average divides by rowDiv[i] * colDiv[j].
     */
    record Windows(int h, int w, int[] r0, int[] r1, int[] c0, int[] c1, int[] rowDiv, int[] colDiv) {
        int oh() { return r0.length; }
        int ow() { return c0.length; }
    }

    /** Fixed-size windows; with countPad the divisor counts padded positions (torch's count_include_pad). */
    static Windows strided(int h, int w, int[] k, int[] s, int[] p, int oh, int ow, boolean countPad) {
        int[][] rows = axis(h, k[0], s[0], p[0], oh, countPad), cols = axis(w, k[1], s[1], p[1], ow, countPad);
        return new Windows(h, w, rows[0], rows[1], cols[0], cols[1], rows[2], cols[2]);
    }

    private static int[][] axis(int in, int k, int s, int p, int out, boolean countPad) {
        int[] lo = new int[out], hi = new int[out], div = new int[out];
        for (int i = 0; i < out; i++) {
            int start = i * s - p, end = Math.min(start + k, in + p);
            int padded = end - start;
            lo[i] = Math.max(start, 0);
            hi[i] = Math.min(end, in);
            div[i] = countPad ? padded : hi[i] - lo[i];
        }
        return new int[][] {lo, hi, div};
    }

    /** torch's adaptive windows: [floor(i*in/out), ceil((i+1)*in/out)). */
    static Windows adaptive(int h, int w, int oh, int ow) {
        int[][] rows = adaptiveAxis(h, oh), cols = adaptiveAxis(w, ow);
        return new Windows(h, w, rows[0], rows[1], cols[0], cols[1], rows[2], cols[2]);
    }

    private static int[][] adaptiveAxis(int in, int out) {
        int[] lo = new int[out], hi = new int[out], div = new int[out];
        for (int i = 0; i < out; i++) {
            lo[i] = (int) ((long) i * in / out);
            hi[i] = (int) (((long) (i + 1) * in + out - 1) / out);
            div[i] = hi[i] - lo[i];
        }
        return new int[][] {lo, hi, div};
    }

    // ------------------------------------------------------------------ public entry points

    static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding) {
        return maxPool2d(input, kernel, stride, padding, false);
    }

    /**
     * Max pooling, of relu(input) when relu is set. max(relu(x)) == relu(max(x)) (NaN included), so the
     * fused form pools x and clamps the pooled values: it skips a full-size ReLU pass and its backward.
     * The gradient goes to the window's first arg-max times signum(output), which is what the ReLU
     * backward (dy * signum(y)) makes of the pooling gradient: 0 where the maximum is <= 0.
     */
    static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean relu) {
        String op = relu ? "relu_max_pool2d" : "max_pool2d";
        checkArgs(op, kernel, stride, padding);
        if (input.dim() == 3) return maxPool2d(input.unsqueeze(0), kernel, stride, padding, relu).squeeze(0);
        checkInput(op, input);
        int[] xs = input.shape();
        int oh = outSize(op, xs, 2, kernel[0], stride[0], padding[0]), ow = outSize(op, xs, 3, kernel[1], stride[1], padding[1]);
        Windows win = strided(xs[2], xs[3], kernel, stride, padding, oh, ow, true);
        boolean fast2x2 = kernel[0] == 2 && kernel[1] == 2 && stride[0] == 2 && stride[1] == 2 && padding[0] == 0 && padding[1] == 0;
        Tensor x = input.contiguous();
        int planes = xs[0] * xs[1], hw = xs[2] * xs[3], ohw = oh * ow;
        boolean vector2x2 = fast2x2 && vector && x.dtype() == DType.FLOAT32;
        // the arg-max is only needed for a backward; the vector kernel can skip it
        int[] idx = vector2x2 && !(GradMode.isEnabled() && x.requiresGrad()) ? null : new int[planes * ohw];
        Tensor out;
        if (x.dtype() == DType.FLOAT32) {
            float[] xd = x.storageFloats(), y = new float[planes * ohw];
            int xo = x.storageOffset();
            Parallel.forRange(planes, grain(hw), (s, e) -> {
                if (vector2x2) {
                    for (int pl = s; pl < e; pl++) PoolVector.max2x2(xd, xo + pl * hw, xs[3], y, idx, pl * ohw, oh, ow, relu);
                    return;
                }
                for (int pl = s; pl < e; pl++) {
                    if (fast2x2) max2x2(xd, xo + pl * hw, xs[3], y, idx, pl * ohw, oh, ow);
                    else maxPlane(xd, xo + pl * hw, win, y, idx, pl * ohw);
                    if (relu) for (int o = pl * ohw, end = o + ohw; o < end; o++) y[o] = Math.max(y[o], 0f);
                }
            });
            out = Tensor.wrap(y, xs[0], xs[1], oh, ow);
        } else {
            double[] xd = x.storageDoubles(), y = new double[planes * ohw];
            int xo = x.storageOffset();
            Parallel.forRange(planes, grain(hw), (s, e) -> {
                for (int pl = s; pl < e; pl++) {
                    maxPlane(xd, xo + pl * hw, win, y, idx, pl * ohw);
                    if (relu) for (int o = pl * ohw, end = o + ohw; o < end; o++) y[o] = Math.max(y[o], 0.0);
                }
            });
            out = Tensor.wrap(y, xs[0], xs[1], oh, ow);
        }
        Tensor y = relu ? out : null;
        return Node.record(out, op, new Tensor[] {x}, gy -> new Tensor[] {maxBackward(gy, xs, idx, ohw, y)});
    }

    static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        String op = "avg_pool2d";
        checkArgs(op, kernel, stride, padding);
        if (input.dim() == 3) return avgPool2d(input.unsqueeze(0), kernel, stride, padding, countIncludePad).squeeze(0);
        checkInput(op, input);
        int[] xs = input.shape();
        int oh = outSize(op, xs, 2, kernel[0], stride[0], padding[0]), ow = outSize(op, xs, 3, kernel[1], stride[1], padding[1]);
        return average("avg_pool2d", input, strided(xs[2], xs[3], kernel, stride, padding, oh, ow, countIncludePad));
    }

    static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        String op = "adaptive_avg_pool2d";
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size must be >= 1, got (" + outH + ", " + outW + ")");
        }
        if (input.dim() == 3) return adaptiveAvgPool2d(input.unsqueeze(0), outH, outW).squeeze(0);
        checkInput(op, input);
        int[] xs = input.shape();
        if (xs[2] < 1 || xs[3] < 1) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(xs) + " has an empty spatial size");
        }
        return average(op, input, adaptive(xs[2], xs[3], outH, outW));
    }

    // ------------------------------------------------------------------ checks

    private static void checkArgs(String op, int[] kernel, int[] stride, int[] padding) {
        Convolution.checkPair(op, "kernel_size", kernel, 1);
        Convolution.checkPair(op, "stride", stride, 1);
        Convolution.checkPair(op, "padding", padding, 0);
        if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) {
            throw new IllegalArgumentException(op + ": padding " + Arrays.toString(padding)
                    + " must be at most half of kernel_size " + Arrays.toString(kernel));
        }
    }

    private static void checkInput(String op, Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W] or [C, H, W], got "
                    + Arrays.toString(input.shape()));
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": input must be floating-point, got " + input.dtype());
        }
    }

    private static int outSize(String op, int[] xs, int axis, int k, int s, int p) {
        int out = Math.floorDiv(xs[axis] + 2 * p - k, s) + 1;
        if (out < 1) {
            throw new IllegalArgumentException(op + ": kernel_size " + k + " is larger than the padded input "
                    + (axis == 2 ? "height " : "width ") + (xs[axis] + 2 * p) + " of input " + Arrays.toString(xs));
        }
        return out;
    }

    /** Planes per task: enough work to be worth a hand-off. */
    private static int grain(int hw) { return Math.max(1, 4096 / Math.max(1, hw)); }

    // ------------------------------------------------------------------ max

    /*
     * 2x2 stride 2 without branches: on random data "is this value larger" is a coin toss, and the
     * mispredictions of the compare-and-branch form cost 3-6x the arithmetic. The maximum comes from
     * Math.max (NaN-propagating); the winner is the first of the four whose bits equal it (+0f folds
     * -0 into +0), or the first NaN, found with a bit mask and numberOfTrailingZeros.
     */
    private static void max2x2(float[] x, int xo, int w, float[] y, int[] idx, int yo, int oh, int ow) {
        for (int i = 0; i < oh; i++) {
            int r0 = xo + 2 * i * w, r1 = r0 + w, o = yo + i * ow, base = 2 * i * w;
            for (int j = 0; j < ow; j++) {
                int c = 2 * j;
                float a = x[r0 + c], b = x[r0 + c + 1], d = x[r1 + c], e = x[r1 + c + 1];
                float m = Math.max(Math.max(a, b), Math.max(d, e));
                int bm = bits(m);
                int pos = Integer.numberOfTrailingZeros((isZero(bits(a) ^ bm) | isNaN(a)) | (isZero(bits(b) ^ bm) | isNaN(b)) << 1
                        | (isZero(bits(d) ^ bm) | isNaN(d)) << 2 | (isZero(bits(e) ^ bm) | isNaN(e)) << 3);
                int at = c + (pos & 1) + (pos >> 1) * w;
                y[o + j] = x[r0 + at]; // the winner itself, so -0 stays -0 as in torch
                idx[o + j] = base + at;
            }
        }
    }

    private static int bits(float v) { return Float.floatToRawIntBits(v + 0f); }

    /** 1 if v == 0, else 0. */
    private static int isZero(int v) { return ((v | -v) >>> 31) ^ 1; }

    /** 1 if v is NaN, else 0. */
    private static int isNaN(float v) { return (0x7f800000 - (Float.floatToRawIntBits(v) & 0x7fffffff)) >>> 31; }

    private static void maxPlane(float[] x, int xo, Windows win, float[] y, int[] idx, int yo) {
        int w = win.w();
        for (int i = 0, oh = win.oh(); i < oh; i++) {
            for (int j = 0, ow = win.ow(); j < ow; j++) {
                float m = Float.NEGATIVE_INFINITY;
                int at = win.r0[i] * w + win.c0[j];
                for (int r = win.r0[i]; r < win.r1[i]; r++) {
                    for (int c = win.c0[j]; c < win.c1[j]; c++) {
                        float v = x[xo + r * w + c];
                        if (v > m || Float.isNaN(v)) { m = v; at = r * w + c; }
                    }
                    if (Float.isNaN(m)) break;
                }
                y[yo + i * ow + j] = m;
                idx[yo + i * ow + j] = at;
            }
        }
    }

    private static void maxPlane(double[] x, int xo, Windows win, double[] y, int[] idx, int yo) {
        int w = win.w();
        for (int i = 0, oh = win.oh(); i < oh; i++) {
            for (int j = 0, ow = win.ow(); j < ow; j++) {
                double m = Double.NEGATIVE_INFINITY;
                int at = win.r0[i] * w + win.c0[j];
                for (int r = win.r0[i]; r < win.r1[i]; r++) {
                    for (int c = win.c0[j]; c < win.c1[j]; c++) {
                        double v = x[xo + r * w + c];
                        if (v > m || Double.isNaN(v)) { m = v; at = r * w + c; }
                    }
                    if (Double.isNaN(m)) break;
                }
                y[yo + i * ow + j] = m;
                idx[yo + i * ow + j] = at;
            }
        }
    }

    /**
     * Routes each output gradient to the input position that won its window; with the fused ReLU's
     * output y, times signum(y) (y >= 0), as the ReLU backward would.
     */
    private static Tensor maxBackward(Tensor gy, int[] xs, int[] idx, int ohw, Tensor y) {
        gy = gy.contiguous();
        int planes = xs[0] * xs[1], hw = xs[2] * xs[3];
        int go = gy.storageOffset();
        if (gy.dtype() == DType.FLOAT32) {
            float[] g = gy.storageFloats(), dx = new float[planes * hw], ys = y == null ? null : y.storageFloats();
            Parallel.forRange(planes, grain(hw), (s, e) -> {
                for (int pl = s; pl < e; pl++) {
                    int base = pl * hw;
                    if (ys == null) {
                        for (int o = pl * ohw, end = o + ohw; o < end; o++) dx[base + idx[o]] += g[go + o];
                    } else {
                        for (int o = pl * ohw, end = o + ohw; o < end; o++) dx[base + idx[o]] += g[go + o] * Math.signum(ys[o]);
                    }
                }
            });
            return Tensor.wrap(dx, xs);
        }
        double[] g = gy.storageDoubles(), dx = new double[planes * hw], ys = y == null ? null : y.storageDoubles();
        Parallel.forRange(planes, grain(hw), (s, e) -> {
            for (int pl = s; pl < e; pl++) {
                int base = pl * hw;
                if (ys == null) {
                    for (int o = pl * ohw, end = o + ohw; o < end; o++) dx[base + idx[o]] += g[go + o];
                } else {
                    for (int o = pl * ohw, end = o + ohw; o < end; o++) dx[base + idx[o]] += g[go + o] * Math.signum(ys[o]);
                }
            }
        });
        return Tensor.wrap(dx, xs);
    }

    // ------------------------------------------------------------------ average

    private static Tensor average(String name, Tensor input, Windows win) {
        int[] xs = input.shape();
        Tensor x = input.contiguous();
        int planes = xs[0] * xs[1], hw = xs[2] * xs[3], oh = win.oh(), ow = win.ow(), ohw = oh * ow;
        int xo = x.storageOffset();
        Tensor out;
        if (x.dtype() == DType.FLOAT32) {
            float[] xd = x.storageFloats(), y = new float[planes * ohw];
            Parallel.forRange(planes, grain(hw), (s, e) -> {
                for (int pl = s; pl < e; pl++) {
                    int xb = xo + pl * hw, yb = pl * ohw;
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            float acc = 0;
                            for (int r = win.r0[i]; r < win.r1[i]; r++) {
                                for (int c = win.c0[j]; c < win.c1[j]; c++) acc += xd[xb + r * xs[3] + c];
                            }
                            y[yb + i * ow + j] = acc / (win.rowDiv[i] * win.colDiv[j]);
                        }
                    }
                }
            });
            out = Tensor.wrap(y, xs[0], xs[1], oh, ow);
        } else {
            double[] xd = x.storageDoubles(), y = new double[planes * ohw];
            Parallel.forRange(planes, grain(hw), (s, e) -> {
                for (int pl = s; pl < e; pl++) {
                    int xb = xo + pl * hw, yb = pl * ohw;
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            double acc = 0;
                            for (int r = win.r0[i]; r < win.r1[i]; r++) {
                                for (int c = win.c0[j]; c < win.c1[j]; c++) acc += xd[xb + r * xs[3] + c];
                            }
                            y[yb + i * ow + j] = acc / (win.rowDiv[i] * win.colDiv[j]);
                        }
                    }
                }
            });
            out = Tensor.wrap(y, xs[0], xs[1], oh, ow);
        }
        return Node.record(out, name, new Tensor[] {x}, gy -> new Tensor[] {averageBackward(gy, xs, win)});
    }

    private static Tensor averageBackward(Tensor gy, int[] xs, Windows win) {
        gy = gy.contiguous();
        int planes = xs[0] * xs[1], hw = xs[2] * xs[3], oh = win.oh(), ow = win.ow(), ohw = oh * ow, w = xs[3];
        int go = gy.storageOffset();
        if (gy.dtype() == DType.FLOAT32) {
            float[] g = gy.storageFloats(), dx = new float[planes * hw];
            Parallel.forRange(planes, grain(hw), (s, e) -> {
                for (int pl = s; pl < e; pl++) {
                    int xb = pl * hw, yb = go + pl * ohw;
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            float v = g[yb + i * ow + j] / (win.rowDiv[i] * win.colDiv[j]);
                            for (int r = win.r0[i]; r < win.r1[i]; r++) {
                                for (int c = win.c0[j]; c < win.c1[j]; c++) dx[xb + r * w + c] += v;
                            }
                        }
                    }
                }
            });
            return Tensor.wrap(dx, xs);
        }
        double[] g = gy.storageDoubles(), dx = new double[planes * hw];
        Parallel.forRange(planes, grain(hw), (s, e) -> {
            for (int pl = s; pl < e; pl++) {
                int xb = pl * hw, yb = go + pl * ohw;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double v = g[yb + i * ow + j] / (win.rowDiv[i] * win.colDiv[j]);
                        for (int r = win.r0[i]; r < win.r1[i]; r++) {
                            for (int c = win.c0[j]; c < win.c1[j]; c++) dx[xb + r * w + c] += v;
                        }
                    }
                }
            }
        });
        return Tensor.wrap(dx, xs);
    }
}
