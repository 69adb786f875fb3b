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
 *
 * <p>This class is the facade: storage, inspection and the autograd entry points live here, the ops
 * themselves in package-private classes of one concept each ({@code Creation}, {@code Views},
 * {@code Copies}, {@code InPlace}, {@code PointwiseOps}, {@code ReductionOps}, {@code Joins},
 * {@code MatMul}, {@code Indexing}, {@code Softmax}).
 */
public final class Tensor {
    final DType dtype;
    final float[] f;
    final double[] d;
    final long[] l;
    final int[] shape;
    final int[] strides;
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

    /** The storage array: f, d or l, whichever the dtype uses. */
    Object data() {
        return switch (dtype) {
            case FLOAT32 -> f;
            case FLOAT64 -> d;
            case INT64 -> l;
        };
    }

    // ================================================================== creation (Creation)

    static Tensor empty(DType dtype, int... shape) { return Creation.empty(dtype, shape); }

    /** A FLOAT32 tensor holding a copy of data; with no shape given, a 1-D tensor. */
    public static Tensor of(float[] data, int... shape) { return Creation.over("Tensor.of", DType.FLOAT32, data, data.length, shape, true); }

    public static Tensor of(double[] data, int... shape) { return Creation.over("Tensor.of", DType.FLOAT64, data, data.length, shape, true); }

    public static Tensor of(long[] data, int... shape) { return Creation.over("Tensor.of", DType.INT64, data, data.length, shape, true); }

    /** A FLOAT32 tensor over data without copying it: later writes to the array show in the tensor. */
    public static Tensor wrap(float[] data, int... shape) { return Creation.over("Tensor.wrap", DType.FLOAT32, data, data.length, shape, false); }

    public static Tensor wrap(double[] data, int... shape) { return Creation.over("Tensor.wrap", DType.FLOAT64, data, data.length, shape, false); }

    public static Tensor wrap(long[] data, int... shape) { return Creation.over("Tensor.wrap", DType.INT64, data, data.length, shape, false); }

    /** A 0-dimensional FLOAT32 tensor. */
    public static Tensor scalar(double value) { return full(DType.FLOAT32, value); }

    public static Tensor scalar(double value, DType dtype) { return full(dtype, value); }

