package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradMode;
import org.crema.autograd.Node;
import org.crema.backend.Parallel;

/**
 * Conv2d, ReLU and a 2x2 stride-2 MaxPool2d as one op, for the FLOAT32 layers whose forward is direct: the
 * few-tap layers of {@link DirectConv} (a network's first layers) and the deep, small-output layers of
 * {@link WideConv} (the small CNN's 32->64 at 14x14); Sequential fuses the three modules. Each thread convolves whole images
 * into a one-image buffer that stays in its L2 cache and pools it from there: the full-size convolution
 * output (the small CNN's first layer: [64, 32, 28, 28], 6.4 MB) is never allocated, zeroed by the caller
 * alone, written to memory and read back. The backward rebuilds one image's pre-pool gradient in such a
 * buffer and feeds the direct weight gradient from it, instead of a full-size max-pool gradient.
 *
 * <p>Same values and gradients, bit for bit, as the three ops: the same kernels on the same numbers, the
 * pre-pool gradient built as the max-pool backward builds it (zeros, then += at each window's arg-max), and
 * the weight-gradient partials grouped into the same runs of images and summed in the same order.
 * Fuses only where the three ops would take the same kernels: for a DirectConv layer, the input needs no
 * gradient and, when a graph is recorded, the weight gradient is the direct one; a WideConv layer's backward
 * is the convolution's own, given the pre-pool gradient.
 */
final class ConvReluPool {
    private ConvReluPool() {}

    /** Tests and benchmarks switch the fusion off to compare with the separate ops. */
    static boolean enabled = true;

    /** Tests and benchmarks switch {@link PoolVector#max2x2Grad} off (the scalar rebuild) to compare. */
    static boolean vectorGrad = true;

    /**
     * pool(relu(conv(input))) as one op where the three modules qualify (exact classes, so that a subclass
     * overriding forward runs as written), else null: the caller then runs the layers one by one (which
     * also reports bad input).
     */
    static Tensor tryFused(Module layer, Module relu, Module next, Tensor input) {
        if (!enabled || layer.getClass() != Conv2d.class || relu.getClass() != ReLU.class
                || next.getClass() != MaxPool2d.class) {
            return null;
        }
        Conv2d conv = (Conv2d) layer;
        MaxPool2d pool = (MaxPool2d) next;
        if (!Convolution.direct || !Pooling.vector || !Arrays.equals(pool.kernelSize(), new int[] {2, 2})
                || !Arrays.equals(pool.stride(), new int[] {2, 2}) || !Arrays.equals(pool.padding(), new int[] {0, 0})) {
            return null;
        }
        Tensor wt = conv.weight(), b = conv.bias();
        if (input.dim() != 4 || input.dtype() != DType.FLOAT32 || wt.dtype() != DType.FLOAT32
                || (b != null && b.dtype() != DType.FLOAT32) || input.size(1) != conv.inChannels() || conv.groups() != 1) {
            return null;
        }
        int[] xs = input.shape(), k = conv.kernelSize(), s = conv.stride(), p = conv.padding(), d = conv.dilation();
        int oh = ConvGeometry.outSize(xs[2], k[0], s[0], p[0], d[0]), ow = ConvGeometry.outSize(xs[3], k[1], s[1], p[1], d[1]);
        if (oh < 2 || ow < 2) return null;
        ConvGeometry g = new ConvGeometry(xs[0], xs[1], xs[2], xs[3], conv.outChannels(), 1, k[0], k[1], s[0], s[1],
                p[0], p[1], d[0], d[1], oh, ow);
        boolean on = GradMode.isEnabled(), needX = on && input.requiresGrad(), needW = on && wt.requiresGrad();
        boolean needB = on && b != null && b.requiresGrad();
        // the routes Convolution takes for this geometry, forward and backward, or no fusion
        if (DirectConv.applies(g)) {
            if (needX) return null;                                        // the input gradient goes through im2col
            if ((needW || needB) && !(needW && DirectWeightGrad.appliesWeightGrad(g))) return null;   // im2col weight gradient
            return apply(g, input.contiguous(), wt.contiguous(), b == null ? null : b.contiguous(), needW || needB);
        }
        if (WideConv.applies(g)) {
            return applyWide(g, input.contiguous(), wt.contiguous(), b == null ? null : b.contiguous(), needX, needW, needB);
        }
        return null;
    }

