package org.crema.nn;

import java.util.Arrays;
import org.crema.Tensor;

/**
 * 2-D convolution over NCHW input, as torch.nn.Conv2d: weight [out, in/groups, kH, kW] and bias
 * [out], initialised as torch does (kaiming_uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)) for weight and bias alike, fan_in = in/groups * kH * kW).
 *
 * <pre>{@code
 * var conv = new Conv2d(3, 6, 5);                 // CIFAR LeNet's first layer
 * Tensor y = conv.forward(Tensor.randn(4, 3, 32, 32)); // [4, 6, 28, 28]
 * }</pre>
 */
public class Conv2d extends Module {
    private final int inChannels, outChannels, groups;
    private final int[] kernelSize, stride, padding, dilation;
    private final boolean bias;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        this(inChannels, outChannels, sq(kernelSize), sq(stride), sq(padding), sq(dilation), groups, bias);
    }

    /** The full form: per-axis (height, width) kernel size, stride, padding and dilation. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        String me = "Conv2d(" + inChannels + ", " + outChannels + ")";
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(me + ": channel counts must be >= 1");
        }
        Convolution.checkPair(me, "kernel_size", kernelSize, 1);
        Convolution.checkPair(me, "stride", stride, 1);
        Convolution.checkPair(me, "padding", padding, 0);
        Convolution.checkPair(me, "dilation", dilation, 1);
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(me + ": groups " + groups
                    + " must be >= 1 and divide both in_channels and out_channels");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        this.bias = bias;
        registerParameter("weight", Tensor.zeros(outChannels, inChannels / groups, kernelSize[0], kernelSize[1]));
        if (bias) registerParameter("bias", Tensor.zeros(outChannels));
        resetParameters();
    }

    private static int[] sq(int v) { return new int[] {v, v}; }

    /** Re-draws weight and bias from torch's default distribution (global generator). */
    public void resetParameters() {
        Init.kaimingUniform(weight(), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        if (bias) {
            double bound = 1 / Math.sqrt((double) inChannels / groups * kernelSize[0] * kernelSize[1]);
            Init.uniform(bias(), -bound, bound);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 4 && input.dim() != 3) || input.size(-3) != inChannels) {
            throw shapeError("[N, " + inChannels + ", H, W]", input);
        }
        return Functional.conv2d(input, weight(), bias(), stride, padding, dilation, groups);
    }

    public Tensor weight() { return param("weight"); }

    /** The bias, or null when built without one. */
    public Tensor bias() { return param("bias"); }

    public int inChannels() { return inChannels; }

    public int outChannels() { return outChannels; }

    public int[] kernelSize() { return kernelSize.clone(); }

    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    public int[] dilation() { return dilation.clone(); }

    public int groups() { return groups; }

    public boolean hasBias() { return bias; }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(stride));
        if (padding[0] != 0 || padding[1] != 0) sb.append(", padding=").append(tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) sb.append(", dilation=").append(tuple(dilation));
        if (groups != 1) sb.append(", groups=").append(groups);
        if (!bias) sb.append(", bias=False");
        return sb.toString();
    }

    static String tuple(int[] v) { return "(" + v[0] + ", " + v[1] + ")"; }

    /** torch prints a square size given as one int as that int. */
    static String intOrTuple(int[] v) { return v[0] == v[1] ? Integer.toString(v[0]) : tuple(v); }

    @Override
    protected IllegalArgumentException shapeError(String expected, Tensor got) {
        return new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ", kernel_size="
                + tuple(kernelSize) + "): expected input " + expected + ", got " + Arrays.toString(got.shape()));
    }
}