    public static Tensor zeros(int... shape) { return empty(DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return empty(dtype, shape); }

    public static Tensor ones(int... shape) { return full(1.0, shape); }

    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    public static Tensor full(double value, int... shape) { return full(DType.FLOAT32, value, shape); }

    public static Tensor full(DType dtype, double value, int... shape) { return Creation.full(dtype, value, shape); }

    public static Tensor zerosLike(Tensor t) { return empty(t.dtype, t.shape); }

    public static Tensor onesLike(Tensor t) { return full(t.dtype, 1.0, t.shape); }

    public static Tensor fullLike(Tensor t, double value) { return full(t.dtype, value, t.shape); }

    /** Sets the seed of the global generator: every random op after it is reproducible. */
    public static void manualSeed(long seed) { Generator.global().manualSeed(seed); }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(int... shape) { return rand(Generator.global(), shape); }

    public static Tensor rand(Generator g, int... shape) { return Creation.rand(g, shape); }

    /** Standard normal samples. */
    public static Tensor randn(int... shape) { return randn(Generator.global(), shape); }

    public static Tensor randn(Generator g, int... shape) { return Creation.randn(g, shape); }

    /** Uniform INT64 samples in [low, high). */
    public static Tensor randint(long low, long high, int... shape) { return Creation.randint(low, high, shape); }

    /** A random permutation of 0..n-1 (INT64). */
    public static Tensor randperm(int n) { return Creation.randperm(n); }

    /** 0, 1, ..., end-1 as INT64, like torch.arange with integer arguments. */
    public static Tensor arange(int end) { return arange(0, end, 1); }

    public static Tensor arange(int start, int end) { return arange(start, end, 1); }

    public static Tensor arange(int start, int end, int step) { return Creation.arange(start, end, step); }

    /** 0, 1, ... below end as FLOAT32, like torch.arange(5.0). */
    public static Tensor arange(double end) { return arange(0, end, 1); }

    /** start, start+1, ... below end as FLOAT32, like torch.arange(0.5, 3.0). */
    public static Tensor arange(double start, double end) { return arange(start, end, 1); }

    /** start, start+step, ... below end as FLOAT32, like torch.arange with floating arguments. */
    public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step); }

    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(start, end, steps); }

    public static Tensor eye(int n) { return eye(n, n); }

    public static Tensor eye(int n, int m) { return Creation.eye(n, m); }


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
    public double get(int... index) { return getStorage(Indexing.storageIndex(this, index)); }

    /** Writes one element in place (no autograd). */
    public void set(double value, int... index) { setStorage(Indexing.storageIndex(this, index), value); }

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

    void fillStorage(double v) {
        switch (dtype) {
            case FLOAT32 -> Arrays.fill(f, (float) v);
            case FLOAT64 -> Arrays.fill(d, v);
            case INT64 -> Arrays.fill(l, (long) v);
        }
    }

    int storageLength() {
        return switch (dtype) {
            case FLOAT32 -> f.length;
            case FLOAT64 -> d.length;
            case INT64 -> l.length;
        };
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

    Tensor convert(DType target) { return Copies.convert(this, target); }

    // ================================================================== views (Views)

    public Tensor contiguous() {
        if (isContiguous()) return this;
        return rec(contiguousCopy(), "contiguous", g -> new Tensor[] {g}, this);
    }

    /** Always a fresh contiguous copy, without graph recording. */
    Tensor contiguousCopy() { return Copies.contiguousCopy(this); }

    /** A tensor of the new shape (one dim may be -1); a view when the layout allows, else a copy. */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape); }

    /** Like reshape but never copies: the tensor must be contiguous. */
    public Tensor view(int... newShape) { return Views.view(this, newShape); }

    public Tensor flatten() { return reshape(-1); }

    /** Flattens dims startDim..endDim (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }

    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }

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

    public Tensor permute(int... dims) { return Views.permute(this, dims); }

    /** Removes every dim of size 1. */
    public Tensor squeeze() {
        int[] ns = Arrays.stream(shape).filter(s -> s != 1).toArray();
        return reshape(ns);
    }

    /** Removes dim if its size is 1 (otherwise returns the tensor unchanged, as PyTorch). */
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }

    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }

    /** The slice [start, start+length) of dim, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }

    /** The index-th slice along dim, with that dim removed, as a view. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }

    /** Broadcasts size-1 dims (and new leading dims) to the given sizes, as a view; -1 keeps a size. */
    public Tensor expand(int... sizes) { return Views.expand(this, sizes); }

    public Tensor expandAs(Tensor other) { return expand(other.shape); }

    /** A contiguous copy that records its gradient. */
    @Override
    public Tensor clone() { return rec(contiguousCopy(), "clone", g -> new Tensor[] {g}, this); }

    /** Concatenates along dim; all other dims must match. */
    public static Tensor cat(List<Tensor> tensors, int dim) { return cat(dim, tensors.toArray(new Tensor[0])); }

    public static Tensor cat(int dim, Tensor... tensors) { return Joins.cat(dim, tensors); }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) { return stack(dim, tensors.toArray(new Tensor[0])); }

    public static Tensor stack(int dim, Tensor... tensors) { return Joins.stack(dim, tensors); }

    /** Splits into chunks of size along dim (views). */
    public List<Tensor> split(int size, int dim) { return Views.split(this, size, dim); }

    // ================================================================== in-place, no graph (InPlace)

    /** Copies src (broadcast to this shape) into this tensor's elements. */
    public Tensor copy_(Tensor src) { return InPlace.copy(this, src); }

    /** Copies src into this tensor's elements without the in-place check (gradients, kernels). */
    void copyFrom(Tensor src) { Copies.copyInto(this, src); }

    public Tensor zero_() { return fill_(0); }

    public Tensor fill_(double v) { return InPlace.fill(this, v); }

    /** this += alpha * other, in place (other broadcast to this shape). */
    public Tensor add_(Tensor other, double alpha) { return InPlace.add(this, other, alpha); }

    public Tensor add_(Tensor other) { return add_(other, 1.0); }

    public Tensor sub_(Tensor other) { return add_(other, -1.0); }

    public Tensor mul_(double v) { return InPlace.mul(this, v); }

    public Tensor mul_(Tensor other) { return InPlace.mul(this, other); }

    // ================================================================== arithmetic (PointwiseOps)

    public Tensor add(Tensor o) { return PointwiseOps.add(this, o); }

    public Tensor sub(Tensor o) { return PointwiseOps.sub(this, o); }

    public Tensor mul(Tensor o) { return PointwiseOps.mul(this, o); }

    public Tensor div(Tensor o) { return PointwiseOps.div(this, o); }

    public Tensor add(double v) { return PointwiseOps.add(this, v); }

    public Tensor sub(double v) { return PointwiseOps.sub(this, v); }

    /** v - this. */
    public Tensor rsub(double v) { return neg().add(v); }

    public Tensor mul(double v) { return PointwiseOps.mul(this, v); }

    public Tensor div(double v) { return PointwiseOps.div(this, v); }

    public Tensor pow(double p) { return PointwiseOps.pow(this, p); }

    public Tensor pow(Tensor e) { return PointwiseOps.pow(this, e); }

    public Tensor maximum(Tensor o) { return PointwiseOps.minMax(this, o, true); }

    public Tensor minimum(Tensor o) { return PointwiseOps.minMax(this, o, false); }

    /** Elementwise choice: where cond is nonzero take a, else b (all three broadcast). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return PointwiseOps.where(cond, a, b); }

    public Tensor neg() { return PointwiseOps.neg(this); }

    public Tensor abs() { return PointwiseOps.abs(this); }

    /** -1, 0 or 1 (no gradient). */
    public Tensor sign() { return Elementwise.unary(Elementwise.Un.SIGN, this); }

    public Tensor exp() { return PointwiseOps.exp(this); }

    public Tensor log() { return PointwiseOps.log(this); }

    public Tensor log1p() { return PointwiseOps.log1p(this); }

    public Tensor sqrt() { return PointwiseOps.sqrt(this); }

    public Tensor square() { return PointwiseOps.square(this); }

    public Tensor reciprocal() { return PointwiseOps.reciprocal(this); }

    public Tensor sin() { return PointwiseOps.sin(this); }

    public Tensor cos() { return PointwiseOps.cos(this); }

    public Tensor clamp(double min, double max) { return PointwiseOps.clamp(this, min, max); }

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

    public Tensor relu() { return PointwiseOps.relu(this); }

    public Tensor sigmoid() { return PointwiseOps.sigmoid(this); }

    public Tensor tanh() { return PointwiseOps.tanh(this); }

    public Tensor softmax(int dim) { return Softmax.softmax(this, Shapes.dim("softmax", dim, dim()), false); }

    public Tensor logSoftmax(int dim) { return Softmax.softmax(this, Shapes.dim("logSoftmax", dim, dim()), true); }

    // ================================================================== reductions (ReductionOps)

    public Tensor sum() { return ReductionOps.sum(this); }

    public Tensor sum(int dim, boolean keepDim) { return ReductionOps.sum(this, dim, keepDim); }

    public Tensor sum(int dim) { return sum(dim, false); }

    /** Sum over several dims. */
    public Tensor sum(int[] dims, boolean keepDim) { return ReductionOps.sum(this, dims, keepDim); }

    public Tensor mean() { return ReductionOps.mean(this); }

    public Tensor mean(int dim, boolean keepDim) { return ReductionOps.mean(this, dim, keepDim); }

    public Tensor mean(int dim) { return mean(dim, false); }

    public Tensor mean(int[] dims, boolean keepDim) { return ReductionOps.mean(this, dims, keepDim); }

    /** Variance over all elements; unbiased (divides by n-1) as torch.var's default. */
    public Tensor var() { return var(true); }

    public Tensor var(boolean unbiased) { return ReductionOps.var(this, unbiased); }

    public Tensor var(int dim, boolean keepDim) { return var(dim, keepDim, true); }

    public Tensor var(int dim, boolean keepDim, boolean unbiased) { return ReductionOps.var(this, dim, keepDim, unbiased); }

    public Tensor std() { return var().sqrt(); }

    public Tensor std(boolean unbiased) { return var(unbiased).sqrt(); }

    public Tensor std(int dim, boolean keepDim) { return var(dim, keepDim).sqrt(); }

    public Tensor std(int dim, boolean keepDim, boolean unbiased) { return var(dim, keepDim, unbiased).sqrt(); }

    /** The largest element (a 0-dim tensor). */
    public Tensor max() { return flatten().max(0, false); }

    public Tensor min() { return flatten().min(0, false); }

    /** The largest values along dim; the gradient flows to the (first) arg-max. */
    public Tensor max(int dim) { return max(dim, false); }

    public Tensor max(int dim, boolean keepDim) { return ReductionOps.extreme(this, dim, keepDim, true); }

    public Tensor min(int dim) { return min(dim, false); }

    public Tensor min(int dim, boolean keepDim) { return ReductionOps.extreme(this, dim, keepDim, false); }

    /** Indices (INT64) of the largest values along dim. */
    public Tensor argmax(int dim) { return argmax(dim, false); }

    public Tensor argmax(int dim, boolean keepDim) { return ReductionOps.argmax(this, dim, keepDim); }

    /** Index of the largest element of the flattened tensor. */
    public Tensor argmax() { return flatten().argmax(0); }

    public Tensor argmin(int dim) { return ReductionOps.argmin(this, dim); }

    /** Sums a broadcast gradient back down to target's shape. */
    public Tensor sumTo(int[] target) { return ReductionOps.sumTo(this, target); }


    // ================================================================== linear algebra and indexing

    /** Matrix product with torch.matmul's rules: 1-D, 2-D and batched N-D with broadcast batch dims. */
    public Tensor matmul(Tensor o) { return MatMul.matmul(this, o); }

    /** 2-D matrix product. */
    public Tensor mm(Tensor o) {
        if (dim() != 2 || o.dim() != 2) {
            throw new IllegalArgumentException("mm: expects 2-D tensors, got shapes " + Shapes.str(shape) + " and " + Shapes.str(o.shape));
        }
        return matmul(o);
    }

    /** out[i][j] = this[i][index[i][j]] along dim (index INT64, same rank). */
    public Tensor gather(int dim, Tensor index) { return Indexing.gatherOp(this, dim, index); }

    /** The entries of dim listed in a 1-D INT64 index. */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelectOp(this, dim, index); }

    /** Out-of-place scatter-add: a copy of this with src added at index along dim. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAddOp(this, dim, index, src); }

    /** One-hot encoding of an INT64 tensor of class indices: shape [..., numClasses], FLOAT32. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }
}
