package org.crema;

import java.util.Arrays;
import org.crema.autograd.Node;

/**
 * gather / scatter-add / index-select: the kernels (no graph recording) and, as the {@code ...Op}
 * methods, the differentiable ops behind {@link Tensor}'s, whose gradients are the opposite kernel.
 */
final class Indexing {
    private Indexing() {}

    static Tensor gatherOp(Tensor t, int dim, Tensor index) {
        int dd = Shapes.dim("gather", dim, t.shape.length);
        Tensor out = gather(t, dd, index);
        int[] original = t.shape;
        return Node.record(out, "gather", new Tensor[] {t}, g -> new Tensor[] {scatterAdd(Tensor.zeros(g.dtype, original), dd, index, g)});
    }

    static Tensor indexSelectOp(Tensor t, int dim, Tensor index) {
        int dd = Shapes.dim("indexSelect", dim, t.shape.length);
        Tensor out = indexSelect(t, dd, index);
        int[] original = t.shape;
        return Node.record(out, "indexSelect", new Tensor[] {t}, g -> new Tensor[] {indexAdd(Tensor.zeros(g.dtype, original), dd, index, g)});
    }

    /** Out of place: a copy of t with src added at index along dim. */
    static Tensor scatterAddOp(Tensor t, int dim, Tensor index, Tensor src) {
        int dd = Shapes.dim("scatterAdd", dim, t.shape.length);
        Tensor out = scatterAdd(t.contiguousCopy(), dd, index, src);
        return Node.record(out, "scatterAdd", new Tensor[] {t, src}, g -> new Tensor[] {g, gather(g, dd, index)});
    }

    /** The storage position of t's element at a multi-index (negative components count from the end). */
    static int storageIndex(Tensor t, int[] index) {
        int[] shape = t.shape;
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get/set: index " + Arrays.toString(index) + " has " + index.length
                    + " components but the tensor has shape " + Shapes.str(shape));
        }
        int p = t.offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " is out of bounds for dim " + i
                        + " with size " + shape[i] + " (shape " + Shapes.str(shape) + ")");
            }
            p += ix * t.strides[i];
        }
        return p;
    }

    private static void checkIndex(String op, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be INT64, got " + index.dtype());
        }
    }

    private static int bound(String op, long ix, int size, int dim) {
        if (ix < -size || ix >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + ix + " is out of bounds for dim " + dim + " with size " + size);
        }
        return (int) (ix < 0 ? ix + size : ix);
    }

    /** out[..i..] = src[..index[..i..]..] along dim; index has the rank of src and sizes <= src's elsewhere. */
    static Tensor gather(Tensor src, int dim, Tensor index) {
        checkIndex("gather", index);
        int[] ss = src.shape(), is = index.shape();
        if (is.length != ss.length) {
            throw new IllegalArgumentException("gather: index of shape " + Shapes.str(is) + " must have as many dims as input "
                    + Shapes.str(ss));
        }
        for (int k = 0; k < ss.length; k++) {
            if (k != dim && is[k] > ss[k]) {
                throw new IllegalArgumentException("gather: index shape " + Shapes.str(is) + " exceeds input shape "
                        + Shapes.str(ss) + " at dim " + k);
            }
        }
        Tensor out = Tensor.empty(src.dtype(), is);
        Tensor idx = index.contiguous();
        int n = out.numelInt();
        int[] st = src.stride();
        for (int i = 0; i < n; i++) {
            int rem = i, p = src.offset;
            for (int k = is.length - 1; k >= 0; k--) {
                int c = rem % is[k];
                rem /= is[k];
                if (k == dim) c = bound("gather", idx.l[idx.offset + i], ss[k], k);
                p += c * st[k];
            }
            out.setStorage(i, src.getStorage(p));
        }
        return out;
    }

    /** Adds src into target (contiguous, modified and returned) at index along dim. */
    static Tensor scatterAdd(Tensor target, int dim, Tensor index, Tensor src) {
        checkIndex("scatterAdd", index);
        int[] ts = target.shape(), is = index.shape();
        Tensor idx = index.contiguous();
        Tensor s = src.convertTo(target.dtype()).contiguous();
        if (!java.util.Arrays.equals(s.shape(), is)) {
            throw new IllegalArgumentException("scatterAdd: src shape " + Shapes.str(s.shape()) + " must equal index shape " + Shapes.str(is));
        }
        int[] st = target.stride();
        int n = idx.numelInt();
        for (int i = 0; i < n; i++) {
            int rem = i, p = target.offset;
            for (int k = is.length - 1; k >= 0; k--) {
                int c = rem % is[k];
                rem /= is[k];
                if (k == dim) c = bound("scatterAdd", idx.l[idx.offset + i], ts[k], k);
                p += c * st[k];
            }
            target.setStorage(p, target.getStorage(p) + s.getStorage(s.offset + i));
        }
        return target;
    }

    static Tensor indexSelect(Tensor src, int dim, Tensor index) {
        checkIndex("indexSelect", index);
        if (index.dim() != 1) throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + Shapes.str(index.shape()));
        int[] ss = src.shape();
        long[] ix = index.toLongArray();
        int[] os = ss.clone();
        os[dim] = ix.length;
        Tensor c = src.contiguous();
        Tensor out = Tensor.empty(src.dtype(), os);
        int outer = 1, inner = 1;
        for (int k = 0; k < dim; k++) outer *= ss[k];
        for (int k = dim + 1; k < ss.length; k++) inner *= ss[k];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ix.length; j++) {
                int row = bound("indexSelect", ix[j], ss[dim], dim);
                int srcPos = c.offset + (o * ss[dim] + row) * inner, dst = (o * ix.length + j) * inner;
                switch (c.dtype()) {
                    case FLOAT32 -> System.arraycopy(c.f, srcPos, out.f, dst, inner);
                    case FLOAT64 -> System.arraycopy(c.d, srcPos, out.d, dst, inner);
                    case INT64 -> System.arraycopy(c.l, srcPos, out.l, dst, inner);
                }
            }
        }
        return out;
    }

    /** target (contiguous) [.., index[j], ..] += src[.., j, ..] along dim. */
    static Tensor indexAdd(Tensor target, int dim, Tensor index, Tensor src) {
        int[] ts = target.shape();
        long[] ix = index.toLongArray();
        Tensor s = src.convertTo(target.dtype()).contiguous();
        int outer = 1, inner = 1;
        for (int k = 0; k < dim; k++) outer *= ts[k];
        for (int k = dim + 1; k < ts.length; k++) inner *= ts[k];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ix.length; j++) {
                int row = bound("indexAdd", ix[j], ts[dim], dim);
                int dst = target.offset + (o * ts[dim] + row) * inner, sp = s.offset + (o * ix.length + j) * inner;
                for (int i = 0; i < inner; i++) target.setStorage(dst + i, target.getStorage(dst + i) + s.getStorage(sp + i));
            }
        }
        return target;
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        if (labels.dtype() != DType.INT64) throw new IllegalArgumentException("oneHot: labels must be INT64, got " + labels.dtype());
        long[] v = labels.toLongArray();
        int[] ls = labels.shape();
        int[] os = java.util.Arrays.copyOf(ls, ls.length + 1);
        os[ls.length] = numClasses;
        Tensor out = Tensor.zeros(os);
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= numClasses) {
                throw new IndexOutOfBoundsException("oneHot: label " + v[i] + " at position " + i + " is outside [0, " + numClasses + ")");
            }
            out.f[i * numClasses + (int) v[i]] = 1f;
        }
        return out;
    }
}
