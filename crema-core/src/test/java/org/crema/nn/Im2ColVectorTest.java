package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.crema.Tensor;
import org.crema.backend.VectorSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Vector API im2col/col2im against the scalar ones: the same bits, on odd geometries. */
class Im2ColVectorTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.restoreOnly();

    /** c, h, w, kh, kw, sh, ph, pw, dh, dw (sw = 1) */
    private static final int[][] CASES = {
            {32, 14, 14, 3, 3, 1, 1, 1, 1, 1}, {6, 14, 14, 5, 5, 1, 0, 0, 1, 1}, {3, 32, 32, 5, 5, 1, 0, 0, 1, 1},
            {2, 9, 37, 3, 4, 2, 1, 2, 1, 1}, {3, 11, 20, 3, 3, 1, 2, 2, 2, 2}, {1, 5, 5, 5, 5, 1, 2, 2, 1, 1},
            {4, 7, 16, 2, 3, 3, 0, 1, 1, 3}, {2, 6, 33, 1, 1, 1, 0, 0, 1, 1}, {1, 3, 3, 3, 3, 1, 1, 1, 1, 1}};

    @Test
    void sameBitsAsTheScalarForms() {
        assumeTrue(VectorSupport.enabled(), "the Vector API is off");
        Random r = new Random(9);
        for (int[] c : CASES) {
            int ch = c[0], h = c[1], w = c[2], kh = c[3], kw = c[4], sh = c[5], ph = c[6], pw = c[7], dh = c[8], dw = c[9];
            int oh = ConvGeometry.outSize(h, kh, sh, ph, dh), ow = ConvGeometry.outSize(w, kw, 1, pw, dw);
            ConvGeometry g = new ConvGeometry(2, ch, h, w, 4, 1, kh, kw, sh, 1, ph, pw, dh, dw, oh, ow);
            int k = g.kdim(), p = g.p(), images = 3, ld = images * p, off = 5;
            float[] src = new float[off + ch * h * w];
            for (int i = 0; i < src.length; i++) src[i] = (float) r.nextGaussian();
            float[] want = new float[k * ld + 7], got = new float[k * ld + 7];
            Arrays.fill(want, 42f);
            Arrays.fill(got, 42f);
            Im2Col.im2col(src, off, g, want, p, ld);   // image 1 of 3: the other columns stay untouched
            Im2ColVector.im2col(src, off, g, got, p, ld);
            String what = Arrays.toString(c);
            assertArrayEquals(want, got, "im2col " + what);

            float[] col = new float[k * ld];
            for (int i = 0; i < col.length; i++) col[i] = (float) r.nextGaussian();
            float[] dWant = new float[3 + ch * h * w], dGot = new float[3 + ch * h * w];
            Im2Col.col2im(col, p, ld, g, dWant, 3);
            Im2ColVector.col2im(col, p, ld, g, dGot, 3);
            assertArrayEquals(dWant, dGot, "col2im " + what);
        }
    }

    @Test
    void convolutionGradientsUnchanged() {
        Tensor.manualSeed(4);
        Tensor x = Tensor.randn(5, 6, 14, 13), w = Tensor.randn(7, 6, 3, 3), b = Tensor.randn(7), gy = Tensor.randn(5, 7, 14, 13);
        float[][] out = new float[2][];
        float[][] grads = new float[2][];
        for (int v = 0; v < 2; v++) {
            Im2Col.vector = v == 1 && VectorSupport.enabled();
            Tensor xl = x.detach().requiresGrad(true), wl = w.detach().requiresGrad(true);
            Tensor y = Functional.conv2d(xl, wl, b, 1, 1);
            y.backward(gy);
            out[v] = y.toFloatArray();
            float[] gx = xl.grad().toFloatArray(), gw = wl.grad().toFloatArray();
            grads[v] = Arrays.copyOf(gx, gx.length + gw.length);
            System.arraycopy(gw, 0, grads[v], gx.length, gw.length);
        }
        assertArrayEquals(out[0], out[1]);
        assertArrayEquals(grads[0], grads[1]);
    }
}
