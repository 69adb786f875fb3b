package org.crema.nn;

import org.crema.Tensor;

/**
 * Average pooling to a fixed output size whatever the input size, as torch.nn.AdaptiveAvgPool2d:
 * output cell i covers input rows [floor(i*H/outH), ceil((i+1)*H/outH)).
 */
public class AdaptiveAvgPool2d extends Module {
    private final int[] outputSize;

    public AdaptiveAvgPool2d(int outputSize) { this(outputSize, outputSize); }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got (" + outH + ", " + outW + ")");
        }
        this.outputSize = new int[] {outH, outW};
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 && input.dim() != 3) throw shapeError("[N, C, H, W] or [C, H, W]", input);
        return Functional.adaptiveAvgPool2d(input, outputSize[0], outputSize[1]);
    }

    /** (height, width) of the output. */
    public int[] outputSize() { return outputSize.clone(); }

    @Override
    public String extraRepr() { return "output_size=" + Conv2d.intOrTuple(outputSize); }
}
