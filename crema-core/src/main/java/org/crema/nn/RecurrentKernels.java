package org.crema.nn;

import org.crema.Tensor;
import org.crema.autograd.Node;

import static org.crema.nn.ClassLossKernel.fromDoubles;

/**
 * Fused pointwise parts of the LSTM and GRU cells, each one graph node with its own backward. The
 * matrix products stay outside (they are ordinary matmul nodes); what is fused is the dozen
 * elementwise ops per step that would otherwise each allocate a tensor and a node.
 *
 * <p>Inputs are 2-D [batch, k*hidden] and may be strided views (a narrow of the previous step's
 * output); activations are kept in double for the backward.
 */
final class RecurrentKernels {
    private RecurrentKernels() {}

    /** Element access to a 2-D tensor of either float dtype through its strides. */
    private record Mat(float[] f, double[] d, int off, int s0, int s1) {
        static Mat of(Tensor t) {
            int[] st = t.stride();
            return new Mat(t.storageFloats(), t.storageDoubles(), t.storageOffset(), st[0], st[1]);
        }

        double get(int r, int c) {
            int i = off + r * s0 + c * s1;
            return f != null ? f[i] : d[i];
        }
    }

    private static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * One LSTM step after the matrix products: gates [B, 4H] (pre-activations in torch's order i, f, g, o,
     * biases included) and the previous cell state c [B, H]. Returns [B, 2H] = [h' | c'], with
     * c' = f c + i g and h' = o tanh(c'); callers take the two halves with narrow.
     */
    static Tensor lstmCell(Tensor gates, Tensor c) {
        int b = gates.size(0), h4 = gates.size(1), h = h4 / 4;
        Mat g = Mat.of(gates), cm = Mat.of(c);
        double[] act = new double[b * h4];   // i, f, g, o after their nonlinearities
        double[] tanhC = new double[b * h];
        double[] cPrev = new double[b * h];
        double[] out = new double[b * 2 * h];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < h; j++) {
                double i = sigmoid(g.get(r, j)), f = sigmoid(g.get(r, h + j));
                double gg = Math.tanh(g.get(r, 2 * h + j)), o = sigmoid(g.get(r, 3 * h + j));
                double cp = cm.get(r, j);
                double cn = f * cp + i * gg, tc = Math.tanh(cn);
                int a = r * h4 + j;
                act[a] = i; act[a + h] = f; act[a + 2 * h] = gg; act[a + 3 * h] = o;
                tanhC[r * h + j] = tc;
                cPrev[r * h + j] = cp;
                out[r * 2 * h + j] = o * tc;
                out[r * 2 * h + h + j] = cn;
            }
        }
        Tensor result = fromDoubles(out, gates.dtype(), new int[] {b, 2 * h});
        return Node.record(result, "lstmCell", new Tensor[] {gates, c}, grad -> {
            Mat gm = Mat.of(grad);
            double[] dGates = new double[b * h4], dC = new double[b * h];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < h; j++) {
                    int a = r * h4 + j, k = r * h + j;
                    double i = act[a], f = act[a + h], gg = act[a + 2 * h], o = act[a + 3 * h], tc = tanhC[k];
                    double dh = gm.get(r, j);
                    double dc = gm.get(r, h + j) + dh * o * (1 - tc * tc);
                    dGates[a] = dc * gg * i * (1 - i);
                    dGates[a + h] = dc * cPrev[k] * f * (1 - f);
                    dGates[a + 2 * h] = dc * i * (1 - gg * gg);
                    dGates[a + 3 * h] = dh * tc * o * (1 - o);
                    dC[k] = dc * f;
                }
            }
            return new Tensor[] {fromDoubles(dGates, gates.dtype(), gates.shape()), fromDoubles(dC, c.dtype(), c.shape())};
        });
    }

    /**
     * One GRU step after the matrix products, with torch's equations: gx = W_ih x + b_ih and
     * gh = W_hh h + b_hh, both [B, 3H] in the order r, z, n, and the previous state h [B, H].
     * r = sigmoid(gx_r + gh_r), z = sigmoid(gx_z + gh_z), n = tanh(gx_n + r * gh_n), h' = (1 - z) n + z h.
     */
    static Tensor gruCell(Tensor gx, Tensor gh, Tensor hPrev) {
        int b = gx.size(0), h3 = gx.size(1), h = h3 / 3;
        Mat x = Mat.of(gx), hh = Mat.of(gh), hp = Mat.of(hPrev);
        double[] saved = new double[b * h * 5]; // r, z, n, gh_n, h per element
        double[] out = new double[b * h];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < h; j++) {
                double rg = sigmoid(x.get(r, j) + hh.get(r, j));
                double z = sigmoid(x.get(r, h + j) + hh.get(r, h + j));
                double ghn = hh.get(r, 2 * h + j);
                double n = Math.tanh(x.get(r, 2 * h + j) + rg * ghn);
                double prev = hp.get(r, j);
                int k = r * h + j, s = 5 * k;
                saved[s] = rg; saved[s + 1] = z; saved[s + 2] = n; saved[s + 3] = ghn; saved[s + 4] = prev;
                out[k] = (1 - z) * n + z * prev;
            }
        }
        Tensor result = fromDoubles(out, gx.dtype(), new int[] {b, h});
        return Node.record(result, "gruCell", new Tensor[] {gx, gh, hPrev}, grad -> {
            Mat gm = Mat.of(grad);
            double[] dgx = new double[b * h3], dgh = new double[b * h3], dh = new double[b * h];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < h; j++) {
                    int k = r * h + j, s = 5 * k, a = r * h3 + j;
                    double rg = saved[s], z = saved[s + 1], n = saved[s + 2], ghn = saved[s + 3], prev = saved[s + 4];
                    double d = gm.get(r, j);
                    double an = d * (1 - z) * (1 - n * n);
                    double ar = an * ghn * rg * (1 - rg);
                    double az = d * (prev - n) * z * (1 - z);
                    dgx[a] = ar; dgh[a] = ar;
                    dgx[a + h] = az; dgh[a + h] = az;
                    dgx[a + 2 * h] = an; dgh[a + 2 * h] = an * rg;
                    dh[k] = d * z;
                }
            }
            return new Tensor[] {
                    fromDoubles(dgx, gx.dtype(), gx.shape()),
                    fromDoubles(dgh, gh.dtype(), gh.shape()),
                    fromDoubles(dh, hPrev.dtype(), hPrev.shape())};
        });
    }
}
