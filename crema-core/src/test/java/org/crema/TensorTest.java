package org.crema;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void creationAndInspection() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(2, t.dim());
        assertEquals(6, t.numel());
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals(6.0, t.get(1, 2));
        assertEquals(DType.FLOAT64, Tensor.of(new double[] {1}, 1).dtype());
        assertEquals(DType.INT64, Tensor.of(new long[] {1, 2}).dtype());
        assertEquals(3.5, Tensor.scalar(3.5).item());
        assertEquals(0, Tensor.scalar(1).dim());
        assertArrayEquals(new float[] {0, 0}, Tensor.zeros(2).toFloatArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 2).toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2}, Tensor.arange(3).toLongArray());
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f}, Tensor.arange(0.0, 2.0, 0.5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Tensor.eye(2).toFloatArray());
        assertArrayEquals(new double[] {1, 2}, Tensor.of(new long[] {1, 2}).to(DType.FLOAT64).toDoubleArray());
    }

    @Test
    void ofCopiesAndWrapShares() {
        float[] data = {1, 2};
        Tensor copy = Tensor.of(data), shared = Tensor.wrap(data);
        data[0] = 9;
        assertEquals(1, copy.get(0));
        assertEquals(9, shared.get(0));
    }

    @Test
    void manualSeedMakesRandomReproducible() {
        Tensor.manualSeed(123);
        float[] a = Tensor.randn(10).toFloatArray();
        float[] u = Tensor.rand(10).toFloatArray();
        Tensor.manualSeed(123);
        assertArrayEquals(a, Tensor.randn(10).toFloatArray());
        assertArrayEquals(u, Tensor.rand(10).toFloatArray());
        for (float v : u) assertTrue(v >= 0 && v < 1);
    }

    @Test
    void viewsShareStorage() {
        Tensor t = Tensor.arange(0.0, 12.0, 1.0).reshape(3, 4);
        Tensor tr = t.t();
        assertFalse(tr.isContiguous());
        assertEquals(t.get(1, 2), tr.get(2, 1));
        Tensor row = t.select(0, 1);
        row.set(100, 0);
        assertEquals(100, t.get(1, 0));
        Tensor nar = t.narrow(1, 1, 2);
        assertArrayEquals(new int[] {3, 2}, nar.shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, nar.toFloatArray());
        assertArrayEquals(new float[] {0, 100, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, tr.contiguous().toFloatArray());
        Tensor p = Tensor.arange(0.0, 24.0, 1.0).reshape(2, 3, 4).permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(13.0, p.get(1, 1, 0));
        assertArrayEquals(new int[] {3, 1, 4}, t.unsqueeze(1).shape());
        assertArrayEquals(new int[] {3, 4}, t.unsqueeze(0).squeeze().shape());
        assertArrayEquals(new int[] {2, 3, 4}, Tensor.ones(3, 1).expand(2, 3, 4).shape());
        assertArrayEquals(new int[] {12}, t.flatten().shape());
        assertArrayEquals(new int[] {4, 3}, t.reshape(-1, 3).shape());
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(Tensor.of(new float[] {10, 20, 30})).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4}, a.sub(Tensor.of(new float[] {1, 2}, 2, 1)).toFloatArray());
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, a.mul(2).toFloatArray());
        assertArrayEquals(new int[] {2, 2, 3}, a.add(Tensor.ones(2, 1, 1)).shape());
        assertEquals(DType.FLOAT64, a.add(Tensor.of(new double[] {1}, 1)).dtype());
        assertEquals(DType.FLOAT32, Tensor.of(new long[] {1, 2}).div(2).dtype());
        assertArrayEquals(new long[] {0, 1}, Tensor.of(new long[] {1, 2}).gt(1).toLongArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, a.gt(3).toFloatArray());
        assertArrayEquals(new float[] {2, 2, 3, 4, 4, 4}, a.clamp(2, 4).toFloatArray());
        Tensor w = Tensor.where(a.gt(3), a, Tensor.zeros(1));
        assertArrayEquals(new float[] {0, 0, 0, 4, 5, 6}, w.toFloatArray());
    }

    @Test
    void reductions() {
        Tensor a = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertEquals(21, a.sum().item(), 1e-6);
        assertArrayEquals(new float[] {5, 7, 9}, a.sum(0, false).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, a.sum(1, true).shape());
        assertEquals(3.5, a.mean().item(), 1e-6);
        assertArrayEquals(new float[] {5, 6}, a.max(1).toFloatArray());
        assertArrayEquals(new long[] {1, 2}, a.argmax(1).toLongArray());
        assertArrayEquals(new long[] {0, 1, 0}, a.argmin(0).toLongArray());
        assertEquals(5, a.argmax().item());
        assertEquals(3.5, a.var().item(), 1e-6); // unbiased: sum((x-3.5)^2)=17.5, /5
        assertEquals(Math.sqrt(17.5 / 6), a.std(false).item(), 1e-6);
        float[] sm = a.softmax(1).sum(1, false).toFloatArray();
        assertEquals(1, sm[0], 1e-6);
        assertEquals(1, sm[1], 1e-6);
        // extreme logits stay finite
        Tensor big = Tensor.of(new float[] {1e4f, 0, -1e4f});
        for (float v : big.logSoftmax(0).toFloatArray()) assertFalse(Float.isNaN(v));
    }

    @Test
    void matmulShapes() {
        Tensor a = Tensor.randn(2, 3, 4), b = Tensor.randn(4, 5);
        assertArrayEquals(new int[] {2, 3, 5}, a.matmul(b).shape());
        assertArrayEquals(new int[] {2, 3}, a.matmul(Tensor.randn(4)).shape());
        assertArrayEquals(new int[] {5}, Tensor.randn(4).matmul(b).shape());
        assertEquals(0, Tensor.randn(4).matmul(Tensor.randn(4)).dim());
        assertArrayEquals(new int[] {3, 2, 3, 5}, a.matmul(Tensor.randn(3, 1, 4, 5)).shape());
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new float[] {7, 10, 15, 22}, m.matmul(m).toFloatArray());
        assertArrayEquals(new float[] {10, 14, 14, 20}, m.t().matmul(m).toFloatArray());
    }

    @Test
    void catStackGather() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new float[] {5, 6}, 1, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensor.cat(0, a, b).toFloatArray());
        assertArrayEquals(new int[] {2, 2, 2}, Tensor.stack(0, a, a).shape());
        assertArrayEquals(new float[] {2, 3}, a.gather(1, Tensor.of(new long[] {1, 0}, 2, 1)).toFloatArray());
        assertArrayEquals(new float[] {3, 4, 1, 2}, a.indexSelect(0, Tensor.of(new long[] {1, 0})).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1, 0}, Tensor.of(new long[] {1, 0}).oneHot(2).toFloatArray());
    }

    @Test
    void inPlaceOpsAndLeafGuard() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.add_(Tensor.ones(3)));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        try (var g = Tensor.noGrad()) {
            w.add_(Tensor.ones(3), -0.5).mul_(4);
        }
        assertArrayEquals(new float[] {2, 2, 2}, w.toFloatArray());
        Tensor z = Tensor.ones(2, 3).t();
        z.zero_();
        assertEquals(0, z.sum().item());
    }

    @Test
    void toStringLooksLikePyTorch() {
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor([0.5000, 1.2500])", Tensor.of(new float[] {0.5f, 1.25f}).toString());
        assertEquals("tensor(3.)", Tensor.scalar(3).toString());
        assertEquals("tensor([1, 2], dtype=INT64)", Tensor.of(new long[] {1, 2}).toString());
        assertTrue(Tensor.ones(2).requiresGrad(true).toString().endsWith("requires_grad=true)"));
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.contains("..."), big);
        assertTrue(big.length() < 2000);
    }
}
