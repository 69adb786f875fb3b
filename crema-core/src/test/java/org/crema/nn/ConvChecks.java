package org.crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.crema.DType;
import org.crema.Tensor;

/** What the direct-convolution kernel tests share: a case's geometry, the tolerance check, conv2d's gradients. */
final class ConvChecks {
    private ConvChecks() {}

    /** A stride-1, one-group, undilated geometry from a case {n, c, h, w, oc, kh, kw, ph, pw}. */
    static ConvGeometry geometry(int[] c) {
        return new ConvGeometry(c[0], c[1], c[2], c[3], c[4], 1, c[5], c[6], 1, 1, c[7], c[8], 1, 1,
                c[2] + 2 * c[7] - c[5] + 1, c[3] + 2 * c[8] - c[6] + 1);
    }

    /** Every element within 1e-5 of the reference's largest magnitude (at least 1). */
    static void close(double[] ref, double[] got, String what) {
        assertEquals(ref.length, got.length, what);
        double scale = 1;
        for (double v : ref) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < ref.length; i++) {
            if (Math.abs(ref[i] - got[i]) > 1e-5 * scale) {
                fail(what + " at " + i + ": " + got[i] + " vs reference " + ref[i] + " (scale " + scale + ")");
            }
        }
    }

    /** {input gradient, weight gradient, bias gradient} of conv2d's backward in dt, with the direct kernels on or off. */
    static double[][] grads(Tensor x0, Tensor w0, Tensor b0, Tensor gy, int[] pad, DType dt, boolean direct) {
        return grads(x0, w0, b0, gy, pad, dt, direct, true);
    }

    /** As {@link #grads(Tensor, Tensor, Tensor, Tensor, int[], DType, boolean)}; the input gradient is null unless asked for. */
    static double[][] grads(Tensor x0, Tensor w0, Tensor b0, Tensor gy, int[] pad, DType dt, boolean direct,
                            boolean inputGrad) {
        Convolution.direct = direct;
        Tensor x = x0.detach().to(dt).requiresGrad(inputGrad), w = w0.detach().to(dt).requiresGrad(true);
        Tensor b = b0.detach().to(dt).requiresGrad(true);
        Functional.conv2d(x, w, b, new int[] {1, 1}, pad, new int[] {1, 1}, 1).backward(gy.to(dt));
        return new double[][] {inputGrad ? x.grad().toDoubleArray() : null, w.grad().toDoubleArray(),
                b.grad().toDoubleArray()};
    }
}
