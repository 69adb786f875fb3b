package org.crema.nn;

import java.util.Map;

/**
 * Reference recurrences written straight from PyTorch's documented equations with plain loops over
 * doubles, independent of the layer code under test. Weights are row-major [gates*hidden, in] arrays
 * by torch name.
 */
final class NaiveRecurrence {
    private NaiveRecurrence() {}

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** W x (+ b) for one gate row block: out[k] = sum_i W[k][i] v[i] + b[k]. */
    private static double[] affine(double[] w, double[] b, double[] v, int rows) {
        int in = v.length;
        double[] out = new double[rows];
        for (int k = 0; k < rows; k++) {
            double s = b == null ? 0 : b[k];
            for (int i = 0; i < in; i++) s += w[k * in + i] * v[i];
            out[k] = s;
        }
        return out;
    }

    /** One step; c is updated in place for LSTM. Returns the new h. */
    static double[] cell(String kind, Map<String, double[]> p, String sfx, double[] x, double[] h, double[] c) {
        int hid = h.length;
        int gates = switch (kind) { case "LSTM" -> 4; case "GRU" -> 3; default -> 1; };
        double[] ax = affine(p.get("weight_ih" + sfx), p.get("bias_ih" + sfx), x, gates * hid);
        double[] ah = affine(p.get("weight_hh" + sfx), p.get("bias_hh" + sfx), h, gates * hid);
        double[] out = new double[hid];
        for (int j = 0; j < hid; j++) {
            switch (kind) {
                case "RNN_TANH" -> out[j] = Math.tanh(ax[j] + ah[j]);
                case "RNN_RELU" -> out[j] = Math.max(0, ax[j] + ah[j]);
                case "LSTM" -> {
                    double i = sigmoid(ax[j] + ah[j]);
                    double f = sigmoid(ax[hid + j] + ah[hid + j]);
                    double g = Math.tanh(ax[2 * hid + j] + ah[2 * hid + j]);
                    double o = sigmoid(ax[3 * hid + j] + ah[3 * hid + j]);
                    c[j] = f * c[j] + i * g;
                    out[j] = o * Math.tanh(c[j]);
                }
                case "GRU" -> {
                    double r = sigmoid(ax[j] + ah[j]);
                    double z = sigmoid(ax[hid + j] + ah[hid + j]);
                    double n = Math.tanh(ax[2 * hid + j] + r * ah[2 * hid + j]);
                    out[j] = (1 - z) * n + z * h[j];
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return out;
    }

    /**
     * A stacked (optionally bidirectional) layer over batch-first x [B][T][I] from h0/c0 [L*D][B][H]
     * (c0 only for LSTM). Returns the output [B][T][D*H] and writes the final states into hN/cN.
     */
    static double[][][] sequence(String kind, Map<String, double[]> p, int hid, int layers, boolean bidir, double[][][] x,
                                 double[][][] h0, double[][][] c0, double[][][] hN, double[][][] cN) {
        int b = x.length, t = x[0].length, dirs = bidir ? 2 : 1;
        double[][][] in = x;
        for (int l = 0; l < layers; l++) {
            double[][][] out = new double[b][t][dirs * hid];
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                int idx = l * dirs + d;
                for (int n = 0; n < b; n++) {
                    double[] h = h0[idx][n].clone();
                    double[] c = c0 == null ? new double[hid] : c0[idx][n].clone();
                    for (int s = 0; s < t; s++) {
                        int step = d == 0 ? s : t - 1 - s;
                        h = cell(kind, p, sfx, in[n][step], h, c);
                        System.arraycopy(h, 0, out[n][step], d * hid, hid);
                    }
                    hN[idx][n] = h;
                    if (cN != null) cN[idx][n] = c;
                }
            }
            in = out;
        }
        return in;
    }
}
