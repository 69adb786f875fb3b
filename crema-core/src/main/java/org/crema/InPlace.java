package org.crema;

import org.crema.autograd.GradMode;

/**
 * The in-place ops behind {@link Tensor}'s {@code copy_}, {@code fill_}, {@code add_}, {@code mul_}: they
 * record no graph, so a leaf that requires grad may only be modified with recording off.
 */
final class InPlace {
    private InPlace() {}

    private static void check(String op, Tensor t) {
        if (GradMode.isEnabled() && t.requiresGrad() && t.gradFn() == null) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad cannot be modified in place while "
                    + "gradients are recorded; wrap the update in try (var g = Tensor.noGrad()) { ... }");
        }
    }

    static Tensor copy(Tensor t, Tensor src) {
        check("copy_", t);
        Copies.copyInto(t, src);
        return t;
    }

    static Tensor fill(Tensor t, double v) {
        check("fill_", t);
        if (t.isContiguous() && t.offset == 0 && t.numelInt() == t.storageLength()) {
            t.fillStorage(v);
        } else {
            Copies.copyInto(t, Creation.full(t.dtype, v));
        }
        return t;
    }

    /** t += alpha * other (other broadcast to t's shape). */
    static Tensor add(Tensor t, Tensor other, double alpha) {
        check("add_", t);
        Tensor o = other.convertTo(t.dtype).expand(t.shape).contiguous();
        if (t.isContiguous() && t.dtype == DType.FLOAT32) {
            float a = (float) alpha;
            float[] x = t.f, y = o.f;
            int n = t.numelInt(), xo = t.offset, yo = o.offset;
            for (int i = 0; i < n; i++) x[xo + i] += a * y[yo + i];
        } else {
            Copies.copyInto(t, Elementwise.binary(Elementwise.Bin.ADD, t, Elementwise.scalar(Elementwise.Bin.MUL, o, alpha)));
        }
        return t;
    }

    static Tensor mul(Tensor t, double v) {
        check("mul_", t);
        if (t.isContiguous() && t.dtype == DType.FLOAT32) {
            float a = (float) v;
            float[] x = t.f;
            int n = t.numelInt(), xo = t.offset;
            for (int i = 0; i < n; i++) x[xo + i] *= a;
        } else {
            Copies.copyInto(t, Elementwise.scalar(Elementwise.Bin.MUL, t, v));
        }
        return t;
    }

    static Tensor mul(Tensor t, Tensor other) {
        check("mul_", t);
        Copies.copyInto(t, Elementwise.binary(Elementwise.Bin.MUL, t, other));
        return t;
    }
}
