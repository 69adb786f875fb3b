package org.crema.nn;

import org.crema.DType;
import org.crema.Tensor;
import org.crema.backend.Gemm;

/**
 * The dtype-specific pieces of the convolution (arrays, GEMM, im2col) behind one interface, so that
 * the orchestration in {@link Convolution} is written once for FLOAT32 and FLOAT64. Calls through it
 * are per image and group, never per element.
 */
enum ConvPrecision {
    F32 {
        @Override Object data(Tensor t) { return t.storageFloats(); }
        @Override Object alloc(int n) { return new float[n]; }
        @Override Tensor wrap(Object a, int[] shape) { return Tensor.wrap((float[]) a, shape); }
        @Override int length(Object a) { return ((float[]) a).length; }

        @Override void im2col(Object src, int srcOff, ConvGeometry g, Object dst, int dstOff, int ld) {
            if (Im2Col.vector && Im2ColVector.applies(g)) Im2ColVector.im2col((float[]) src, srcOff, g, (float[]) dst, dstOff, ld);
            else Im2Col.im2col((float[]) src, srcOff, g, (float[]) dst, dstOff, ld);
        }

        @Override void col2im(Object col, int colOff, int ld, ConvGeometry g, Object dst, int dstOff) {
            if (Im2Col.vector && Im2ColVector.applies(g)) Im2ColVector.col2im((float[]) col, colOff, ld, g, (float[]) dst, dstOff);
            else Im2Col.col2im((float[]) col, colOff, ld, g, (float[]) dst, dstOff);
        }

        @Override void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                            Object b, int bOff, int ldb, boolean accumulate, Object c, int cOff, int ldc) {
            Gemm.sgemm(ta, tb, m, n, k, 1f, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, accumulate ? 1f : 0f,
                    (float[]) c, cOff, ldc);
        }

        @Override void fillRows(Object dst, int off, int rows, int len, Object values, int valuesOff) {
            float[] d = (float[]) dst, v = (float[]) values;
            for (int r = 0; r < rows; r++) java.util.Arrays.fill(d, off + r * len, off + (r + 1) * len, v[valuesOff + r]);
        }

        @Override void addRowSums(Object src, int off, int rows, int len, int ld, Object dst, int dstOff) {
            float[] s = (float[]) src, d = (float[]) dst;
            for (int r = 0; r < rows; r++) {
                // four independent sums: one serial chain of adds is latency-bound
                float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                int i = off + r * ld, e = i + len;
                for (; i + 3 < e; i += 4) {
                    a0 += s[i];
                    a1 += s[i + 1];
                    a2 += s[i + 2];
                    a3 += s[i + 3];
                }
                for (; i < e; i++) a0 += s[i];
                d[dstOff + r] += (a0 + a1) + (a2 + a3);
            }
        }

        @Override void copyRows(Object src, int srcOff, int srcLd, Object dst, int dstOff, int rows, int len,
                                Object bias, int biasOff) {
            float[] s = (float[]) src, d = (float[]) dst, b = (float[]) bias;
            for (int r = 0; r < rows; r++) {
                int si = srcOff + r * srcLd, di = dstOff + r * len;
                if (b == null) {
                    System.arraycopy(s, si, d, di, len);
                } else {
                    float v = b[biasOff + r];
                    for (int i = 0; i < len; i++) d[di + i] = s[si + i] + v;
                }
            }
        }

