package org.crema.data;

import org.crema.Generator;
import org.crema.Tensor;

/** Common batch transforms; image ones expect x as [N, C, H, W]. */
public final class Transforms {
    private Transforms() {}

    /** (x - mean[c]) / std[c] per channel of x (dim 1); a single value applies to all channels. */
    public static BatchTransform normalize(double[] mean, double[] std) {
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("normalize: std must be positive, got " + s);
        return (b, g) -> {
            Tensor x = b[0];
            int c = x.dim() > 1 ? x.size(1) : 1;
            if (mean.length != 1 && mean.length != c || std.length != mean.length) {
                throw new IllegalArgumentException("normalize: " + mean.length + " means and " + std.length
                        + " stds for " + c + " channels");
            }
            int[] shape = new int[x.dim()];
            java.util.Arrays.fill(shape, 1);
            if (x.dim() > 1) shape[1] = mean.length;
            else shape[0] = mean.length;
            float[] m = new float[mean.length], s = new float[std.length];
            for (int i = 0; i < m.length; i++) { m[i] = (float) mean[i]; s[i] = (float) std[i]; }
            Tensor[] out = b.clone();
            out[0] = x.sub(Tensor.wrap(m, shape)).div(Tensor.wrap(s, shape));
            return out;
        };
    }

    /** Multiplies x by factor (e.g. 1/255 for raw pixel values). */
    public static BatchTransform scale(double factor) {
        return (b, g) -> {
            Tensor[] out = b.clone();
            out[0] = b[0].mul(factor);
            return out;
        };
    }

    /** Replaces the INT64 class-index target (tensor 1) by its one-hot encoding. */
    public static BatchTransform oneHot(int numClasses) {
        return (b, g) -> {
            Tensor[] out = b.clone();
            out[1] = b[1].oneHot(numClasses);
            return out;
        };
    }

    /** Pads each image by padding zeros on every side, then crops a random size x size window. */
    public static BatchTransform randomCrop(int size, int padding) {
        return (b, g) -> {
            Tensor x = b[0].contiguous();
            if (x.dim() != 4) throw new IllegalArgumentException("randomCrop: expects [N, C, H, W], got " + java.util.Arrays.toString(x.shape()));
            int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            int ph = h + 2 * padding, pw = w + 2 * padding;
            if (size > ph || size > pw) {
                throw new IllegalArgumentException("randomCrop: crop " + size + " is larger than the padded image " + ph + "x" + pw);
            }
            float[] src = x.toFloatArray();
            float[] dst = new float[n * c * size * size];
            for (int i = 0; i < n; i++) {
                int top = g.nextInt(ph - size + 1) - padding, left = g.nextInt(pw - size + 1) - padding;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < size; y++) {
                        int sy = top + y;
                        if (sy < 0 || sy >= h) continue;
                        for (int xx = 0; xx < size; xx++) {
                            int sx = left + xx;
                            if (sx < 0 || sx >= w) continue;
                            dst[((i * c + ch) * size + y) * size + xx] = src[((i * c + ch) * h + sy) * w + sx];
                        }
                    }
                }
            }
            Tensor[] out = b.clone();
            out[0] = Tensor.wrap(dst, n, c, size, size);
            return out;
        };
    }

    /** Mirrors each image left-right with probability p. */
    public static BatchTransform horizontalFlip(double p) {
        return (b, g) -> {
            Tensor x = b[0];
            if (x.dim() != 4) throw new IllegalArgumentException("horizontalFlip: expects [N, C, H, W], got " + java.util.Arrays.toString(x.shape()));
            int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            float[] a = x.toFloatArray();
            for (int i = 0; i < n; i++) {
                if (g.nextDouble() >= p) continue;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        int row = ((i * c + ch) * h + y) * w;
                        for (int l = 0, r = w - 1; l < r; l++, r--) {
                            float t = a[row + l]; a[row + l] = a[row + r]; a[row + r] = t;
                        }
                    }
                }
            }
            Tensor[] out = b.clone();
            out[0] = Tensor.wrap(a, n, c, h, w);
            return out;
        };
    }
}
