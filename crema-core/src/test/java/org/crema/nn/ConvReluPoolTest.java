package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequential's fused Conv2d + ReLU + MaxPool2d against the three ops run one by one: the same output and the
 * same weight and bias gradients, bit for bit, on the benchmark networks' first layers and odd shapes
 * (odd convolution outputs, a partial block of output channels, no bias); under no-grad; the deep layers
 * with small outputs (WideConv forward, im2col backward) with and without an input gradient; and where it
 * must not fuse (a direct layer whose input needs a gradient) the same results through the separate ops.
 */
class ConvReluPoolTest {

    @AfterEach
    void restore() { ConvReluPool.enabled = true; }

    /** n, c, h, w, oc, k, pad, bias */
    private static final int[][] CASES = {{64, 1, 28, 28, 32, 3, 1, 1}, {5, 1, 28, 28, 32, 3, 1, 1}, {7, 3, 32, 32, 6, 5, 0, 1},
            {3, 2, 21, 19, 5, 3, 1, 0}, {4, 3, 22, 23, 7, 4, 0, 1}};

    @Test
    void sameBitsAsTheSeparateOps() {
        Tensor.manualSeed(21);
        for (int[] c : CASES) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]);
            Tensor.manualSeed(c[4]);
            Sequential a = net(c);
            Tensor.manualSeed(c[4]);
            Sequential b = net(c);
            ConvReluPool.enabled = false;
            Tensor ya = a.forward(x);
            ConvReluPool.enabled = true;
            Tensor yb = b.forward(x);
            assertArrayEquals(ya.shape(), yb.shape());
            assertArrayEquals(ya.toFloatArray(), yb.toFloatArray(), 0f, java.util.Arrays.toString(c));
            assertNotNull(yb.gradFn());
            if (Convolution.direct && Pooling.vector) {   // the scalar backend has no direct kernels: nothing fuses
                assertEquals("conv2d_relu_max_pool2d", yb.gradFn().name(), "fused for " + java.util.Arrays.toString(c));
            }
            Tensor gy = Tensor.randn(ya.shape());
            ya.backward(gy);
            yb.backward(gy);
            Conv2d ca = (Conv2d) a.get(0), cb = (Conv2d) b.get(0);
            assertArrayEquals(ca.weight().grad().toFloatArray(), cb.weight().grad().toFloatArray(), 0f, java.util.Arrays.toString(c));
            if (c[7] == 1) assertArrayEquals(ca.bias().grad().toFloatArray(), cb.bias().grad().toFloatArray(), 0f);
            try (var ng = Tensor.noGrad()) {
                ConvReluPool.enabled = false;
                float[] want = a.forward(x).toFloatArray();
                ConvReluPool.enabled = true;
                assertArrayEquals(want, b.forward(x).toFloatArray(), 0f);
            }
        }
    }

    /** n, c, h, w, oc, k, pad, bias: layers WideConv computes, whose backward is the im2col one. */
    private static final int[][] WIDE = {{64, 32, 14, 14, 64, 3, 1, 1}, {5, 32, 14, 14, 64, 3, 1, 1}, {7, 6, 14, 14, 16, 5, 0, 1},
            {3, 12, 11, 13, 9, 3, 1, 0}};

    @Test
    void wideLayersSameBitsAsTheSeparateOpsWithInputGradient() {
        Tensor.manualSeed(23);
        for (int[] c : WIDE) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]);
            Tensor.manualSeed(c[4]);
            Sequential a = net(c);
            Tensor.manualSeed(c[4]);
            Sequential b = net(c);
            for (boolean inputGrad : new boolean[] {true, false}) {
                ConvReluPool.enabled = false;
                Tensor xa = x.detach().requiresGrad(inputGrad), ya = a.forward(xa);
                ConvReluPool.enabled = true;
                Tensor xb = x.detach().requiresGrad(inputGrad), yb = b.forward(xb);
                String what = java.util.Arrays.toString(c) + " input grad " + inputGrad;
                assertArrayEquals(ya.toFloatArray(), yb.toFloatArray(), 0f, what);
                if (Convolution.direct && Pooling.vector) assertEquals("conv2d_relu_max_pool2d", yb.gradFn().name(), what);
                Tensor gy = Tensor.randn(ya.shape());
                ya.backward(gy);
                yb.backward(gy);
                if (inputGrad) assertArrayEquals(xa.grad().toFloatArray(), xb.grad().toFloatArray(), 0f, what);
                Conv2d ca = (Conv2d) a.get(0), cb = (Conv2d) b.get(0);
                assertArrayEquals(ca.weight().grad().toFloatArray(), cb.weight().grad().toFloatArray(), 0f, what);
                if (c[7] == 1) assertArrayEquals(ca.bias().grad().toFloatArray(), cb.bias().grad().toFloatArray(), 0f, what);
                for (Conv2d m : new Conv2d[] {ca, cb}) {
                    m.weight().setGrad(null);
                    if (c[7] == 1) m.bias().setGrad(null);
                }
            }
        }
    }

    @Test
    void inputGradientRunsTheSeparateOps() {
        Tensor.manualSeed(22);
        int[] c = {3, 2, 12, 16, 4, 3, 1, 1};
        Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]);
        Sequential a = net(c);
        ConvReluPool.enabled = false;
        Tensor xa = x.detach().requiresGrad(true);
        Tensor ya = a.forward(xa);
        ya.sum().backward();
        float[] gxWant = xa.grad().toFloatArray(), gwWant = ((Conv2d) a.get(0)).weight().grad().toFloatArray();
        ((Conv2d) a.get(0)).weight().setGrad(null);
        ((Conv2d) a.get(0)).bias().setGrad(null);
        ConvReluPool.enabled = true;
        Tensor xb = x.detach().requiresGrad(true);
        Tensor yb = a.forward(xb);
        assertNotEquals("conv2d_relu_max_pool2d", yb.gradFn().name());
        yb.sum().backward();
        assertArrayEquals(gxWant, xb.grad().toFloatArray(), 0f);
        assertArrayEquals(gwWant, ((Conv2d) a.get(0)).weight().grad().toFloatArray(), 0f);
    }

    private static Sequential net(int[] c) {
        return new Sequential(new Conv2d(c[1], c[4], c[5], 1, c[6], 1, 1, c[7] == 1), new ReLU(), new MaxPool2d(2));
    }
}