        @Override void addInto(Object dst, Object src, int len) {
            float[] d = (float[]) dst, s = (float[]) src;
            for (int i = 0; i < len; i++) d[i] += s[i];
        }
    },

    F64 {
        @Override Object data(Tensor t) { return t.storageDoubles(); }
        @Override Object alloc(int n) { return new double[n]; }
        @Override Tensor wrap(Object a, int[] shape) { return Tensor.wrap((double[]) a, shape); }
        @Override int length(Object a) { return ((double[]) a).length; }

        @Override void im2col(Object src, int srcOff, ConvGeometry g, Object dst, int dstOff, int ld) {
            Im2Col.im2col((double[]) src, srcOff, g, (double[]) dst, dstOff, ld);
        }

        @Override void col2im(Object col, int colOff, int ld, ConvGeometry g, Object dst, int dstOff) {
            Im2Col.col2im((double[]) col, colOff, ld, g, (double[]) dst, dstOff);
        }

        @Override void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                            Object b, int bOff, int ldb, boolean accumulate, Object c, int cOff, int ldc) {
            Gemm.dgemm(ta, tb, m, n, k, 1.0, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, accumulate ? 1.0 : 0.0,
                    (double[]) c, cOff, ldc);
        }

        @Override void fillRows(Object dst, int off, int rows, int len, Object values, int valuesOff) {
            double[] d = (double[]) dst, v = (double[]) values;
            for (int r = 0; r < rows; r++) java.util.Arrays.fill(d, off + r * len, off + (r + 1) * len, v[valuesOff + r]);
        }

        @Override void addRowSums(Object src, int off, int rows, int len, int ld, Object dst, int dstOff) {
            double[] s = (double[]) src, d = (double[]) dst;
            for (int r = 0; r < rows; r++) {
                // four independent sums: one serial chain of adds is latency-bound
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                int i = off + r * ld, e = i + len;
                for (; i + 3 < e; i += 4) {
                    a0 += s[i];
                    a1 += s[i + 1];
                    a2 += s[i + 2];
                    a3 += s[i + 3];
                }
                for (; i < e; i++) a0 += s[i];
                d[dstOff + r] += (a0 + a1) + (a2 + a3);
            }
        }

        @Override void copyRows(Object src, int srcOff, int srcLd, Object dst, int dstOff, int rows, int len,
                                Object bias, int biasOff) {
            double[] s = (double[]) src, d = (double[]) dst, b = (double[]) bias;
            for (int r = 0; r < rows; r++) {
                int si = srcOff + r * srcLd, di = dstOff + r * len;
                if (b == null) {
                    System.arraycopy(s, si, d, di, len);
                } else {
                    double v = b[biasOff + r];
                    for (int i = 0; i < len; i++) d[di + i] = s[si + i] + v;
                }
            }
        }

        @Override void addInto(Object dst, Object src, int len) {
            double[] d = (double[]) dst, s = (double[]) src;
            for (int i = 0; i < len; i++) d[i] += s[i];
        }
    };

    static ConvPrecision of(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            case INT64 -> throw new IllegalArgumentException("convolution needs a floating-point dtype, got INT64");
        };
    }

    abstract Object data(Tensor t);

    abstract Object alloc(int n);

    abstract Tensor wrap(Object a, int[] shape);

    abstract int length(Object a);

    abstract void im2col(Object src, int srcOff, ConvGeometry g, Object dst, int dstOff, int ld);

    abstract void col2im(Object col, int colOff, int ld, ConvGeometry g, Object dst, int dstOff);

    /** Row-major C (+)= op(A) op(B); accumulate selects beta 1 instead of 0. */
    abstract void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                       Object b, int bOff, int ldb, boolean accumulate, Object c, int cOff, int ldc);

    /** Row r of rows (each len long, from off) set to values[valuesOff + r]. */
    abstract void fillRows(Object dst, int off, int rows, int len, Object values, int valuesOff);

    /** dst[dstOff + r] += sum of the first len values of row r (rows ld apart). */
    abstract void addRowSums(Object src, int off, int rows, int len, int ld, Object dst, int dstOff);

    abstract void addInto(Object dst, Object src, int len);

    /** rows rows of len values from src (rows srcLd apart) to dst (rows len apart), plus bias[biasOff + r] unless bias is null. */
    abstract void copyRows(Object src, int srcOff, int srcLd, Object dst, int dstOff, int rows, int len, Object bias, int biasOff);

    // Per-thread scratch reused across calls: im2col matrices are the largest temporaries of a CNN step.
    private final ThreadLocal<Object[]> scratch = ThreadLocal.withInitial(() -> new Object[2]);

    /** A thread-local array of at least n elements for slot 0 or 1; its contents are garbage. */
    Object workspace(int slot, int n) {
        Object[] s = scratch.get();
        if (s[slot] == null || length(s[slot]) < n) s[slot] = alloc(n);
        return s[slot];
    }
}
