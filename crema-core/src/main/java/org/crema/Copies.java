package org.crema;

/**
 * Element copies between layouts and dtypes, without graph recording: strided to contiguous, contiguous
 * into a strided view, and dtype conversion. Dense rows go through {@code System.arraycopy}.
 */
final class Copies {
    private Copies() {}

    /** Always a fresh contiguous copy of t. */
    static Tensor contiguousCopy(Tensor t) {
        int[] shape = t.shape, strides = t.strides;
        Tensor out = Creation.empty(t.dtype, shape);
        int n = out.numelInt();
        if (n == 0) return out;
        int rank = shape.length;
        if (rank == 0) {
            out.setStorage(0, t.getStorage(t.offset));
            return out;
        }
        int inner = shape[rank - 1], innerStride = strides[rank - 1];
        int rows = n / inner;
        for (int r = 0; r < rows; r++) {
            int src = t.offset, rem = r;
            for (int dd = rank - 2; dd >= 0; dd--) {
                int idx = rem % shape[dd];
                rem /= shape[dd];
                src += idx * strides[dd];
            }
            int dst = r * inner;
            switch (t.dtype) {
                case FLOAT32 -> {
                    if (innerStride == 1) System.arraycopy(t.f, src, out.f, dst, inner);
                    else for (int i = 0; i < inner; i++) out.f[dst + i] = t.f[src + i * innerStride];
                }
                case FLOAT64 -> {
                    if (innerStride == 1) System.arraycopy(t.d, src, out.d, dst, inner);
                    else for (int i = 0; i < inner; i++) out.d[dst + i] = t.d[src + i * innerStride];
                }
                case INT64 -> {
                    if (innerStride == 1) System.arraycopy(t.l, src, out.l, dst, inner);
                    else for (int i = 0; i < inner; i++) out.l[dst + i] = t.l[src + i * innerStride];
                }
            }
        }
        return out;
    }

    /** A contiguous copy of t converted to target (a copy even when t already has it). */
    static Tensor convert(Tensor t, DType target) {
        DType dtype = t.dtype;
        Tensor c = t.contiguous();
        int n = c.numelInt();
        Tensor out = Creation.empty(target, t.shape);
        for (int i = 0; i < n; i++) {
            int si = c.offset + i;
            switch (target) {
                case FLOAT32 -> out.f[i] = dtype == DType.FLOAT64 ? (float) c.d[si] : dtype == DType.INT64 ? (float) c.l[si] : c.f[si];
                case FLOAT64 -> out.d[i] = dtype == DType.FLOAT32 ? c.f[si] : dtype == DType.INT64 ? (double) c.l[si] : c.d[si];
                case INT64 -> out.l[i] = dtype == DType.FLOAT32 ? (long) c.f[si] : dtype == DType.FLOAT64 ? (long) c.d[si] : c.l[si];
            }
        }
        return out;
    }

    /** Copies src, converted to dst's dtype and broadcast to its shape, into dst's elements. */
    static void copyInto(Tensor dst, Tensor src) {
        Tensor s = src.convertTo(dst.dtype).expand(dst.shape).contiguous();
        if (dst.isContiguous()) {
            System.arraycopy(s.data(), s.offset, dst.data(), dst.offset, dst.numelInt());
            return;
        }
        strided(s, dst);
    }

    /** Copies contiguous src into a possibly strided dst of the same shape and dtype. */
    static void strided(Tensor src, Tensor dst) {
        int n = dst.numelInt();
        int rank = dst.shape.length;
        if (rank > 0 && dst.strides[rank - 1] == 1 && n > 0) {
            // rows of dst are dense (a narrow along an outer dim, e.g. a gradient slice): copy row by row
            int inner = dst.shape[rank - 1];
            Object from = src.data(), to = dst.data();
            for (int r = 0, rows = n / inner; r < rows; r++) {
                int p = dst.offset, rem = r;
                for (int k = rank - 2; k >= 0; k--) {
                    p += (rem % dst.shape[k]) * dst.strides[k];
                    rem /= dst.shape[k];
                }
                System.arraycopy(from, src.offset + r * inner, to, p, inner);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int p = dst.offset, rem = i;
            for (int k = rank - 1; k >= 0; k--) {
                int idx = rem % dst.shape[k];
                rem /= dst.shape[k];
                p += idx * dst.strides[k];
            }
            dst.setStorage(p, src.getStorage(src.offset + i));
        }
    }
}
