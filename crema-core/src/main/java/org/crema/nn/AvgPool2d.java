package org.crema.nn;

import org.crema.Tensor;

/**
 * Average pooling over NCHW input, as torch.nn.AvgPool2d: stride defaults to the kernel size and,
 * by default, zero padding counts in the divisor (count_include_pad=True).
 */
public class AvgPool2d extends Module {
    private final int[] kernelSize, stride, padding;
    private final boolean countIncludePad;

    public AvgPool2d(int kernelSize) { this(kernelSize, kernelSize); }

    public AvgPool2d(int kernelSize, int stride) { this(kernelSize, stride, 0); }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, true);
    }

    /** Per-axis (height, width) sizes; a null stride means the kernel size. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) {
        Convolution.checkPair("AvgPool2d", "kernel_size", kernelSize, 1);
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.countIncludePad = countIncludePad;
        Convolution.checkPair("AvgPool2d", "stride", this.stride, 1);
        Convolution.checkPair("AvgPool2d", "padding", this.padding, 0);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 && input.dim() != 3) throw shapeError("[N, C, H, W] or [C, H, W]", input);
        return Functional.avgPool2d(input, kernelSize, stride, padding, countIncludePad);
    }

    public int[] kernelSize() { return kernelSize.clone(); }

    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    public boolean countIncludePad() { return countIncludePad; }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Conv2d.intOrTuple(kernelSize) + ", stride=" + Conv2d.intOrTuple(stride)
                + ", padding=" + Conv2d.intOrTuple(padding) + (countIncludePad ? "" : ", count_include_pad=False");
    }
}
