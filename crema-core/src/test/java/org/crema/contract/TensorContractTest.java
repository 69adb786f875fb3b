package org.crema.contract;

import static org.crema.contract.Expect.shape;
import static org.crema.contract.Expect.values;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * The Tensor names of the foundation issue, called exactly as the issue writes them (so compiling this
 * file checks the public contract), with results against PyTorch 1.13 on small inputs. Expected values
 * are written as the torch expression that produced them, or worked out by hand in the comment.
 */
class TensorContractTest {

    private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); // torch.tensor([[1.,2.,3.],[4.,5.,6.]])

    @Test
    void dtypesAndConversion() {
        assertEquals(DType.FLOAT32, X.dtype());
        Tensor d = Tensor.of(new double[] {1.5, -2}, 2);
        assertEquals(DType.FLOAT64, d.dtype());
        Tensor l = Tensor.of(new long[] {3, 4, 5}, 3);
        assertEquals(DType.INT64, l.dtype());
        assertEquals(DType.INT64, d.to(DType.INT64).dtype());
        assertArrayEquals(new long[] {1, -2}, d.to(DType.INT64).toLongArray()); // torch truncates toward zero
        assertArrayEquals(new double[] {3, 4, 5}, l.to(DType.FLOAT64).toDoubleArray());
    }

    @Test
    void creation() {
        values(Tensor.scalar(2.5), 0, shape(), 2.5);
        assertEquals(0, Tensor.scalar(2.5).dim());
        values(Tensor.zeros(2, 2), 0, shape(2, 2), 0, 0, 0, 0);
        values(Tensor.ones(3), 0, shape(3), 1, 1, 1);
        values(Tensor.full(7.0, 1, 2), 0, shape(1, 2), 7, 7);
        values(Tensor.eye(2), 0, shape(2, 2), 1, 0, 0, 1);
        Tensor a = Tensor.arange(4); // torch.arange(4): int64
        assertEquals(DType.INT64, a.dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3}, a.toLongArray());
        assertArrayEquals(new long[] {2, 4}, Tensor.arange(2, 6, 2).toLongArray());
        values(Tensor.arange(0.0, 1.0, 0.25), 1e-7, shape(4), 0, 0.25, 0.5, 0.75);
        Tensor f = Tensor.arange(3.0);                                          // torch.arange(3.0): float32
        assertEquals(DType.FLOAT32, f.dtype());
        values(f, 0, shape(3), 0, 1, 2);
        values(Tensor.arange(0.5, 3.0), 0, shape(3), 0.5, 1.5, 2.5);            // torch.arange(0.5, 3.0)
        assertEquals(DType.INT64, Tensor.arange(1, 3).dtype(), "int arguments still pick the INT64 form");
        assertEquals(DType.FLOAT32, Tensor.rand(2, 3).dtype());
        assertEquals(DType.FLOAT32, Tensor.randn(2, 3).dtype());
    }

    @Test
    void manualSeedMakesRandomOpsReproducible() {
        Tensor.manualSeed(123);
        float[] r1 = Tensor.rand(5).toFloatArray(), n1 = Tensor.randn(5).toFloatArray();
        Tensor.manualSeed(123);
        assertArrayEquals(r1, Tensor.rand(5).toFloatArray());
        assertArrayEquals(n1, Tensor.randn(5).toFloatArray());
        for (float v : Tensor.rand(1000).toFloatArray()) assertTrue(v >= 0 && v < 1, "rand in [0, 1): " + v);
    }

    @Test
    void inspection() {
        int[] s = X.shape();
        assertArrayEquals(new int[] {2, 3}, s);
        s[0] = 99; // a copy: the tensor's shape cannot be changed through it
        assertArrayEquals(new int[] {2, 3}, X.shape());
        assertEquals(2, X.dim());
        assertEquals(6L, X.numel());
        assertEquals(4.0, Tensor.of(new float[] {4}, 1).item());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, X.toFloatArray());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, X.toDoubleArray());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, X.toLongArray());
        // str(t) in torch for the same tensors
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor([ 1.5000, -2.2500])", Tensor.of(new float[] {1.5f, -2.25f}, 2).toString());
        assertEquals("tensor(2.5000)", Tensor.scalar(2.5).toString());
        // "PyTorch-like", not identical: torch prints tensor([1, 2, 3]) (int64 is its integer default),
        // dtype=torch.float64 and requires_grad=True; Crema names its own dtype and Java's boolean
        assertEquals("tensor([1, 2, 3], dtype=INT64)", Tensor.of(new long[] {1, 2, 3}, 3).toString());
        assertEquals("tensor([1., 2.], dtype=FLOAT64)", Tensor.of(new double[] {1, 2}, 2).toString());
        assertEquals("tensor([1., 2.], requires_grad=true)", Tensor.of(new float[] {1, 2}, 2).requiresGrad(true).toString());
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.contains("..."), "large tensors are abbreviated as torch does");
        assertTrue(big.length() < 2000, "abbreviated: " + big.length() + " chars");
    }

    @Test
    void viewsShareStorage() {
        Tensor base = Tensor.arange(0.0, 24.0, 1.0);
        Tensor[] views = {base.reshape(2, 3, 4), base.view(4, 6), base.view(4, 6).transpose(0, 1), base.view(4, 6).t(),
                base.view(2, 3, 4).permute(2, 0, 1), base.view(1, 24, 1).squeeze(), base.unsqueeze(0), base.narrow(0, 2, 5),
                base.view(4, 6).select(0, 1), base.view(1, 24).expand(3, 24), base.view(2, 12).flatten(), base.contiguous()};
        for (Tensor v : views) assertSame(base.storageFloats(), v.storageFloats(), "a view shares storage: " + v);
        values(base.view(4, 6).t().select(0, 1), 0, shape(4), 1, 7, 13, 19); // torch.arange(24.).view(4,6).t()[1]
        values(base.view(2, 3, 4).permute(2, 0, 1).select(0, 3), 0, shape(2, 3), 3, 7, 11, 15, 19, 23);
        values(base.narrow(0, 2, 3), 0, shape(3), 2, 3, 4);
        assertArrayEquals(new int[] {3, 24}, base.view(1, 24).expand(3, 24).shape());
        assertArrayEquals(new int[] {1, 24}, base.unsqueeze(0).shape());

        Tensor c = base.clone();
        assertNotSame(base.storageFloats(), c.storageFloats(), "clone copies");
        Tensor a = Tensor.of(new float[] {1, 2}, 1, 2), b = Tensor.of(new float[] {3, 4}, 1, 2);
        values(Tensor.cat(List.of(a, b), 0), 0, shape(2, 2), 1, 2, 3, 4);       // torch.cat([a, b], 0)
        values(Tensor.cat(1, a, b), 0, shape(1, 4), 1, 2, 3, 4);                // torch.cat([a, b], 1)
        values(Tensor.stack(List.of(a, b), 0), 0, shape(2, 1, 2), 1, 2, 3, 4);   // torch.stack([a, b], 0)
        values(Tensor.stack(2, a, b), 0, shape(1, 2, 2), 1, 3, 2, 4);           // torch.stack([a, b], 2)
    }

    @Test
    void mathWithBroadcasting() {
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        values(X.add(row), 0, shape(2, 3), 11, 22, 33, 14, 25, 36);
        values(X.sub(row), 0, shape(2, 3), -9, -18, -27, -6, -15, -24);
        values(X.mul(Tensor.of(new float[] {2, 3}, 2, 1)), 0, shape(2, 3), 2, 4, 6, 12, 15, 18);
        values(X.div(row), 1e-7, shape(2, 3), 0.1, 0.1, 0.1, 0.4, 0.25, 0.2);
        values(X.add(1), 0, shape(2, 3), 2, 3, 4, 5, 6, 7);
        values(X.sub(1), 0, shape(2, 3), 0, 1, 2, 3, 4, 5);
        values(X.mul(2), 0, shape(2, 3), 2, 4, 6, 8, 10, 12);
        values(X.div(2), 0, shape(2, 3), 0.5, 1, 1.5, 2, 2.5, 3);
        Tensor v = Tensor.of(new float[] {-2, 0.5f, 4}, 3);
        values(v.neg(), 0, shape(3), 2, -0.5, -4);
        values(v.abs(), 0, shape(3), 2, 0.5, 4);
        values(v.exp(), 1e-5, shape(3), Math.exp(-2), Math.exp(0.5), Math.exp(4));
        values(v.abs().log(), 1e-6, shape(3), Math.log(2), Math.log(0.5), Math.log(4));
        values(v.abs().sqrt(), 1e-6, shape(3), Math.sqrt(2), Math.sqrt(0.5), 2);
        values(v.pow(2), 1e-6, shape(3), 4, 0.25, 16);
        values(v.clamp(-1, 1), 0, shape(3), -1, 0.5, 1);
        Tensor w = Tensor.of(new float[] {0, 1, 3}, 3);
        values(v.maximum(w), 0, shape(3), 0, 1, 4);
        values(v.minimum(w), 0, shape(3), -2, 0.5, 3);
        values(Tensor.where(v.gt(w), v, w), 0, shape(3), 0, 1, 4);              // torch.where(v > w, v, w)
        values(v.gt(w), 0, shape(3), 0, 0, 1);
        values(v.lt(w), 0, shape(3), 1, 1, 0);
        values(v.ge(0.5), 0, shape(3), 0, 1, 1);
        values(v.le(0.5), 0, shape(3), 1, 1, 0);
        values(v.eq(4), 0, shape(3), 0, 0, 1);
        values(v.ne(4), 0, shape(3), 1, 1, 0);
        values(v.relu(), 0, shape(3), 0, 0.5, 4);
        values(v.sigmoid(), 1e-6, shape(3), 1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-4)));
        values(v.tanh(), 1e-6, shape(3), Math.tanh(-2), Math.tanh(0.5), Math.tanh(4));
        // torch.tensor([[1.,2.,3.],[4.,5.,6.]]).softmax(1) and .log_softmax(1)
        values(X.softmax(1), 1e-6, shape(2, 3), 0.09003057, 0.24472848, 0.66524094, 0.09003057, 0.24472848, 0.66524094);
        values(X.logSoftmax(1), 1e-6, shape(2, 3), -2.40760596, -1.40760596, -0.40760596, -2.40760596, -1.40760596, -0.40760596);
        assertThrows(IllegalArgumentException.class, () -> X.add(Tensor.ones(4)), "non-broadcastable shapes");
    }

    @Test
    void reductions() {
        values(X.sum(), 0, shape(), 21);
        values(X.sum(0, false), 0, shape(3), 5, 7, 9);
        values(X.sum(1, true), 0, shape(2, 1), 6, 15);
        values(X.mean(), 1e-6, shape(), 3.5);
        values(X.mean(0, false), 1e-6, shape(3), 2.5, 3.5, 4.5);
        values(X.max(1), 0, shape(2), 3, 6);                                    // torch.max(x, 1).values
        values(X.argmax(1), 0, shape(2), 2, 2);
        assertEquals(DType.INT64, X.argmax(1).dtype());
        values(X.var(), 1e-6, shape(), 3.5);                                    // x.var(): unbiased, as torch
        values(X.std(), 1e-6, shape(), 1.87082869);                             // sqrt(3.5)
        values(X.var(1, false), 1e-6, shape(2), 1, 1);                          // x.var(1)
        values(X.var(0, false, false), 1e-6, shape(3), 2.25, 2.25, 2.25);       // x.var(0, unbiased=False)
        values(X.std(1, true), 1e-6, shape(2, 1), 1, 1);
    }

    @Test
    void matmulFollowsTorchMatmul() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        values(m.matmul(Tensor.of(new float[] {1, 1}, 2)), 0, shape(2), 3, 7);              // matrix @ vector
        values(Tensor.of(new float[] {1, 2}, 2).matmul(Tensor.of(new float[] {3, 4}, 2)), 0, shape(), 11); // dot
        values(Tensor.of(new float[] {1, 1}, 2).matmul(m), 0, shape(2), 4, 6);              // vector @ matrix
        // torch.matmul(torch.arange(24.).reshape(2,3,4), torch.arange(8.).reshape(4,2))
        Tensor batched = Tensor.arange(0.0, 24.0, 1.0).reshape(2, 3, 4).matmul(Tensor.arange(0.0, 8.0, 1.0).reshape(4, 2));
        values(batched, 1e-4, shape(2, 3, 2), 28, 34, 76, 98, 124, 162, 172, 226, 220, 290, 268, 354);
        // batched @ batched with broadcast of the batch dims: [2,1,2,2] @ [3,2,2] -> [2,3,2,2]
        assertArrayEquals(new int[] {2, 3, 2, 2}, Tensor.ones(2, 1, 2, 2).matmul(Tensor.ones(3, 2, 2)).shape());
        assertThrows(IllegalArgumentException.class, () -> m.matmul(Tensor.ones(3, 2)));
    }

    @Test
    void gatherAndIndexSelect() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        // torch.tensor([[1.,2.],[3.,4.]]).gather(1, torch.tensor([[0,0],[1,0]]))
        values(t.gather(1, Tensor.of(new long[] {0, 0, 1, 0}, 2, 2)), 0, shape(2, 2), 1, 1, 4, 3);
        values(t.indexSelect(0, Tensor.of(new long[] {1, 1, 0}, 3)), 0, shape(3, 2), 3, 4, 3, 4, 1, 2);
    }

    @Test
    void autogradContract() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3);
        assertFalse(w.requiresGrad());
        assertSame(w, w.requiresGrad(true), "requiresGrad(boolean) returns this");
        assertTrue(w.requiresGrad());
        assertNull(w.grad());
        w.mul(w).sum().backward();                                  // d/dw sum(w^2) = 2w
        values(w.grad(), 1e-6, shape(3), 2, 4, 6);
        w.mul(w).sum().backward();                                  // gradients accumulate across calls
        values(w.grad(), 1e-6, shape(3), 4, 8, 12);

        Tensor u = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        u.mul(3).backward(Tensor.of(new float[] {1, 10}, 2));       // vector-Jacobian product
        values(u.grad(), 1e-6, shape(2), 3, 30);
        assertThrows(RuntimeException.class, () -> u.mul(3).backward(), "backward() needs a scalar");

        Tensor d = u.mul(2).detach();
        assertFalse(d.requiresGrad());
        try (var scope = Tensor.noGrad()) {                          // no checked exception to catch
            assertFalse(u.mul(2).requiresGrad(), "nothing recorded under noGrad");
        }
        assertTrue(u.mul(2).requiresGrad(), "recording resumes after the scope");
    }

    @Test
    void gradCheckIsTheCentralDifferenceOracle() {
        Tensor.manualSeed(5);
        GradCheck.check(x -> x[0].matmul(x[1]).tanh().sum(), Tensor.randn(2, 3).requiresGrad(true), Tensor.randn(3, 2).requiresGrad(true));
        GradCheck.Result r = GradCheck.run(x -> x[0].mul(x[0]).sum(), 1e-6, 1e-5, 1e-3, Tensor.randn(4).requiresGrad(true));
        assertTrue(r.passed(), r.toString());
    }
}