    /**
     * The layers whose forward is {@link WideConv}'s (deep, small outputs: the small CNN's 32->64 at 14x14):
     * the forward never stores the convolution output; the backward stores the pre-pool gradient (the
     * convolution's input gradient may be a convolution of all of it) and runs the convolution's backward.
     */
    private static Tensor applyWide(ConvGeometry g, Tensor x, Tensor wt, Tensor b, boolean needX, boolean needW, boolean needB) {
        int n = g.n(), oc = g.oc(), k = g.kdim(), p = g.p(), chw = g.c() * g.hw();
        int poh = g.oh() / 2, pow = g.ow() / 2, ohw = poh * pow;
        boolean grad = needX || needW || needB;
        float[] xf = x.storageFloats(), bf = b == null ? null : b.storageFloats();
        int xo = x.storageOffset(), bo = b == null ? 0 : b.storageOffset();
        float[] wpk = WideConv.packWeights(wt.storageFloats(), wt.storageOffset(), oc, k);
        int[] taps = WideConv.tapOffsets(g);
        float[] y = new float[n * oc * ohw];
        int[] idx = grad ? new int[n * oc * ohw] : null;
        Parallel.forRange(n, 1, (st, en) -> {
            float[] buf = new float[WideConv.bufferSize(g)];   // borders and slack stay zero
            float[] conv = new float[oc * p];                  // one image's convolution, in L2
            for (int img = st; img < en; img++) {
                DirectConv.pad(xf, xo + img * chw, g, buf);
                WideConv.forward(buf, taps, g, wpk, bf, bo, conv, 0);
                for (int c = 0; c < oc; c++) {
                    PoolVector.max2x2(conv, c * p, g.ow(), y, idx, (img * oc + c) * ohw, poh, pow, true);
                }
            }
        });
        Tensor out = Tensor.wrap(y, n, oc, poh, pow);
        if (!grad) return out;
        return Node.record(out, "conv2d_relu_max_pool2d", new Tensor[] {x, wt, b}, gy -> {
            // the pre-pool gradient as the max-pool backward writes it (zeros, += at the arg-max), then the
            // convolution's own backward: whatever route it takes (the input gradient may need all of it)
            Tensor gc = gy.contiguous();
            float[] gf = gc.storageFloats(), pre = preGrad(n * oc * p);
            int go = gc.storageOffset();
            Parallel.forRange(n * oc, Math.max(1, 4096 / p), (s0, s1) -> {
                Arrays.fill(pre, s0 * p, s1 * p, 0f);   // zeroed here, on every thread, not by the allocating caller
                for (int pl = s0; pl < s1; pl++) {
                    int base = pl * p;
                    for (int o = pl * ohw, e = o + ohw; o < e; o++) pre[base + idx[o]] += gf[go + o] * Math.signum(y[o]);
                }
            });
            return Convolution.backward(g, x, wt, b, Tensor.wrap(pre, n, oc, g.oh(), g.ow()));
        });
    }

    /** Tests switch the per-thread reuse of {@link #preGrad} off. */
    static boolean reusePre = true;

    private static final ThreadBuffers PRE = new ThreadBuffers();

    /**
     * This thread's array for a wide layer's pre-pool gradient (the small CNN's conv2: 3.2 MB, a humongous
     * object that a fresh array per step had its caller zero alone and G1 collect). Reused: the gradient
     * dies when the convolution's backward returns (it reads it and returns new arrays), before this thread
     * can run another such backward.
     */
    private static float[] preGrad(int len) {
        return PRE.get(reusePre, null, len)[0];
    }

