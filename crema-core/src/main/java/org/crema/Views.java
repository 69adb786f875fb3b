package org.crema;

import java.util.Arrays;
import org.crema.autograd.Node;

/**
 * The view ops behind {@link Tensor}: new shapes and strides over the same storage (reshape copies only
 * when the layout does not allow a view), each recording the gradient that maps back to the input's shape.
 */
final class Views {
    private Views() {}

    private static Tensor viewOf(Tensor t, int[] newShape, int[] newStrides, int newOffset) {
        return new Tensor(t.dtype, t.data(), newShape, newStrides, newOffset);
    }

    /** newShape with its -1 (at most one) resolved against t's element count. */
    private static int[] inferShape(String op, Tensor t, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + Arrays.toString(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + s[i] + " in shape " + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        int n = t.numelInt();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape)
                        + " is invalid for a tensor of " + n + " elements (shape " + Shapes.str(t.shape) + ")");
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape)
                    + " is invalid for a tensor of " + n + " elements (shape " + Shapes.str(t.shape) + ")");
        }
        return s;
    }

    static Tensor reshape(Tensor t, int[] newShape) {
        int[] s = inferShape("reshape", t, newShape);
        int[] original = t.shape;
        Tensor src = t.isContiguous() ? t : t.contiguousCopy();
        Tensor out = viewOf(src, s, Shapes.contiguousStrides(s), src.offset);
        return Node.record(out, "reshape", new Tensor[] {t}, g -> new Tensor[] {g.reshape(original)});
    }

    static Tensor view(Tensor t, int[] newShape) {
        int[] s = inferShape("view", t, newShape);
        if (!t.isContiguous()) {
            throw new IllegalStateException("view: tensor of shape " + Shapes.str(t.shape) + " with strides "
                    + Arrays.toString(t.strides) + " is not contiguous; use reshape(...) or contiguous().view(...)");
        }
        return t.reshape(s);
    }

    static Tensor flatten(Tensor t, int startDim, int endDim) {
        int[] shape = t.shape;
        if (shape.length == 0) return t.reshape(1);
        int s = Shapes.dim("flatten", startDim, shape.length), e = Shapes.dim("flatten", endDim, shape.length);
        if (s > e) throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim);
        int[] ns = new int[shape.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) ns[j++] = shape[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= shape[i];
        ns[j++] = prod;
        for (int i = e + 1; i < shape.length; i++) ns[j++] = shape[i];
        return t.reshape(ns);
    }

    static Tensor transpose(Tensor t, int dim0, int dim1) {
        int[] shape = t.shape, strides = t.strides;
        int a = Shapes.dim("transpose", dim0, shape.length), b = Shapes.dim("transpose", dim1, shape.length);
        if (shape.length == 0) return t;
        int[] ns = shape.clone(), st = strides.clone();
        ns[a] = shape[b]; ns[b] = shape[a];
        st[a] = strides[b]; st[b] = strides[a];
        return Node.record(viewOf(t, ns, st, t.offset), "transpose", new Tensor[] {t}, g -> new Tensor[] {g.transpose(a, b)});
    }

    static Tensor permute(Tensor t, int[] dims) {
        int[] shape = t.shape;
        if (dims.length != shape.length) {
            throw new IllegalArgumentException("permute: " + dims.length + " dims " + Arrays.toString(dims)
                    + " given for a tensor of shape " + Shapes.str(shape));
        }
        int[] ns = new int[dims.length], st = new int[dims.length], inv = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int dd = Shapes.dim("permute", dims[i], shape.length);
            if (seen[dd]) throw new IllegalArgumentException("permute: dim " + dd + " repeats in " + Arrays.toString(dims));
            seen[dd] = true;
            ns[i] = shape[dd];
            st[i] = t.strides[dd];
            inv[dd] = i;
        }
        return Node.record(viewOf(t, ns, st, t.offset), "permute", new Tensor[] {t}, g -> new Tensor[] {g.permute(inv)});
    }

    static Tensor squeeze(Tensor t, int dim) {
        int[] shape = t.shape;
        if (shape.length == 0) return t;
        int dd = Shapes.dim("squeeze", dim, shape.length);
        if (shape[dd] != 1) return t;
        int[] ns = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dd) ns[j++] = shape[i];
        return reshapeView(t, ns);
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int[] shape = t.shape;
        int dd = Shapes.dim("unsqueeze", dim, shape.length + 1);
        int[] ns = new int[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) ns[i] = i == dd ? 1 : shape[j++];
        return reshapeView(t, ns);
    }

    /** Reshape that only inserts or removes size-1 dims: always a view, even when not contiguous. */
    private static Tensor reshapeView(Tensor t, int[] ns) {
        int[] shape = t.shape;
        int[] st = new int[ns.length];
        int j = 0;
        for (int i = 0; i < ns.length; i++) {
            while (j < shape.length && shape[j] == 1 && ns[i] != 1) j++;
            if (j < shape.length && shape[j] == ns[i]) {
                st[i] = t.strides[j++];
            } else {
                st[i] = 1; // inserted size-1 dim: stride is irrelevant
            }
        }
        int[] original = shape;
        return Node.record(viewOf(t, ns, st, t.offset), "view", new Tensor[] {t}, g -> new Tensor[] {g.reshape(original)});
    }

    static Tensor narrow(Tensor t, int dim, int start, int length) {
        int[] shape = t.shape;
        int dd = Shapes.dim("narrow", dim, shape.length);
        if (start < 0) start += shape[dd];
        if (start < 0 || length < 0 || start + length > shape[dd]) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " + length " + length
                    + " exceeds dim " + dd + " of size " + shape[dd] + " (shape " + Shapes.str(shape) + ")");
        }
        int[] ns = shape.clone();
        ns[dd] = length;
        int s0 = start;
        int[] original = shape;
        return Node.record(viewOf(t, ns, t.strides.clone(), t.offset + start * t.strides[dd]), "narrow", new Tensor[] {t}, g -> {
            Tensor z = Creation.empty(g.dtype, original);
            z.narrow(dd, s0, length).copyFrom(g);
            return new Tensor[] {z};
        });
    }

    static Tensor select(Tensor t, int dim, int index) {
        int[] shape = t.shape;
        int dd = Shapes.dim("select", dim, shape.length);
        int ix = index < 0 ? index + shape[dd] : index;
        if (ix < 0 || ix >= shape[dd]) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dim " + dd
                    + " with size " + shape[dd] + " (shape " + Shapes.str(shape) + ")");
        }
        return t.narrow(dd, ix, 1).squeeze(dd);
    }

    static Tensor expand(Tensor t, int[] sizes) {
        int[] shape = t.shape;
        if (sizes.length < shape.length) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(sizes) + " has fewer dims than shape " + Shapes.str(shape));
        }
        int shift = sizes.length - shape.length;
        int[] ns = new int[sizes.length], st = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int cur = i < shift ? 1 : shape[i - shift];
            int want = sizes[i] == -1 ? cur : sizes[i];
            if (i < shift && sizes[i] == -1) {
                throw new IllegalArgumentException("expand: -1 is not allowed for the new leading dim " + i);
            }
            if (cur != want && cur != 1) {
                throw new IllegalArgumentException("expand: shape " + Shapes.str(shape) + " cannot be expanded to "
                        + Arrays.toString(sizes) + " (dim " + i + ": " + cur + " vs " + want + ")");
            }
            ns[i] = want;
            st[i] = i < shift || (cur == 1 && want != 1) ? 0 : t.strides[i - shift];
        }
        if (Arrays.equals(ns, shape)) return t;
        int[] original = shape;
        return Node.record(viewOf(t, ns, st, t.offset), "expand", new Tensor[] {t}, g -> new Tensor[] {g.sumTo(original)});
    }

    static java.util.List<Tensor> split(Tensor t, int size, int dim) {
        int dd = Shapes.dim("split", dim, t.shape.length);
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        java.util.ArrayList<Tensor> out = new java.util.ArrayList<>();
        int len = t.shape[dd];
        for (int s = 0; s < len; s += size) out.add(t.narrow(dd, s, Math.min(size, len - s)));
        return out;
    }
}
