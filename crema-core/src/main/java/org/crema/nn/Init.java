package org.crema.nn;

import java.util.Arrays;
import java.util.Locale;
import org.crema.DType;
import org.crema.Generator;
import org.crema.Tensor;

/**
 * In-place initialisers, as torch.nn.init. Each fills a floating-point tensor (usually a parameter)
 * without recording a graph and returns it. Random ones draw from {@link Generator#global()}, so
 * {@code Tensor.manualSeed} makes a model's initial weights reproducible.
 *
 * <pre>{@code
 * Init.kaimingNormal(conv.weight(), 0, Init.FanMode.FAN_OUT, "relu");
 * Init.zeros(conv.bias());
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Which fan the kaiming initialisers preserve: the forward pass's variance or the backward's. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /**
     * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear, conv and
     * sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu (slope 0.01 by
     * default), 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, Double.NaN); }

    /** With the nonlinearity's parameter (the negative slope for leaky_relu; NaN means its default). */
    public static double calculateGain(String nonlinearity, double param) {
        String n = nonlinearity == null ? "" : nonlinearity.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "linear", "identity", "sigmoid", "conv1d", "conv2d", "conv3d",
                 "conv_transpose1d", "conv_transpose2d", "conv_transpose3d" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("calculateGain: unsupported nonlinearity '" + nonlinearity
                    + "'; expected one of linear, identity, sigmoid, conv1d/2d/3d, conv_transpose1d/2d/3d, tanh, relu, leaky_relu, selu");
        };
    }

    // ------------------------------------------------------------------ fixed values

    public static Tensor zeros(Tensor t) { return constant(t, 0); }

    public static Tensor ones(Tensor t) { return constant(t, 1); }

    public static Tensor constant(Tensor t, double value) {
        checkFloat("constant", t);
        double[] v = new double[(int) t.numel()];
        Arrays.fill(v, value);
        return write(t, v);
    }

    // ------------------------------------------------------------------ distributions

    /** Uniform samples in [a, b). */
    public static Tensor uniform(Tensor t, double a, double b) {
        checkFloat("uniform", t);
        if (!(a <= b)) throw new IllegalArgumentException("uniform: lower bound " + a + " exceeds upper bound " + b);
        Generator g = Generator.global();
        double[] v = new double[(int) t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = a + (b - a) * g.nextDouble();
        return write(t, v);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor uniform(Tensor t) { return uniform(t, 0, 1); }

    /** Normal samples with the given mean and standard deviation. */
    public static Tensor normal(Tensor t, double mean, double std) {
        checkFloat("normal", t);
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
        Generator g = Generator.global();
        double[] v = new double[(int) t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = mean + std * g.nextGaussian();
        return write(t, v);
    }

    /** Standard normal samples. */
    public static Tensor normal(Tensor t) { return normal(t, 0, 1); }

    // ------------------------------------------------------------------ fan-scaled

    /** Glorot uniform: U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t) { return xavierUniform(t, 1.0); }

    public static Tensor xavierUniform(Tensor t, double gain) {
        int[] fans = fans("xavierUniform", t);
        double std = gain * Math.sqrt(2.0 / Math.max(1, fans[0] + fans[1]));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound);
    }

    /** Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t) { return xavierNormal(t, 1.0); }

    public static Tensor xavierNormal(Tensor t, double gain) {
        int[] fans = fans("xavierNormal", t);
        return normal(t, 0, gain * Math.sqrt(2.0 / Math.max(1, fans[0] + fans[1])));
    }

    /** He uniform with torch's defaults (a = 0, fan_in, leaky_relu): U(-b, b), b = sqrt(2) * sqrt(3 / fan_in). */
    public static Tensor kaimingUniform(Tensor t) { return kaimingUniform(t, 0, FanMode.FAN_IN, "leaky_relu"); }

    /**
     * He uniform: U(-b, b) with b = gain * sqrt(3 / fan), gain = calculateGain(nonlinearity, a) and fan
     * chosen by mode. {@code a} is the negative slope of the rectifier that follows (leaky_relu only).
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, String nonlinearity) {
        double std = kaimingStd("kaimingUniform", t, a, mode, nonlinearity);
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound);
    }

    /** He normal with torch's defaults (a = 0, fan_in, leaky_relu). */
    public static Tensor kaimingNormal(Tensor t) { return kaimingNormal(t, 0, FanMode.FAN_IN, "leaky_relu"); }

    /** He normal: N(0, std^2) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, String nonlinearity) {
        return normal(t, 0, kaimingStd("kaimingNormal", t, a, mode, nonlinearity));
    }

    private static double kaimingStd(String op, Tensor t, double a, FanMode mode, String nonlinearity) {
        if (mode == null) throw new IllegalArgumentException(op + ": mode must be FAN_IN or FAN_OUT, got null");
        int[] fans = fans(op, t);
        int fan = mode == FanMode.FAN_IN ? fans[0] : fans[1];
        if (fan == 0) return 0; // torch warns and leaves a zero-element tensor alone
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * {fan_in, fan_out} of a weight as torch computes them: dim 1 and dim 0 times the product of the
     * remaining (receptive-field) dims.
     */
    public static int[] fans(Tensor t) { return fans("fans", t); }

    private static int[] fans(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out need a tensor of at least 2 dims, got shape "
                    + Arrays.toString(t.shape()));
        }
        int receptive = 1;
        for (int i = 2; i < t.dim(); i++) receptive *= t.size(i);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    // ------------------------------------------------------------------ writing

    private static void checkFloat(String op, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": tensor is null");
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expects a floating-point tensor, got " + t.dtype());
        }
    }

    /** Stores v (row-major order) into t without a graph; a parameter stays a leaf. */
    static Tensor write(Tensor t, double[] v) {
        if (t.isContiguous()) {
            int off = t.storageOffset();
            if (t.dtype() == DType.FLOAT32) {
                float[] f = t.storageFloats();
                for (int i = 0; i < v.length; i++) f[off + i] = (float) v[i];
            } else {
                System.arraycopy(v, 0, t.storageDoubles(), off, v.length);
            }
            return t;
        }
        try (var g = Tensor.noGrad()) {
            t.copy_(Tensor.wrap(v, t.shape()));
        }
        return t;
    }
}
