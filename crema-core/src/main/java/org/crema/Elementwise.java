package org.crema;

import org.crema.backend.Backend;
import org.crema.backend.BinaryOp;
import org.crema.backend.Parallel;
import org.crema.backend.UnaryOp;

/**
 * Elementwise ops with broadcasting. Each produces a new contiguous tensor: this class walks shapes and
 * strides and splits the work over the pool; the loops themselves are the current {@link Backend}'s.
 */
final class Elementwise {
    private Elementwise() {}

    /** Above this many elements a kernel splits its outer loop over the shared pool. */
    static final int PARALLEL_THRESHOLD = 1 << 15;

    enum Bin {
        ADD("add"), SUB("sub"), MUL("mul"), DIV("div"), MAX("maximum"), MIN("minimum"), POW("pow"),
        GT("gt"), LT("lt"), GE("ge"), LE("le"), EQ("eq"), NE("ne");
        final String op;
        final BinaryOp kernel = BinaryOp.valueOf(name());
        Bin(String op) { this.op = op; }
        boolean comparison() { return ordinal() >= GT.ordinal(); }
    }

    enum Un {
        NEG, ABS, EXP, LOG, SQRT, RELU, SIGMOID, TANH, SIGN, SQUARE, RECIPROCAL, SIN, COS, LOG1P, STEP;
        final UnaryOp kernel = UnaryOp.valueOf(name());
    }

    // ------------------------------------------------------------------ binary

