package org.crema;

import org.crema.backend.Parallel;

/**
 * Elementwise kernels with broadcasting. Each kernel produces a new contiguous tensor; the switch on
 * the op sits outside the inner loops so that C2 vectorises the common contiguous cases.
 */
final class Elementwise {
    private Elementwise() {}

    /** Above this many elements a kernel splits its outer loop over the shared pool. */
    static final int PARALLEL_THRESHOLD = 1 << 15;

    enum Bin {
        ADD("add"), SUB("sub"), MUL("mul"), DIV("div"), MAX("maximum"), MIN("minimum"), POW("pow"),
        GT("gt"), LT("lt"), GE("ge"), LE("le"), EQ("eq"), NE("ne");
        final String op;
        Bin(String op) { this.op = op; }
        boolean comparison() { return ordinal() >= GT.ordinal(); }
    }

    enum Un { NEG, ABS, EXP, LOG, SQRT, RELU, SIGMOID, TANH, SIGN, SQUARE, RECIPROCAL, SIN, COS, LOG1P, STEP }

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
        switch (c.dtype()) {
            case FLOAT32 -> innerF(op, a.f, ao, as, b.f, bo, bs, c.f, co, n);
            case FLOAT64 -> innerD(op, a.d, ao, as, b.d, bo, bs, c.d, co, n);
            case INT64 -> innerL(op, a.l, ao, as, b.l, bo, bs, c.l, co, n);
        }
    }

    private static void innerF(Bin op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + b[bo + i]; return; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - b[bo + i]; return; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * b[bo + i]; return; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / b[bo + i]; return; }
                default -> { }
            }
        } else if (as == 1 && bs == 0) {
            float v = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + v; return; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - v; return; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * v; return; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / v; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) c[co + i] = (float) applyD(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static void innerD(Bin op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + b[bo + i]; return; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - b[bo + i]; return; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * b[bo + i]; return; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / b[bo + i]; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) c[co + i] = applyD(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static void innerL(Bin op, long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n) {
        for (int i = 0; i < n; i++) {
            long x = a[ao + i * as], y = b[bo + i * bs];
            c[co + i] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case GT -> x > y ? 1 : 0;
                case LT -> x < y ? 1 : 0;
                case GE -> x >= y ? 1 : 0;
                case LE -> x <= y ? 1 : 0;
                case EQ -> x == y ? 1 : 0;
                case NE -> x != y ? 1 : 0;
                case DIV, POW -> throw new IllegalStateException(op.op + " on INT64 is computed in floating point");
            };
        }
    }

    static double applyD(Bin op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            // NaN propagates as in torch.maximum/minimum
            case MAX -> (x != x || y != y) ? Double.NaN : Math.max(x, y);
            case MIN -> (x != x || y != y) ? Double.NaN : Math.min(x, y);
            case POW -> Math.pow(x, y);
            case GT -> x > y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
        };
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
                case FLOAT32 -> {
                    float[] x = src.f, y = out.f;
                    float fv = (float) v;
                    switch (op) {
                        case ADD -> { for (int i = s; i < e; i++) y[i] = x[so + i] + fv; }
                        case SUB -> { for (int i = s; i < e; i++) y[i] = x[so + i] - fv; }
                        case MUL -> { for (int i = s; i < e; i++) y[i] = x[so + i] * fv; }
                        case DIV -> { for (int i = s; i < e; i++) y[i] = x[so + i] / fv; }
                        default -> { for (int i = s; i < e; i++) y[i] = (float) applyD(op, x[so + i], fv); }
                    }
                }
                case FLOAT64 -> {
                    double[] x = src.d, y = out.d;
                    for (int i = s; i < e; i++) y[i] = applyD(op, x[so + i], v);
                }
                case INT64 -> {
                    long[] x = src.l, y = out.l;
                    long lv = (long) v;
                    for (int i = s; i < e; i++) {
                        y[i] = op.comparison() ? (long) applyD(op, x[so + i], v)
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
            switch (src.dtype()) {
                case FLOAT32 -> unaryF(op, src.f, src.offset, out.f, s, e);
                case FLOAT64 -> unaryD(op, src.d, src.offset, out.d, s, e);
                case INT64 -> {
                    long[] x = src.l, y = out.l;
                    int so = src.offset;
                    for (int i = s; i < e; i++) {
                        long v = x[so + i];
                        y[i] = switch (op) {
                            case NEG -> -v;
                            case ABS -> Math.abs(v);
                            case SIGN -> Long.signum(v);
                            case SQUARE -> v * v;
                            case RELU -> Math.max(v, 0);
                            default -> throw new IllegalStateException(op.name());
                        };
                    }
                }
            }
        });
        return out;
    }

    private static void unaryF(Un op, float[] x, int so, float[] y, int s, int e) {
        switch (op) {
            case NEG -> { for (int i = s; i < e; i++) y[i] = -x[so + i]; }
            case ABS -> { for (int i = s; i < e; i++) y[i] = Math.abs(x[so + i]); }
            case RELU -> { for (int i = s; i < e; i++) { float v = x[so + i]; y[i] = v > 0 ? v : (v != v ? v : 0f); } }
            case SQUARE -> { for (int i = s; i < e; i++) y[i] = x[so + i] * x[so + i]; }
            case STEP -> { for (int i = s; i < e; i++) y[i] = x[so + i] > 0 ? 1f : 0f; }
            case SQRT -> { for (int i = s; i < e; i++) y[i] = (float) Math.sqrt(x[so + i]); }
            case RECIPROCAL -> { for (int i = s; i < e; i++) y[i] = 1f / x[so + i]; }
            case EXP -> { for (int i = s; i < e; i++) y[i] = (float) Math.exp(x[so + i]); }
            case SIGMOID -> { for (int i = s; i < e; i++) y[i] = (float) sigmoid(x[so + i]); }
            default -> { for (int i = s; i < e; i++) y[i] = (float) applyUnary(op, x[so + i]); }
        }
    }

    private static void unaryD(Un op, double[] x, int so, double[] y, int s, int e) {
        for (int i = s; i < e; i++) y[i] = applyUnary(op, x[so + i]);
    }

    static double sigmoid(double v) {
        // split by sign so that exp never overflows
        if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
        double z = Math.exp(v);
        return z / (1.0 + z);
    }

    static double applyUnary(Un op, double v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case SQRT -> Math.sqrt(v);
            case RELU -> v > 0 ? v : (Double.isNaN(v) ? v : 0.0);
            case SIGMOID -> sigmoid(v);
            case TANH -> Math.tanh(v);
            case SIGN -> Math.signum(v);
            case SQUARE -> v * v;
            case RECIPROCAL -> 1.0 / v;
            case SIN -> Math.sin(v);
            case COS -> Math.cos(v);
            case LOG1P -> Math.log1p(v);
            case STEP -> v > 0 ? 1.0 : 0.0;
        };
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
