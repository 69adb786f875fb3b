package org.crema;

import org.crema.autograd.Node;
import org.crema.backend.Gemm;
import org.crema.backend.Parallel;

/**
 * Batched matrix product of tensors of rank >= 2 with broadcast batch dims. Transposed views are
 * passed to the GEMM as transpose flags and broadcast batches as zero strides, so nothing is copied
 * unless a matrix's own layout is neither row- nor column-major.
 */
final class MatMul {
    private MatMul() {}

    /** torch.matmul: 1-D operands gain and lose a dim around the batched product; records the gradient. */
    static Tensor matmul(Tensor a, Tensor o) {
        if (a.dim() == 0 || o.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dim, got shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(o.shape));
        }
        if (a.dim() == 1 && o.dim() == 1) {
            if (a.shape[0] != o.shape[0]) {
                throw new IllegalArgumentException("matmul: 1-D tensors of sizes " + a.shape[0] + " and " + o.shape[0] + " have different lengths");
            }
            return a.unsqueeze(0).matmul(o.unsqueeze(1)).reshape();
        }
        if (a.dim() == 1) return a.unsqueeze(0).matmul(o).squeeze(-2);
        if (o.dim() == 1) return a.matmul(o.unsqueeze(1)).squeeze(-1);
        Tensor out = batched(a, o);
        return Node.record(out, "matmul", new Tensor[] {a, o}, g -> new Tensor[] {
                a.requiresGrad() ? g.matmul(o.mT()).sumTo(a.shape) : null,
                o.requiresGrad() ? a.mT().matmul(g).sumTo(o.shape) : null});
    }

    static Tensor batched(Tensor a, Tensor b) {
        int ra = a.dim(), rb = b.dim();
        int m = a.shape()[ra - 2], k = a.shape()[ra - 1];
        int k2 = b.shape()[rb - 2], n = b.shape()[rb - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()) + " cannot be multiplied (" + m + "x" + k + " and " + k2 + "x" + n + ")");
        }
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.INT64) {
            throw new IllegalArgumentException("matmul: dtype INT64 is not supported; convert with to(DType.FLOAT32)");
        }
        a = a.convertTo(dt);
        b = b.convertTo(dt);
        int[] batchA = java.util.Arrays.copyOf(a.shape(), ra - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shape(), rb - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.empty(dt, outShape);
        if (out.numelInt() == 0) return out;

        Layout la = layout(a), lb = layout(b);
        a = la.t;
        b = lb.t;
        int[] sa = Shapes.broadcastStrides(batchA, java.util.Arrays.copyOf(a.stride(), ra - 2), batch);
        int[] sb = Shapes.broadcastStrides(batchB, java.util.Arrays.copyOf(b.stride(), rb - 2), batch);
        boolean ta = la.trans, tb = lb.trans;
        int lda = la.ld, ldb = lb.ld;
        int batches = Shapes.numel(batch);
        final Tensor fa = a, fb = b;
        final boolean fta = ta, ftb = tb;
        // Large single products parallelise inside the GEMM; many small ones parallelise over batches.
        int grain = batches == 1 || (long) m * n * k > (1 << 18) ? Integer.MAX_VALUE : 1;
        Parallel.forRange(batches, grain, (s, e) -> {
            for (int bi = s; bi < e; bi++) {
                int oa = fa.offset, ob = fb.offset, rem = bi;
                for (int d = batch.length - 1; d >= 0; d--) {
                    int idx = rem % batch[d];
                    rem /= batch[d];
                    oa += idx * sa[d];
                    ob += idx * sb[d];
                }
                int oc = bi * m * n;
                if (dt == DType.FLOAT32) {
                    Gemm.sgemm(fta, ftb, m, n, k, 1f, fa.f, oa, lda, fb.f, ob, ldb, 0f, out.f, oc, n);
                } else {
                    Gemm.dgemm(fta, ftb, m, n, k, 1.0, fa.d, oa, lda, fb.d, ob, ldb, 0.0, out.d, oc, n);
                }
            }
        });
        return out;
    }

    private record Layout(Tensor t, boolean trans, int ld) {}

    /** t itself with its GEMM layout when its last two dims are row- or column-major, else a contiguous copy. */
    private static Layout layout(Tensor t) {
        int r = t.dim();
        int rows = t.shape()[r - 2], cols = t.shape()[r - 1];
        int s0 = t.stride()[r - 2], s1 = t.stride()[r - 1];
        if ((s1 == 1 || cols <= 1) && (rows <= 1 || s0 >= Math.max(cols, 1))) {
            return new Layout(t, false, rows <= 1 ? Math.max(cols, 1) : s0);
        }
        if ((s0 == 1 || rows <= 1) && (cols <= 1 || s1 >= Math.max(rows, 1))) {
            return new Layout(t, true, cols <= 1 ? Math.max(rows, 1) : s1);
        }
        Tensor c = t.contiguousCopy();
        return new Layout(c, false, Math.max(cols, 1));
    }
}
