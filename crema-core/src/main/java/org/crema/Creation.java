package org.crema;

/** The factories behind {@link Tensor}'s static constructors: empty, copied or wrapped data, constants, random and ranges. */
final class Creation {
    private Creation() {}

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

    /**
     * A tensor over data (float[], double[] or long[] for dtype) of the given shape, or 1-D when no shape
     * is given; copy decides whether it owns a clone or shares the caller's array.
     */
    static Tensor over(String op, DType dtype, Object data, int length, int[] shape, boolean copy) {
        shape = shape.length == 0 && length != 1 ? new int[] {length} : shape;
        Shapes.checkShape(op, shape);
        if (Shapes.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape "
                    + Shapes.str(shape) + " (" + Shapes.numel(shape) + " elements)");
        }
        Object storage = !copy ? data : switch (dtype) {
            case FLOAT32 -> ((float[]) data).clone();
            case FLOAT64 -> ((double[]) data).clone();
            case INT64 -> ((long[]) data).clone();
        };
        return new Tensor(dtype, storage, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = empty(dtype, shape);
        t.fillStorage(value);
        return t;
    }

    static Tensor rand(Generator g, int... shape) {
        Tensor t = empty(DType.FLOAT32, shape);
        for (int i = 0; i < t.f.length; i++) t.f[i] = (float) g.nextDouble();
        return t;
    }

    static Tensor randn(Generator g, int... shape) {
        Tensor t = empty(DType.FLOAT32, shape);
        for (int i = 0; i < t.f.length; i++) t.f[i] = (float) g.nextGaussian();
        return t;
    }

    static Tensor randint(long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: high (" + high + ") must exceed low (" + low + ")");
        Tensor t = empty(DType.INT64, shape);
        Generator g = Generator.global();
        for (int i = 0; i < t.l.length; i++) t.l[i] = low + Math.floorMod(g.nextLong(), high - low);
        return t;
    }

    static Tensor randperm(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Generator g = Generator.global();
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            long tmp = p[i]; p[i] = p[j]; p[j] = tmp;
        }
        return Tensor.wrap(p, n);
    }

    static Tensor arange(int start, int end, int step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        int n = Math.max(0, (int) Math.ceil((end - start) / (double) step));
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = start + (long) i * step;
        return Tensor.wrap(v, n);
    }

    static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        int n = Math.max(0, (int) Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return Tensor.wrap(v, n);
    }

    static Tensor linspace(double start, double end, int steps) {
        float[] v = new float[steps];
        for (int i = 0; i < steps; i++) v[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        return Tensor.wrap(v, steps);
    }

    static Tensor eye(int n, int m) {
        Tensor t = empty(DType.FLOAT32, n, m);
        for (int i = 0; i < Math.min(n, m); i++) t.f[i * m + i] = 1;
        return t;
    }
}
