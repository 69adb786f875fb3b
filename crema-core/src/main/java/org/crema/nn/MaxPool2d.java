package org.crema.nn;

import org.crema.Tensor;

/**
 * Max pooling over NCHW input, as torch.nn.MaxPool2d (stride defaults to the kernel size, padding
 * pads with -infinity). Backward routes each gradient to the position that won its window.
 */
public class MaxPool2d extends Module {
    private final int[] kernelSize, stride, padding;

    public MaxPool2d(int kernelSize) { this(kernelSize, kernelSize); }

    public MaxPool2d(int kernelSize, int stride) { this(kernelSize, stride, 0); }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /** Per-axis (height, width) sizes; a null stride means the kernel size. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding) {
        Convolution.checkPair("MaxPool2d", "kernel_size", kernelSize, 1);
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        Convolution.checkPair("MaxPool2d", "stride", this.stride, 1);
        Convolution.checkPair("MaxPool2d", "padding", this.padding, 0);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 && input.dim() != 3) throw shapeError("[N, C, H, W] or [C, H, W]", input);
        return Functional.maxPool2d(input, kernelSize, stride, padding);
    }

    public int[] kernelSize() { return kernelSize.clone(); }

    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Conv2d.intOrTuple(kernelSize) + ", stride=" + Conv2d.intOrTuple(stride)
                + ", padding=" + Conv2d.intOrTuple(padding) + ", dilation=1, ceil_mode=False";
    }
}