    static Tensor binary(Bin op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(op.op, a.shape(), b.shape());
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.INT64 && (op == Bin.DIV || op == Bin.POW)) dt = DType.FLOAT32;
        a = a.dtype() == dt ? a : a.convert(dt);
        b = b.dtype() == dt ? b : b.convert(dt);
        Tensor out = Tensor.empty(dt, shape);
        int n = out.numelInt();
        if (n == 0) return out;
        if (a.isContiguous() && b.isContiguous() && java.util.Arrays.equals(a.shape(), b.shape())) {
            final Tensor fa = a, fb = b;
            Parallel.forRange(n, grain(n), (s, e) ->
                    inner(op, fa, fa.offset + s, 1, fb, fb.offset + s, 1, out, s, e - s));
            return out;
        }
        int[] sa = Shapes.broadcastStrides(a.shape(), a.stride(), shape);
        int[] sb = Shapes.broadcastStrides(b.shape(), b.stride(), shape);
        int rank = shape.length;
        int innerLen = rank == 0 ? 1 : shape[rank - 1];
        int ia = rank == 0 ? 0 : sa[rank - 1], ib = rank == 0 ? 0 : sb[rank - 1];
        int rows = n / Math.max(innerLen, 1);
        final Tensor fa = a, fb = b;
        Parallel.forRange(rows, Math.max(1, grain(n) / Math.max(innerLen, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int oa = fa.offset, ob = fb.offset, rem = r;
                for (int d = rank - 2; d >= 0; d--) {
                    int idx = rem % shape[d];
                    rem /= shape[d];
                    oa += idx * sa[d];
                    ob += idx * sb[d];
                }
                inner(op, fa, oa, ia, fb, ob, ib, out, r * innerLen, innerLen);
            }
        });
        return out;
    }

    private static int grain(int n) { return n < PARALLEL_THRESHOLD ? Integer.MAX_VALUE : 1 << 14; }

    private static void inner(Bin op, Tensor a, int ao, int as, Tensor b, int bo, int bs, Tensor c, int co, int n) {
        Backend k = Backend.current();
        switch (c.dtype()) {
            case FLOAT32 -> k.binary(op.kernel, a.f, ao, as, b.f, bo, bs, c.f, co, n);
            case FLOAT64 -> k.binary(op.kernel, a.d, ao, as, b.d, bo, bs, c.d, co, n);
            case INT64 -> k.binary(op.kernel, a.l, ao, as, b.l, bo, bs, c.l, co, n);
        }
    }

    // ------------------------------------------------------------------ binary with a scalar

    static Tensor scalar(Bin op, Tensor a, double v) {
        DType dt = a.dtype();
        if (dt == DType.INT64 && (op == Bin.DIV || op == Bin.POW || v != Math.rint(v)) && !op.comparison()) {
            dt = DType.FLOAT32;
        }
        Tensor src = (a.dtype() == dt ? a : a.convert(dt)).contiguous();
        Tensor out = Tensor.empty(dt, a.shape());
        int n = out.numelInt();
        if (n == 0) return out;
        final DType fdt = dt;
        Parallel.forRange(n, grain(n), (s, e) -> {
            int so = src.offset;
            switch (fdt) {
                case FLOAT32 -> Backend.current().binary(op.kernel, src.f, so + s, 1, new float[] {(float) v}, 0, 0, out.f, s, e - s);
                case FLOAT64 -> Backend.current().binary(op.kernel, src.d, so + s, 1, new double[] {v}, 0, 0, out.d, s, e - s);
                case INT64 -> {
                    long[] x = src.l, y = out.l;
                    long lv = (long) v;
                    for (int i = s; i < e; i++) {
                        y[i] = op.comparison() ? (compare(op, x[so + i], v) ? 1 : 0)
                                : switch (op) {
                                    case ADD -> x[so + i] + lv;
                                    case SUB -> x[so + i] - lv;
                                    case MUL -> x[so + i] * lv;
                                    case MAX -> Math.max(x[so + i], lv);
                                    case MIN -> Math.min(x[so + i], lv);
                                    default -> throw new IllegalStateException(op.op);
                                };
                    }
                }
            }
        });
        return out;
    }

    /** An INT64 value against a possibly fractional scalar, compared exactly in double. */
    private static boolean compare(Bin op, double x, double y) {
        return switch (op) {
            case GT -> x > y;
            case LT -> x < y;
            case GE -> x >= y;
            case LE -> x <= y;
            case EQ -> x == y;
            case NE -> x != y;
            default -> throw new IllegalStateException(op.op + " is not a comparison");
        };
    }

    // ------------------------------------------------------------------ unary

    static Tensor unary(Un op, Tensor a) {
        if (a.dtype() == DType.INT64) {
            if (op != Un.NEG && op != Un.ABS && op != Un.SIGN && op != Un.SQUARE && op != Un.RELU) {
                a = a.convert(DType.FLOAT32);
            }
        }
        Tensor src = a.contiguous();
        Tensor out = Tensor.empty(src.dtype(), src.shape());
        int n = out.numelInt();
        if (n == 0) return out;
        Parallel.forRange(n, grain(n), (s, e) -> {
            Backend k = Backend.current();
            switch (src.dtype()) {
                case FLOAT32 -> k.unary(op.kernel, src.f, src.offset + s, out.f, s, e - s);
                case FLOAT64 -> k.unary(op.kernel, src.d, src.offset + s, out.d, s, e - s);
                case INT64 -> k.unary(op.kernel, src.l, src.offset + s, out.l, s, e - s);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ ternary

    /** where(cond, a, b) with broadcasting of all three; a nonzero cond picks a. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape(), a.shape()), b.shape());
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor ca = a.convertTo(dt).expand(shape).contiguous();
        Tensor cb = b.convertTo(dt).expand(shape).contiguous();
        Tensor cc = cond.expand(shape).contiguous();
        Tensor out = Tensor.empty(dt, shape);
        int n = out.numelInt();
        for (int i = 0; i < n; i++) {
            boolean pick = cc.getFlat(i) != 0;
            switch (dt) {
                case FLOAT32 -> out.f[i] = pick ? ca.f[ca.offset + i] : cb.f[cb.offset + i];
                case FLOAT64 -> out.d[i] = pick ? ca.d[ca.offset + i] : cb.d[cb.offset + i];
                case INT64 -> out.l[i] = pick ? ca.l[ca.offset + i] : cb.l[cb.offset + i];
            }
        }
        return out;
    }
}