    private static Tensor apply(ConvGeometry g, Tensor x, Tensor wt, Tensor b, boolean grad) {
        int n = g.n(), oc = g.oc(), k = g.kdim(), p = g.p(), chw = g.c() * g.hw();
        int poh = g.oh() / 2, pow = g.ow() / 2, ohw = poh * pow;
        float[] xf = x.storageFloats(), bf = b == null ? null : b.storageFloats();
        int xo = x.storageOffset(), bo = b == null ? 0 : b.storageOffset();
        float[] wpk = DirectConv.packWeights(wt.storageFloats(), wt.storageOffset(), oc, k);
        boolean padded = g.ph() > 0 || g.pw() > 0;
        int wp = g.wp(), plane = g.hp() * wp;
        int[] taps = padded ? DirectConv.tapOffsets(g, wp, plane) : DirectConv.tapOffsets(g, g.w(), g.hw());
        float[] y = new float[n * oc * ohw];
        int[] idx = grad ? new int[n * oc * ohw] : null;   // the arg-max only for a backward, as the pooling
        Parallel.forRange(n, 1, (st, en) -> {
            float[] buf = padded ? new float[g.c() * plane] : null;   // borders stay zero
            float[] conv = new float[oc * p];                         // one image's convolution, in L2
            for (int img = st; img < en; img++) {
                if (padded) {
                    DirectConv.pad(xf, xo + img * chw, g, buf);
                    DirectConv.forward(buf, 0, wp, taps, g, wpk, bf, bo, conv, 0);
                } else {
                    DirectConv.forward(xf, xo + img * chw, g.w(), taps, g, wpk, bf, bo, conv, 0);
                }
                for (int c = 0; c < oc; c++) {
                    PoolVector.max2x2(conv, c * p, g.ow(), y, idx, (img * oc + c) * ohw, poh, pow, true);
                }
            }
        });
        Tensor out = Tensor.wrap(y, n, oc, poh, pow);
        if (!grad) return out;
        return Node.record(out, "conv2d_relu_max_pool2d", new Tensor[] {x, wt, b},
                gy -> backward(g, x, wt, b, gy, y, idx));
    }

    /**
     * Weight and bias gradients through Convolution's direct weight gradient (same runs, same kernel), fed
     * per image with the pre-pool gradient rebuilt in a thread's scratch buffer as the max-pool backward
     * writes it: zeros, then += gy * signum(y) at each window's arg-max.
     */
    private static Tensor[] backward(ConvGeometry g, Tensor x, Tensor wt, Tensor b, Tensor gy, float[] y, int[] idx) {
        int oc = g.oc(), p = g.p(), ohw = (g.oh() / 2) * (g.ow() / 2);
        Tensor gc = gy.contiguous();
        float[] gf = gc.storageFloats();
        int go = gc.storageOffset();
        Tensor[] wb = Convolution.directWeightGrad(g, x, wt, b, b != null && b.requiresGrad(), new Convolution.ImageGrad() {
            @Override public float[] array(int img, float[] pre) {
                if (vectorGrad && PoolVector.gradApplies(g.ow() / 2)) {
                    for (int c = 0; c < oc; c++) {
                        PoolVector.max2x2Grad(gf, go, y, idx, (img * oc + c) * ohw, g.oh() / 2, g.ow() / 2, pre, c * p, g.ow());
                    }
                    return pre;
                }
                Arrays.fill(pre, 0f);
                for (int c = 0; c < oc; c++) {
                    int base = c * p;
                    for (int o = (img * oc + c) * ohw, e = o + ohw; o < e; o++) pre[base + idx[o]] += gf[go + o] * Math.signum(y[o]);
                }
                return pre;
            }

            @Override public int offset(int img) { return 0; }

            @Override public boolean scratch() { return true; }
        });
        return new Tensor[] {null, wb[0], wb[1]};
    }
}
