package org.crema;

import java.util.Arrays;
import java.util.List;
import org.crema.autograd.GradMode;
import org.crema.autograd.Node;

/**
 * An n-dimensional array of FLOAT32, FLOAT64 or INT64 with reverse-mode automatic differentiation.
 *
 * <p>Names follow PyTorch. Views ({@link #reshape}, {@link #transpose}, {@link #narrow}, ...) share
 * storage; math ops return new contiguous tensors and broadcast as NumPy does. An op on tensors of
 * which one {@link #requiresGrad()} records itself, and {@link #backward()} accumulates gradients
 * into the leaves' {@link #grad()}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 2).requiresGrad(true);
 * Tensor loss = Tensor.ones(4, 3).matmul(w).relu().sum();
 * loss.backward();
 * System.out.println(w.grad());
 * }</pre>
 */
public final class Tensor {
    private final DType dtype;
    final float[] f;
    final double[] d;
    final long[] l;
    private final int[] shape;
    private final int[] strides;
    final int offset;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    Tensor(DType dtype, Object data, int[] shape, int[] strides, int offset) {
        this.dtype = dtype;
        this.f = dtype == DType.FLOAT32 ? (float[]) data : null;
        this.d = dtype == DType.FLOAT64 ? (double[]) data : null;
        this.l = dtype == DType.INT64 ? (long[]) data : null;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    private Object data() {
        return switch (dtype) {
            case FLOAT32 -> f;
            case FLOAT64 -> d;
            case INT64 -> l;
        };
    }

    // ================================================================== creation

    static Tensor empty(DType dtype, int... shape) {
        Shapes.checkShape("empty", shape);
        int n = Shapes.numel(shape);
        Object data = switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
        };
        return new Tensor(dtype, data, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    private static void checkData(String op, int length, int[] shape) {
        Shapes.checkShape(op, shape);
        if (Shapes.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape "
                    + Shapes.str(shape) + " (" + Shapes.numel(shape) + " elements)");
        }
    }

    private static int[] shapeOr1D(int[] shape, int length) { return shape.length == 0 && length != 1 ? new int[] {length} : shape; }

    /** A FLOAT32 tensor holding a copy of data; with no shape given, a 1-D tensor. */
    public static Tensor of(float[] data, int... shape) {
        shape = shapeOr1D(shape, data.length);
        checkData("Tensor.of", data.length, shape);
        return new Tensor(DType.FLOAT32, data.clone(), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor of(double[] data, int... shape) {
        shape = shapeOr1D(shape, data.length);
        checkData("Tensor.of", data.length, shape);
        return new Tensor(DType.FLOAT64, data.clone(), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor of(long[] data, int... shape) {
        shape = shapeOr1D(shape, data.length);
        checkData("Tensor.of", data.length, shape);
        return new Tensor(DType.INT64, data.clone(), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A FLOAT32 tensor over data without copying it: later writes to the array show in the tensor. */
    public static Tensor wrap(float[] data, int... shape) {
        shape = shapeOr1D(shape, data.length);
        checkData("Tensor.wrap", data.length, shape);
        return new Tensor(DType.FLOAT32, data, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor wrap(double[] data, int... shape) {
        shape = shapeOr1D(shape, data.length);
        checkData("Tensor.wrap", data.length, shape);
        return new Tensor(DType.FLOAT64, data, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor wrap(long[] data, int... shape) {
        shape = shapeOr1D(shape, data.length);
        checkData("Tensor.wrap", data.length, shape);
        return new Tensor(DType.INT64, data, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A 0-dimensional FLOAT32 tensor. */
    public static Tensor scalar(double value) { return full(DType.FLOAT32, value); }

    public static Tensor scalar(double value, DType dtype) { return full(dtype, value); }

    public static Tensor zeros(int... shape) { return empty(DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return empty(dtype, shape); }

    public static Tensor ones(int... shape) { return full(1.0, shape); }

    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    public static Tensor full(double value, int... shape) { return full(DType.FLOAT32, value, shape); }

    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = empty(dtype, shape);
        t.fillStorage(value);
        return t;
    }

    public static Tensor zerosLike(Tensor t) { return empty(t.dtype, t.shape); }

    public static Tensor onesLike(Tensor t) { return full(t.dtype, 1.0, t.shape); }

    public static Tensor fullLike(Tensor t, double value) { return full(t.dtype, value, t.shape); }

    /** Sets the seed of the global generator: every random op after it is reproducible. */
    public static void manualSeed(long seed) { Generator.global().manualSeed(seed); }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(int... shape) { return rand(Generator.global(), shape); }

    public static Tensor rand(Generator g, int... shape) {
        Tensor t = empty(DType.FLOAT32, shape);
        for (int i = 0; i < t.f.length; i++) t.f[i] = (float) g.nextDouble();
        return t;
    }

    /** Standard normal samples. */
    public static Tensor randn(int... shape) { return randn(Generator.global(), shape); }

    public static Tensor randn(Generator g, int... shape) {
        Tensor t = empty(DType.FLOAT32, shape);
        for (int i = 0; i < t.f.length; i++) t.f[i] = (float) g.nextGaussian();
        return t;
    }

    /** Uniform INT64 samples in [low, high). */
    public static Tensor randint(long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: high (" + high + ") must exceed low (" + low + ")");
        Tensor t = empty(DType.INT64, shape);
        Generator g = Generator.global();
        for (int i = 0; i < t.l.length; i++) t.l[i] = low + Math.floorMod(g.nextLong(), high - low);
        return t;
    }

    /** A random permutation of 0..n-1 (INT64). */
    public static Tensor randperm(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Generator g = Generator.global();
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            long tmp = p[i]; p[i] = p[j]; p[j] = tmp;
        }
        return wrap(p, n);
    }

    /** 0, 1, ..., end-1 as INT64, like torch.arange with integer arguments. */
    public static Tensor arange(int end) { return arange(0, end, 1); }

    public static Tensor arange(int start, int end) { return arange(start, end, 1); }

    public static Tensor arange(int start, int end, int step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        int n = Math.max(0, (int) Math.ceil((end - start) / (double) step));
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = start + (long) i * step;
        return wrap(v, n);
    }

    /** 0, 1, ... below end as FLOAT32, like torch.arange(5.0). */
    public static Tensor arange(double end) { return arange(0, end, 1); }

    /** start, start+1, ... below end as FLOAT32, like torch.arange(0.5, 3.0). */
    public static Tensor arange(double start, double end) { return arange(start, end, 1); }

    /** start, start+step, ... below end as FLOAT32, like torch.arange with floating arguments. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        int n = Math.max(0, (int) Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return wrap(v, n);
    }

    public static Tensor linspace(double start, double end, int steps) {
        float[] v = new float[steps];
        for (int i = 0; i < steps; i++) v[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        return wrap(v, steps);
    }

    public static Tensor eye(int n) { return eye(n, n); }

    public static Tensor eye(int n, int m) {
        Tensor t = zeros(n, m);
        for (int i = 0; i < Math.min(n, m); i++) t.f[i * m + i] = 1;
        return t;
    }

    // ================================================================== inspection

    public DType dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    /** Size of one dimension (negative dims count from the end). */
    public int size(int dim) { return shape[Shapes.dim("size", dim, shape.length)]; }

    public int[] stride() { return strides.clone(); }

    public int storageOffset() { return offset; }

    public int dim() { return shape.length; }

    public long numel() { return Shapes.numel(shape); }

    int numelInt() { return Shapes.numel(shape); }

    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: only a one-element tensor can be converted to a number, this one has shape "
                    + Shapes.str(shape) + " (" + numel() + " elements)");
        }
        return getStorage(offset);
    }

    public float[] toFloatArray() {
        Tensor c = convertTo(DType.FLOAT32).contiguous();
        return Arrays.copyOfRange(c.f, c.offset, c.offset + c.numelInt());
    }

    public double[] toDoubleArray() {
        Tensor c = convertTo(DType.FLOAT64).contiguous();
        return Arrays.copyOfRange(c.d, c.offset, c.offset + c.numelInt());
    }

    public long[] toLongArray() {
        Tensor c = convertTo(DType.INT64).contiguous();
        return Arrays.copyOfRange(c.l, c.offset, c.offset + c.numelInt());
    }

    /** The element at a multi-index, as a double. */
    public double get(int... index) { return getStorage(storageIndex(index)); }

    /** Writes one element in place (no autograd). */
    public void set(double value, int... index) { setStorage(storageIndex(index), value); }

    private int storageIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get/set: index " + Arrays.toString(index) + " has " + index.length
                    + " components but the tensor has shape " + Shapes.str(shape));
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " is out of bounds for dim " + i
                        + " with size " + shape[i] + " (shape " + Shapes.str(shape) + ")");
            }
            p += ix * strides[i];
        }
        return p;
    }

    double getStorage(int i) {
        return switch (dtype) {
            case FLOAT32 -> f[i];
            case FLOAT64 -> d[i];
            case INT64 -> l[i];
        };
    }

    void setStorage(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> f[i] = (float) v;
            case FLOAT64 -> d[i] = v;
            case INT64 -> l[i] = (long) v;
        }
    }

    /** Element i of a contiguous tensor. */
    double getFlat(int i) { return getStorage(offset + i); }

    private void fillStorage(double v) {
        switch (dtype) {
            case FLOAT32 -> Arrays.fill(f, (float) v);
            case FLOAT64 -> Arrays.fill(d, v);
            case INT64 -> Arrays.fill(l, (long) v);
        }
    }

    /**
     * The backing array (advanced use: kernels and optimizers). Valid with {@link #storageOffset()}
     * and {@link #stride()}; null unless the dtype is FLOAT32.
     */
    public float[] storageFloats() { return f; }

    public double[] storageDoubles() { return d; }

    public long[] storageLongs() { return l; }

    @Override
    public String toString() { return TensorFormat.format(this); }

    /** True when both have the same shape and every pair of elements is within atol + rtol * |other|. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        double[] a = toDoubleArray(), b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                if (!(Double.isNaN(a[i]) && Double.isNaN(b[i]))) return false;
                continue;
            }
            if (Math.abs(a[i] - b[i]) > atol + rtol * Math.abs(b[i])) return false;
        }
        return true;
    }

    // ================================================================== autograd

    /** Marks this tensor as a leaf whose gradient is wanted; returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (flag && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, this one is " + dtype);
        }
        if (!flag && gradFn != null) {
            throw new IllegalStateException("requiresGrad(false): this tensor is the output of " + gradFn
                    + "; use detach() to get one without a graph");
        }
        this.requiresGrad = flag;
        return this;
    }

    public boolean requiresGrad() { return requiresGrad; }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() { return grad; }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape)
                    + " does not match tensor shape " + Shapes.str(shape));
        }
        this.grad = g;
    }

    /** The operation that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** Used by {@link Node#record}: makes this tensor the output of node. */
    public void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = node != null || requiresGrad;
    }

    public boolean isLeaf() { return gradFn == null; }

    /** Backpropagates from a one-element tensor (dL/dL = 1). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: called on a tensor of shape " + Shapes.str(shape)
                    + "; a gradient can only be implied for a one-element output. Reduce it first (e.g. .sum() or .mean()) or pass a gradient with backward(Tensor)");
        }
        backward(onesLike(this));
    }

    /** Backpropagates gradient (dL/dThis, same shape as this) through the recorded graph. */
    public void backward(Tensor gradient) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require grad and has no grad_fn; "
                    + "mark an input with requiresGrad(true) before computing it");
        }
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(gradient.shape)
                    + " does not match output shape " + Shapes.str(shape));
        }
        Engine.backward(this, gradient);
    }

    /** The same data without a graph: gradients will not flow through the result. */
    public Tensor detach() { return new Tensor(dtype, data(), shape, strides, offset); }

    /** Starts a scope (try-with-resources) in which no graph is recorded. */
    public static GradMode.NoGradScope noGrad() { return GradMode.noGrad(); }

    private Tensor rec(Tensor out, String name, Node.Backward backward, Tensor... inputs) {
        return Node.record(out, name, inputs, backward);
    }

    // ================================================================== dtype

    /** A copy converted to dtype (this itself if it already has it). Differentiable between float types. */
    public Tensor to(DType target) {
        if (target == dtype) return this;
        Tensor out = convert(target);
        if (target.isFloatingPoint() && dtype.isFloatingPoint()) {
            return rec(out, "to", g -> new Tensor[] {g.convert(dtype)}, this);
        }
        return out;
    }

    /** Conversion without graph recording, for kernels whose own backward handles the dtype. */
    Tensor convertTo(DType target) { return target == dtype ? this : convert(target); }

    Tensor convert(DType target) {
        Tensor c = contiguous();
        int n = c.numelInt();
        Tensor out = empty(target, shape);
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

    // ================================================================== views

    public Tensor contiguous() {
        if (isContiguous()) return this;
        return rec(contiguousCopy(), "contiguous", g -> new Tensor[] {g}, this);
    }

    /** Always a fresh contiguous copy, without graph recording. */
    Tensor contiguousCopy() {
        Tensor out = empty(dtype, shape);
        int n = out.numelInt();
        if (n == 0) return out;
        int rank = shape.length;
        if (rank == 0) {
            out.setStorage(0, getStorage(offset));
            return out;
        }
        int inner = shape[rank - 1], innerStride = strides[rank - 1];
        int rows = n / inner;
        for (int r = 0; r < rows; r++) {
            int src = offset, rem = r;
            for (int dd = rank - 2; dd >= 0; dd--) {
                int idx = rem % shape[dd];
                rem /= shape[dd];
                src += idx * strides[dd];
            }
            int dst = r * inner;
            switch (dtype) {
                case FLOAT32 -> {
                    if (innerStride == 1) System.arraycopy(f, src, out.f, dst, inner);
                    else for (int i = 0; i < inner; i++) out.f[dst + i] = f[src + i * innerStride];
                }
                case FLOAT64 -> {
                    if (innerStride == 1) System.arraycopy(d, src, out.d, dst, inner);
                    else for (int i = 0; i < inner; i++) out.d[dst + i] = d[src + i * innerStride];
                }
                case INT64 -> {
                    if (innerStride == 1) System.arraycopy(l, src, out.l, dst, inner);
                    else for (int i = 0; i < inner; i++) out.l[dst + i] = l[src + i * innerStride];
                }
            }
        }
        return out;
    }

    private Tensor viewOf(int[] newShape, int[] newStrides, int newOffset) {
        return new Tensor(dtype, data(), newShape, newStrides, newOffset);
    }

    private int[] inferShape(String op, int[] newShape) {
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
        int n = numelInt();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape)
                        + " is invalid for a tensor of " + n + " elements (shape " + Shapes.str(shape) + ")");
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape)
                    + " is invalid for a tensor of " + n + " elements (shape " + Shapes.str(shape) + ")");
        }
        return s;
    }

    /** A tensor of the new shape (one dim may be -1); a view when the layout allows, else a copy. */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape("reshape", newShape);
        int[] original = shape;
        Tensor src = isContiguous() ? this : contiguousCopy();
        Tensor out = src.viewOf(s, Shapes.contiguousStrides(s), src.offset);
        return rec(out, "reshape", g -> new Tensor[] {g.reshape(original)}, this);
    }

    /** Like reshape but never copies: the tensor must be contiguous. */
    public Tensor view(int... newShape) {
        int[] s = inferShape("view", newShape);
        if (!isContiguous()) {
            throw new IllegalStateException("view: tensor of shape " + Shapes.str(shape) + " with strides "
                    + Arrays.toString(strides) + " is not contiguous; use reshape(...) or contiguous().view(...)");
        }
        return reshape(s);
    }

    public Tensor flatten() { return reshape(-1); }

    /** Flattens dims startDim..endDim (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) {
        if (shape.length == 0) return reshape(1);
        int s = Shapes.dim("flatten", startDim, shape.length), e = Shapes.dim("flatten", endDim, shape.length);
        if (s > e) throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim);
        int[] ns = new int[shape.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) ns[j++] = shape[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= shape[i];
        ns[j++] = prod;
        for (int i = e + 1; i < shape.length; i++) ns[j++] = shape[i];
        return reshape(ns);
    }

    public Tensor transpose(int dim0, int dim1) {
        int a = Shapes.dim("transpose", dim0, shape.length), b = Shapes.dim("transpose", dim1, shape.length);
        if (shape.length == 0) return this;
        int[] ns = shape.clone(), st = strides.clone();
        ns[a] = shape[b]; ns[b] = shape[a];
        st[a] = strides[b]; st[b] = strides[a];
        return rec(viewOf(ns, st, offset), "transpose", g -> new Tensor[] {g.transpose(a, b)}, this);
    }

    /** Transpose of a tensor of at most 2 dims. */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t: expects a tensor of at most 2 dims, got shape " + Shapes.str(shape)
                    + "; use transpose(dim0, dim1) or permute");
        }
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** The transpose of the last two dims (PyTorch's mT). */
    public Tensor mT() { return transpose(-2, -1); }

    public Tensor permute(int... dims) {
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
            st[i] = strides[dd];
            inv[dd] = i;
        }
        return rec(viewOf(ns, st, offset), "permute", g -> new Tensor[] {g.permute(inv)}, this);
    }

    /** Removes every dim of size 1. */
    public Tensor squeeze() {
        int[] ns = Arrays.stream(shape).filter(s -> s != 1).toArray();
        return reshape(ns);
    }

    /** Removes dim if its size is 1 (otherwise returns the tensor unchanged, as PyTorch). */
    public Tensor squeeze(int dim) {
        if (shape.length == 0) return this;
        int dd = Shapes.dim("squeeze", dim, shape.length);
        if (shape[dd] != 1) return this;
        int[] ns = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dd) ns[j++] = shape[i];
        return reshapeView(ns);
    }

    public Tensor unsqueeze(int dim) {
        int dd = Shapes.dim("unsqueeze", dim, shape.length + 1);
        int[] ns = new int[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) ns[i] = i == dd ? 1 : shape[j++];
        return reshapeView(ns);
    }

    /** Reshape that only inserts or removes size-1 dims: always a view, even when not contiguous. */
    private Tensor reshapeView(int[] ns) {
        int[] st = new int[ns.length];
        int j = 0;
        for (int i = 0; i < ns.length; i++) {
            while (j < shape.length && shape[j] == 1 && ns[i] != 1) j++;
            if (j < shape.length && shape[j] == ns[i]) {
                st[i] = strides[j++];
            } else {
                st[i] = 1; // inserted size-1 dim: stride is irrelevant
            }
        }
        int[] original = shape;
        return rec(viewOf(ns, st, offset), "view", g -> new Tensor[] {g.reshape(original)}, this);
    }

    /** The slice [start, start+length) of dim, as a view. */
    public Tensor narrow(int dim, int start, int length) {
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
        DType dt = dtype;
        return rec(viewOf(ns, strides.clone(), offset + start * strides[dd]), "narrow", g -> {
            Tensor z = empty(g.dtype, original);
            z.narrow(dd, s0, length).copyFrom(g);
            return new Tensor[] {z};
        }, this);
    }

    /** The index-th slice along dim, with that dim removed, as a view. */
    public Tensor select(int dim, int index) {
        int dd = Shapes.dim("select", dim, shape.length);
        int ix = index < 0 ? index + shape[dd] : index;
        if (ix < 0 || ix >= shape[dd]) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dim " + dd
                    + " with size " + shape[dd] + " (shape " + Shapes.str(shape) + ")");
        }
        return narrow(dd, ix, 1).squeeze(dd);
    }

    /** Broadcasts size-1 dims (and new leading dims) to the given sizes, as a view; -1 keeps a size. */
    public Tensor expand(int... sizes) {
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
            st[i] = i < shift || (cur == 1 && want != 1) ? 0 : strides[i - shift];
        }
        if (Arrays.equals(ns, shape)) return this;
        int[] original = shape;
        return rec(viewOf(ns, st, offset), "expand", g -> new Tensor[] {g.sumTo(original)}, this);
    }

    public Tensor expandAs(Tensor other) { return expand(other.shape); }

    /** A contiguous copy that records its gradient. */
    @Override
    public Tensor clone() { return rec(contiguousCopy(), "clone", g -> new Tensor[] {g}, this); }

    /** Concatenates along dim; all other dims must match. */
    public static Tensor cat(List<Tensor> tensors, int dim) { return cat(dim, tensors.toArray(new Tensor[0])); }

    public static Tensor cat(int dim, Tensor... tensors) { return Joins.cat(dim, tensors); }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) { return stack(dim, tensors.toArray(new Tensor[0])); }

    public static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
        int dd = Shapes.dim("stack", dim, tensors[0].dim() + 1);
        Tensor[] u = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.str(tensors[i].shape)
                        + " but tensor 0 has " + Shapes.str(tensors[0].shape));
            }
            u[i] = tensors[i].unsqueeze(dd);
        }
        return cat(dd, u);
    }

    /** Splits into chunks of size along dim (views). */
    public List<Tensor> split(int size, int dim) {
        int dd = Shapes.dim("split", dim, shape.length);
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        java.util.ArrayList<Tensor> out = new java.util.ArrayList<>();
        for (int s = 0; s < shape[dd]; s += size) out.add(narrow(dd, s, Math.min(size, shape[dd] - s)));
        return out;
    }

    // ================================================================== in-place (no graph)

    private void checkInPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad && gradFn == null) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad cannot be modified in place while "
                    + "gradients are recorded; wrap the update in try (var g = Tensor.noGrad()) { ... }");
        }
    }

    /** Copies src (broadcast to this shape) into this tensor's elements. */
    public Tensor copy_(Tensor src) {
        checkInPlace("copy_");
        copyFrom(src);
        return this;
    }

    void copyFrom(Tensor src) {
        Tensor s = src.convertTo(dtype).expand(shape).contiguous();
        if (isContiguous()) {
            System.arraycopy(s.data(), s.offset, data(), offset, numelInt());
            return;
        }
        Tensor.Strided.copy(s, this);
    }

    public Tensor zero_() { return fill_(0); }

    public Tensor fill_(double v) {
        checkInPlace("fill_");
        if (isContiguous() && offset == 0 && numelInt() == storageLength()) {
            fillStorage(v);
        } else {
            copyFrom(full(dtype, v));
        }
        return this;
    }

    private int storageLength() {
        return switch (dtype) {
            case FLOAT32 -> f.length;
            case FLOAT64 -> d.length;
            case INT64 -> l.length;
        };
    }

    /** this += alpha * other, in place (other broadcast to this shape). */
    public Tensor add_(Tensor other, double alpha) {
        checkInPlace("add_");
        Tensor o = other.convertTo(dtype).expand(shape).contiguous();
        if (isContiguous() && dtype == DType.FLOAT32) {
            float a = (float) alpha;
            float[] x = f, y = o.f;
            int n = numelInt(), xo = offset, yo = o.offset;
            for (int i = 0; i < n; i++) x[xo + i] += a * y[yo + i];
        } else {
            copyFrom(Elementwise.binary(Elementwise.Bin.ADD, this, Elementwise.scalar(Elementwise.Bin.MUL, o, alpha)));
        }
        return this;
    }

    public Tensor add_(Tensor other) { return add_(other, 1.0); }

    public Tensor sub_(Tensor other) { return add_(other, -1.0); }

    public Tensor mul_(double v) {
        checkInPlace("mul_");
        if (isContiguous() && dtype == DType.FLOAT32) {
            float a = (float) v;
            int n = numelInt();
            for (int i = 0; i < n; i++) f[offset + i] *= a;
        } else {
            copyFrom(Elementwise.scalar(Elementwise.Bin.MUL, this, v));
        }
        return this;
    }

    public Tensor mul_(Tensor other) {
        checkInPlace("mul_");
        copyFrom(Elementwise.binary(Elementwise.Bin.MUL, this, other));
        return this;
    }

    // ================================================================== arithmetic

    public Tensor add(Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.ADD, this, o);
        return rec(out, "add", g -> new Tensor[] {g.sumTo(shape), g.sumTo(o.shape)}, this, o);
    }

    public Tensor sub(Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.SUB, this, o);
        return rec(out, "sub", g -> new Tensor[] {g.sumTo(shape), g.neg().sumTo(o.shape)}, this, o);
    }

    public Tensor mul(Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.MUL, this, o);
        return rec(out, "mul", g -> new Tensor[] {
                requiresGrad ? g.mul(o).sumTo(shape) : null,
                o.requiresGrad ? g.mul(this).sumTo(o.shape) : null}, this, o);
    }

    public Tensor div(Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.DIV, this, o);
        return rec(out, "div", g -> new Tensor[] {
                requiresGrad ? g.div(o).sumTo(shape) : null,
                o.requiresGrad ? g.mul(out).div(o).neg().sumTo(o.shape) : null}, this, o);
    }

    public Tensor add(double v) { return rec(Elementwise.scalar(Elementwise.Bin.ADD, this, v), "add", g -> new Tensor[] {g}, this); }

    public Tensor sub(double v) { return rec(Elementwise.scalar(Elementwise.Bin.SUB, this, v), "sub", g -> new Tensor[] {g}, this); }

    /** v - this. */
    public Tensor rsub(double v) { return neg().add(v); }

    public Tensor mul(double v) { return rec(Elementwise.scalar(Elementwise.Bin.MUL, this, v), "mul", g -> new Tensor[] {g.mul(v)}, this); }

    public Tensor div(double v) { return rec(Elementwise.scalar(Elementwise.Bin.DIV, this, v), "div", g -> new Tensor[] {g.div(v)}, this); }

    public Tensor pow(double p) {
        Tensor out = Elementwise.scalar(Elementwise.Bin.POW, this, p);
        return rec(out, "pow", g -> new Tensor[] {p == 0 ? zerosLike(g) : g.mul(pow(p - 1)).mul(p)}, this);
    }

    public Tensor pow(Tensor e) {
        Tensor out = Elementwise.binary(Elementwise.Bin.POW, this, e);
        return rec(out, "pow", g -> new Tensor[] {
                requiresGrad ? g.mul(e).mul(pow(e.sub(1))).sumTo(shape) : null,
                e.requiresGrad ? g.mul(out).mul(log()).sumTo(e.shape) : null}, this, e);
    }

    public Tensor maximum(Tensor o) { return minMax(o, true); }

    public Tensor minimum(Tensor o) { return minMax(o, false); }

    private Tensor minMax(Tensor o, boolean max) {
        Tensor out = Elementwise.binary(max ? Elementwise.Bin.MAX : Elementwise.Bin.MIN, this, o);
        return rec(out, max ? "maximum" : "minimum", g -> {
            // ties split the gradient evenly, as PyTorch does
            Tensor win = max ? gt(o) : lt(o);
            Tensor tie = eq(o).mul(0.5);
            Tensor wa = win.add(tie).convertTo(g.dtype), wb = win.rsub(1).sub(eq(o)).add(tie).convertTo(g.dtype);
            return new Tensor[] {g.mul(wa).sumTo(shape), g.mul(wb).sumTo(o.shape)};
        }, this, o);
    }

    /** Elementwise choice: where cond is nonzero take a, else b (all three broadcast). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor out = Elementwise.where(cond, a, b);
        return Node.record(out, "where", new Tensor[] {a, b}, g -> {
            Tensor z = zerosLike(g);
            return new Tensor[] {where(cond, g, z).sumTo(a.shape), where(cond, z, g).sumTo(b.shape)};
        });
    }

    public Tensor neg() { return rec(Elementwise.unary(Elementwise.Un.NEG, this), "neg", g -> new Tensor[] {g.neg()}, this); }

    public Tensor abs() { return rec(Elementwise.unary(Elementwise.Un.ABS, this), "abs", g -> new Tensor[] {g.mul(sign())}, this); }

    /** -1, 0 or 1 (no gradient). */
    public Tensor sign() { return Elementwise.unary(Elementwise.Un.SIGN, this); }

    public Tensor exp() {
        Tensor out = Elementwise.unary(Elementwise.Un.EXP, this);
        return rec(out, "exp", g -> new Tensor[] {g.mul(out)}, this);
    }

    public Tensor log() { return rec(Elementwise.unary(Elementwise.Un.LOG, this), "log", g -> new Tensor[] {g.div(this)}, this); }

    public Tensor log1p() { return rec(Elementwise.unary(Elementwise.Un.LOG1P, this), "log1p", g -> new Tensor[] {g.div(add(1))}, this); }

    public Tensor sqrt() {
        Tensor out = Elementwise.unary(Elementwise.Un.SQRT, this);
        return rec(out, "sqrt", g -> new Tensor[] {g.div(out.mul(2))}, this);
    }

    public Tensor square() { return rec(Elementwise.unary(Elementwise.Un.SQUARE, this), "square", g -> new Tensor[] {g.mul(this).mul(2)}, this); }

    public Tensor reciprocal() {
        Tensor out = Elementwise.unary(Elementwise.Un.RECIPROCAL, this);
        return rec(out, "reciprocal", g -> new Tensor[] {g.mul(out.square()).neg()}, this);
    }

    public Tensor sin() { return rec(Elementwise.unary(Elementwise.Un.SIN, this), "sin", g -> new Tensor[] {g.mul(cos())}, this); }

    public Tensor cos() { return rec(Elementwise.unary(Elementwise.Un.COS, this), "cos", g -> new Tensor[] {g.mul(sin()).neg()}, this); }

    public Tensor clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        Tensor out = Elementwise.scalar(Elementwise.Bin.MIN, Elementwise.scalar(Elementwise.Bin.MAX, this, min), max);
        return rec(out, "clamp", g -> new Tensor[] {g.mul(ge(min).mul(le(max)).convertTo(g.dtype))}, this);
    }

    public Tensor clampMin(double min) { return clamp(min, Double.POSITIVE_INFINITY); }

    public Tensor clampMax(double max) { return clamp(Double.NEGATIVE_INFINITY, max); }

    // ================================================================== comparisons (0/1, no gradient)

    public Tensor gt(Tensor o) { return Elementwise.binary(Elementwise.Bin.GT, this, o); }
    public Tensor lt(Tensor o) { return Elementwise.binary(Elementwise.Bin.LT, this, o); }
    public Tensor ge(Tensor o) { return Elementwise.binary(Elementwise.Bin.GE, this, o); }
    public Tensor le(Tensor o) { return Elementwise.binary(Elementwise.Bin.LE, this, o); }
    public Tensor eq(Tensor o) { return Elementwise.binary(Elementwise.Bin.EQ, this, o); }
    public Tensor ne(Tensor o) { return Elementwise.binary(Elementwise.Bin.NE, this, o); }
    public Tensor gt(double v) { return Elementwise.scalar(Elementwise.Bin.GT, this, v); }
    public Tensor lt(double v) { return Elementwise.scalar(Elementwise.Bin.LT, this, v); }
    public Tensor ge(double v) { return Elementwise.scalar(Elementwise.Bin.GE, this, v); }
    public Tensor le(double v) { return Elementwise.scalar(Elementwise.Bin.LE, this, v); }
    public Tensor eq(double v) { return Elementwise.scalar(Elementwise.Bin.EQ, this, v); }
    public Tensor ne(double v) { return Elementwise.scalar(Elementwise.Bin.NE, this, v); }

    /** True when shapes match and every element is equal. */
    public boolean equal(Tensor o) {
        return Arrays.equals(shape, o.shape) && Arrays.equals(toDoubleArray(), o.toDoubleArray());
    }

    // ================================================================== activations

    public Tensor relu() {
        Tensor out = Elementwise.unary(Elementwise.Un.RELU, this);
        return rec(out, "relu", g -> new Tensor[] {g.mul(Elementwise.unary(Elementwise.Un.STEP, out).convertTo(g.dtype))}, this);
    }

    public Tensor sigmoid() {
        Tensor out = Elementwise.unary(Elementwise.Un.SIGMOID, this);
        return rec(out, "sigmoid", g -> new Tensor[] {g.mul(out).mul(out.rsub(1))}, this);
    }

    public Tensor tanh() {
        Tensor out = Elementwise.unary(Elementwise.Un.TANH, this);
        return rec(out, "tanh", g -> new Tensor[] {g.mul(out.square().rsub(1))}, this);
    }

    public Tensor softmax(int dim) { return Softmax.softmax(this, Shapes.dim("softmax", dim, dim()), false); }

    public Tensor logSoftmax(int dim) { return Softmax.softmax(this, Shapes.dim("logSoftmax", dim, dim()), true); }

    // ================================================================== reductions

    public Tensor sum() {
        Tensor out = full(dtype, Reductions.sumAll(this));
        int[] original = shape;
        return rec(out, "sum", g -> new Tensor[] {g.expand(original).contiguous()}, this);
    }

    public Tensor sum(int dim, boolean keepDim) {
        if (shape.length == 0) return sum();
        int dd = Shapes.dim("sum", dim, shape.length);
        Tensor out = Reductions.reduce(Reductions.Kind.SUM, this, dd, keepDim);
        int[] original = shape;
        return rec(out, "sum", g -> new Tensor[] {(keepDim ? g : g.unsqueeze(dd)).expand(original).contiguous()}, this);
    }

    public Tensor sum(int dim) { return sum(dim, false); }

    /** Sum over several dims. */
    public Tensor sum(int[] dims, boolean keepDim) {
        int[] sorted = Arrays.stream(dims).map(x -> Shapes.dim("sum", x, shape.length)).sorted().toArray();
        Tensor r = this;
        for (int i = sorted.length - 1; i >= 0; i--) r = r.sum(sorted[i], keepDim);
        return r;
    }

    public Tensor mean() {
        requireFloat("mean");
        return sum().div(Math.max(1, numelInt()));
    }

    public Tensor mean(int dim, boolean keepDim) {
        requireFloat("mean");
        if (shape.length == 0) return mean();
        int dd = Shapes.dim("mean", dim, shape.length);
        return sum(dd, keepDim).div(shape[dd]);
    }

    public Tensor mean(int dim) { return mean(dim, false); }

    public Tensor mean(int[] dims, boolean keepDim) {
        requireFloat("mean");
        int count = 1;
        for (int x : dims) count *= shape[Shapes.dim("mean", x, shape.length)];
        return sum(dims, keepDim).div(count);
    }

    private void requireFloat(String op) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a floating-point tensor, got " + dtype
                    + "; convert with to(DType.FLOAT32)");
        }
    }

    /** Variance over all elements; unbiased (divides by n-1) as torch.var's default. */
    public Tensor var() { return var(true); }

    public Tensor var(boolean unbiased) {
        requireFloat("var");
        Tensor c = sub(mean());
        return c.square().sum().div(Math.max(0, numelInt() - (unbiased ? 1 : 0)));
    }

    public Tensor var(int dim, boolean keepDim) { return var(dim, keepDim, true); }

    public Tensor var(int dim, boolean keepDim, boolean unbiased) {
        requireFloat("var");
        int dd = Shapes.dim("var", dim, shape.length);
        Tensor c = sub(mean(dd, true));
        return c.square().sum(dd, keepDim).div(Math.max(0, shape[dd] - (unbiased ? 1 : 0)));
    }

    public Tensor std() { return var().sqrt(); }

    public Tensor std(boolean unbiased) { return var(unbiased).sqrt(); }

    public Tensor std(int dim, boolean keepDim) { return var(dim, keepDim).sqrt(); }

    public Tensor std(int dim, boolean keepDim, boolean unbiased) { return var(dim, keepDim, unbiased).sqrt(); }

    /** The largest element (a 0-dim tensor). */
    public Tensor max() { return flatten().max(0, false); }

    public Tensor min() { return flatten().min(0, false); }

    /** The largest values along dim; the gradient flows to the (first) arg-max. */
    public Tensor max(int dim) { return max(dim, false); }

    public Tensor max(int dim, boolean keepDim) { return extreme(dim, keepDim, true); }

    public Tensor min(int dim) { return min(dim, false); }

    public Tensor min(int dim, boolean keepDim) { return extreme(dim, keepDim, false); }

    private Tensor extreme(int dim, boolean keepDim, boolean max) {
        if (shape.length == 0) return this;
        int dd = Shapes.dim(max ? "max" : "min", dim, shape.length);
        Tensor out = Reductions.reduce(max ? Reductions.Kind.MAX : Reductions.Kind.MIN, this, dd, keepDim);
        if (!requiresGrad || !GradMode.isEnabled()) return out;
        Tensor idx = Reductions.reduce(max ? Reductions.Kind.ARGMAX : Reductions.Kind.ARGMIN, this, dd, true);
        int[] original = shape;
        return rec(out, max ? "max" : "min", g -> new Tensor[] {
                Indexing.scatterAdd(zeros(g.dtype, original), dd, idx, keepDim ? g : g.unsqueeze(dd))}, this);
    }

    /** Indices (INT64) of the largest values along dim. */
    public Tensor argmax(int dim) { return argmax(dim, false); }

    public Tensor argmax(int dim, boolean keepDim) {
        if (shape.length == 0) return zeros(DType.INT64);
        return Reductions.reduce(Reductions.Kind.ARGMAX, this, Shapes.dim("argmax", dim, shape.length), keepDim);
    }

    /** Index of the largest element of the flattened tensor. */
    public Tensor argmax() { return flatten().argmax(0); }

    public Tensor argmin(int dim) {
        if (shape.length == 0) return zeros(DType.INT64);
        return Reductions.reduce(Reductions.Kind.ARGMIN, this, Shapes.dim("argmin", dim, shape.length), false);
    }

    /** Sums a broadcast gradient back down to target's shape. */
    public Tensor sumTo(int[] target) {
        if (Arrays.equals(shape, target)) return this;
        int lead = shape.length - target.length;
        if (lead < 0) throw new IllegalArgumentException("sumTo: cannot reduce shape " + Shapes.str(shape) + " to " + Shapes.str(target));
        Tensor r = this;
        for (int i = 0; i < lead; i++) r = r.sum(0, false);
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 1 && r.shape[i] != 1) r = r.sum(i, true);
        }
        if (!Arrays.equals(r.shape, target)) {
            throw new IllegalArgumentException("sumTo: cannot reduce shape " + Shapes.str(shape) + " to " + Shapes.str(target));
        }
        return r;
    }

    // ================================================================== linear algebra and indexing

    /** Matrix product with torch.matmul's rules: 1-D, 2-D and batched N-D with broadcast batch dims. */
    public Tensor matmul(Tensor o) {
        if (dim() == 0 || o.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dim, got shapes "
                    + Shapes.str(shape) + " and " + Shapes.str(o.shape));
        }
        if (dim() == 1 && o.dim() == 1) {
            if (shape[0] != o.shape[0]) {
                throw new IllegalArgumentException("matmul: 1-D tensors of sizes " + shape[0] + " and " + o.shape[0] + " have different lengths");
            }
            return unsqueeze(0).matmul(o.unsqueeze(1)).reshape();
        }
        if (dim() == 1) return unsqueeze(0).matmul(o).squeeze(-2);
        if (o.dim() == 1) return matmul(o.unsqueeze(1)).squeeze(-1);
        Tensor out = MatMul.batched(this, o);
        return rec(out, "matmul", g -> new Tensor[] {
                requiresGrad ? g.matmul(o.mT()).sumTo(shape) : null,
                o.requiresGrad ? mT().matmul(g).sumTo(o.shape) : null}, this, o);
    }

    /** 2-D matrix product. */
    public Tensor mm(Tensor o) {
        if (dim() != 2 || o.dim() != 2) {
            throw new IllegalArgumentException("mm: expects 2-D tensors, got shapes " + Shapes.str(shape) + " and " + Shapes.str(o.shape));
        }
        return matmul(o);
    }

    /** out[i][j] = this[i][index[i][j]] along dim (index INT64, same rank). */
    public Tensor gather(int dim, Tensor index) {
        int dd = Shapes.dim("gather", dim, shape.length);
        Tensor out = Indexing.gather(this, dd, index);
        int[] original = shape;
        return rec(out, "gather", g -> new Tensor[] {Indexing.scatterAdd(zeros(g.dtype, original), dd, index, g)}, this);
    }

    /** The entries of dim listed in a 1-D INT64 index. */
    public Tensor indexSelect(int dim, Tensor index) {
        int dd = Shapes.dim("indexSelect", dim, shape.length);
        Tensor out = Indexing.indexSelect(this, dd, index);
        int[] original = shape;
        return rec(out, "indexSelect", g -> new Tensor[] {Indexing.indexAdd(zeros(g.dtype, original), dd, index, g)}, this);
    }

    /** Out-of-place scatter-add: a copy of this with src added at index along dim. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        int dd = Shapes.dim("scatterAdd", dim, shape.length);
        Tensor out = Indexing.scatterAdd(contiguousCopy(), dd, index, src);
        return rec(out, "scatterAdd", g -> new Tensor[] {g, Indexing.gather(g, dd, index)}, this, src);
    }

    /** One-hot encoding of an INT64 tensor of class indices: shape [..., numClasses], FLOAT32. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

    static final class Strided {
        private Strided() {}

        /** Copies contiguous src into a possibly strided dst of the same shape and dtype. */
        static void copy(Tensor src, Tensor dst) {
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
}
