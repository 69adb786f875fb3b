package org.crema.nn;

/**
 * The sizes of one 2-D convolution: input [n, c, h, w], weight [oc, c/groups, kh, kw], output
 * [n, oc, oh, ow], with strides, zero padding and dilation per axis.
 */
record ConvGeometry(int n, int c, int h, int w, int oc, int groups, int kh, int kw,
                    int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {

    /** Input channels per group. */
    int cg() { return c / groups; }

    /** Output channels per group. */
    int ocg() { return oc / groups; }

    /** Rows of the im2col matrix: the reduction length of the GEMM. */
    int kdim() { return cg() * kh * kw; }

    /** Output pixels per image and channel. */
    int p() { return oh * ow; }

    int hw() { return h * w; }

    /** A 1x1 kernel with unit stride and no padding: the input plane already is the im2col matrix. */
    boolean pointwise() { return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0; }

    /** Width and height of an input plane with its zero border. */
    int wp() { return w + 2 * pw; }

    int hp() { return h + 2 * ph; }

    /** One group, unit stride and dilation: what the direct kernels handle. */
    boolean unitStride() { return groups == 1 && sh == 1 && sw == 1 && dh == 1 && dw == 1; }

    /**
     * One image of this geometry with channelsOut output channels, unit stride and dilation: the key of
     * per-thread buffers laid out for it ({@link ThreadBuffers}), whatever the batch.
     */
    ConvGeometry imageLayout(int channelsOut) {
        return new ConvGeometry(1, c, h, w, channelsOut, 1, kh, kw, 1, 1, ph, pw, 1, 1, oh, ow);
    }

    static int outSize(int in, int k, int s, int p, int d) {
        return Math.floorDiv(in + 2 * p - d * (k - 1) - 1, s) + 1;
    }
}
