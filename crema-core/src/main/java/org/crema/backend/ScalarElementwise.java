package org.crema.backend;

/**
 * The scalar reference of the elementwise, reduction and softmax kernels. The switch on the op sits
 * outside the loops so that C2 vectorises the common contiguous cases on its own.
 */
final class ScalarElementwise {
    private ScalarElementwise() {}

    static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
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
        } else if (as == 0 && bs == 1) {
            float v = a[ao];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = v + b[bo + i]; return; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = v - b[bo + i]; return; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = v * b[bo + i]; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) c[co + i] = (float) apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    static void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + b[bo + i]; return; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - b[bo + i]; return; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * b[bo + i]; return; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / b[bo + i]; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) c[co + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    static void binary(BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n) {
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
                case DIV, POW -> throw new IllegalArgumentException(op + " on INT64 is computed in floating point");
            };
        }
    }

    static double apply(BinaryOp op, double x, double y) {
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

    static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
            case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
            case RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v > 0 ? v : (v != v ? v : 0f); } }
            case SQUARE -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * x[xo + i]; }
            case STEP -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] > 0 ? 1f : 0f; }
            case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) y[yo + i] = 1f / x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.exp(x[xo + i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = (float) sigmoid(x[xo + i]); }
            default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) apply(op, x[xo + i]); }
        }
    }

    static void unary(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = apply(op, x[xo + i]);
    }

    static void unary(UnaryOp op, long[] x, int xo, long[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            long v = x[xo + i];
            y[yo + i] = switch (op) {
                case NEG -> -v;
                case ABS -> Math.abs(v);
                case SIGN -> Long.signum(v);
                case SQUARE -> v * v;
                case RELU -> Math.max(v, 0);
                case STEP -> v > 0 ? 1 : 0;
                default -> throw new IllegalArgumentException(op + " on INT64 is computed in floating point");
            };
        }
    }

    static double sigmoid(double v) {
        // split by sign so that exp never overflows
        if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
        double z = Math.exp(v);
        return z / (1.0 + z);
    }

    static double apply(UnaryOp op, double v) {
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

    /** Sum in double; four partial sums: fewer dependent adds and less rounding than one running sum. */
    static double sum(float[] x, int o, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[o + i]; s1 += x[o + i + 1]; s2 += x[o + i + 2]; s3 += x[o + i + 3];
        }
        for (; i < n; i++) s0 += x[o + i];
        return s0 + s1 + s2 + s3;
    }

    static double sum(double[] x, int o, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[o + i];
        return s;
    }

    /** Softmax (or log-softmax) of each of rows contiguous rows of n, max subtracted first. */
    static void softmaxRows(float[] x, int xo, float[] y, int yo, int rows, int n, boolean log) {
        for (int r = 0; r < rows; r++) {
            int b = xo + r * n, ob = yo + r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) max = Math.max(max, x[b + k]);
            if (max == Float.NEGATIVE_INFINITY) max = 0; // an all -inf row stays finite-safe
            double sum = 0;
            for (int k = 0; k < n; k++) {
                float v = (float) Math.exp(x[b + k] - max);
                if (!log) y[ob + k] = v;
                sum += v;
            }
            if (log) {
                float shift = (float) (max + Math.log(sum));
                for (int k = 0; k < n; k++) y[ob + k] = x[b + k] - shift;
            } else {
                float inv = (float) (1.0 / sum);
                for (int k = 0; k < n; k++) y[ob + k] *= inv;
            }
        }
    }
}
