package org.crema;

import java.util.Arrays;
import org.crema.autograd.GradMode;
import org.crema.autograd.Node;

/**
 * The differentiable reductions behind {@link Tensor}: sums, means, variances and extremes over all
 * elements or some dims (forward from {@link Reductions}' kernels), and {@link #sumTo}, which sums a
 * broadcast gradient back down to an input's shape.
 */
final class ReductionOps {
    private ReductionOps() {}

    static Tensor sum(Tensor a) {
        Tensor out = Creation.full(a.dtype, Reductions.sumAll(a));
        int[] original = a.shape;
        return Node.record(out, "sum", new Tensor[] {a}, g -> new Tensor[] {g.expand(original).contiguous()});
    }

    static Tensor sum(Tensor a, int dim, boolean keepDim) {
        if (a.shape.length == 0) return a.sum();
        int dd = Shapes.dim("sum", dim, a.shape.length);
        Tensor out = Reductions.reduce(Reductions.Kind.SUM, a, dd, keepDim);
        int[] original = a.shape;
        return Node.record(out, "sum", new Tensor[] {a}, g -> new Tensor[] {(keepDim ? g : g.unsqueeze(dd)).expand(original).contiguous()});
    }

    static Tensor sum(Tensor a, int[] dims, boolean keepDim) {
        int[] sorted = Arrays.stream(dims).map(x -> Shapes.dim("sum", x, a.shape.length)).sorted().toArray();
        Tensor r = a;
        for (int i = sorted.length - 1; i >= 0; i--) r = r.sum(sorted[i], keepDim);
        return r;
    }

    static Tensor mean(Tensor a) {
        requireFloat("mean", a);
        return a.sum().div(Math.max(1, a.numelInt()));
    }

    static Tensor mean(Tensor a, int dim, boolean keepDim) {
        requireFloat("mean", a);
        if (a.shape.length == 0) return a.mean();
        int dd = Shapes.dim("mean", dim, a.shape.length);
        return a.sum(dd, keepDim).div(a.shape[dd]);
    }

    static Tensor mean(Tensor a, int[] dims, boolean keepDim) {
        requireFloat("mean", a);
        int count = 1;
        for (int x : dims) count *= a.shape[Shapes.dim("mean", x, a.shape.length)];
        return a.sum(dims, keepDim).div(count);
    }

    private static void requireFloat(String op, Tensor a) {
        if (!a.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a floating-point tensor, got " + a.dtype
                    + "; convert with to(DType.FLOAT32)");
        }
    }

    static Tensor var(Tensor a, boolean unbiased) {
        requireFloat("var", a);
        Tensor c = a.sub(a.mean());
        return c.square().sum().div(Math.max(0, a.numelInt() - (unbiased ? 1 : 0)));
    }

    static Tensor var(Tensor a, int dim, boolean keepDim, boolean unbiased) {
        requireFloat("var", a);
        int dd = Shapes.dim("var", dim, a.shape.length);
        Tensor c = a.sub(a.mean(dd, true));
        return c.square().sum(dd, keepDim).div(Math.max(0, a.shape[dd] - (unbiased ? 1 : 0)));
    }

    /** max or min along dim; the gradient flows to the (first) arg-max or arg-min. */
    static Tensor extreme(Tensor a, int dim, boolean keepDim, boolean max) {
        if (a.shape.length == 0) return a;
        int dd = Shapes.dim(max ? "max" : "min", dim, a.shape.length);
        Tensor out = Reductions.reduce(max ? Reductions.Kind.MAX : Reductions.Kind.MIN, a, dd, keepDim);
        if (!a.requiresGrad() || !GradMode.isEnabled()) return out;
        Tensor idx = Reductions.reduce(max ? Reductions.Kind.ARGMAX : Reductions.Kind.ARGMIN, a, dd, true);
        int[] original = a.shape;
        return Node.record(out, max ? "max" : "min", new Tensor[] {a}, g -> new Tensor[] {
                Indexing.scatterAdd(Tensor.zeros(g.dtype, original), dd, idx, keepDim ? g : g.unsqueeze(dd))});
    }

    static Tensor argmax(Tensor a, int dim, boolean keepDim) {
        if (a.shape.length == 0) return Tensor.zeros(DType.INT64);
        return Reductions.reduce(Reductions.Kind.ARGMAX, a, Shapes.dim("argmax", dim, a.shape.length), keepDim);
    }

    static Tensor argmin(Tensor a, int dim) {
        if (a.shape.length == 0) return Tensor.zeros(DType.INT64);
        return Reductions.reduce(Reductions.Kind.ARGMIN, a, Shapes.dim("argmin", dim, a.shape.length), false);
    }

    static Tensor sumTo(Tensor a, int[] target) {
        int[] shape = a.shape;
        if (Arrays.equals(shape, target)) return a;
        int lead = shape.length - target.length;
        if (lead < 0) throw new IllegalArgumentException("sumTo: cannot reduce shape " + Shapes.str(shape) + " to " + Shapes.str(target));
        Tensor r = a;
        for (int i = 0; i < lead; i++) r = r.sum(0, false);
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 1 && r.shape[i] != 1) r = r.sum(i, true);
        }
        if (!Arrays.equals(r.shape, target)) {
            throw new IllegalArgumentException("sumTo: cannot reduce shape " + Shapes.str(shape) + " to " + Shapes.str(target));
        }
        return r;
    }
}
