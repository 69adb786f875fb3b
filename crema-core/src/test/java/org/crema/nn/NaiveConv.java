package org.crema.nn;

/** Direct-loop references for convolution and pooling, in double, for the kernel tests. */
final class NaiveConv {
    private NaiveConv() {}

    /** x [n, c, h, w], weight [oc, c/groups, kh, kw], bias [oc] or null; returns [n, oc, oh, ow] flattened. */
    static double[] conv2d(double[] x, int n, int c, int h, int w, double[] wt, int oc, int kh, int kw, double[] bias,
                           int sh, int sw, int ph, int pw, int dh, int dw, int groups, int[] outHW) {
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1, ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        outHW[0] = oh;
        outHW[1] = ow;
        int cg = c / groups, ocg = oc / groups;
        double[] y = new double[n * oc * oh * ow];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < oc; o++) {
                int grp = o / ocg;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < cg; ci++)
                            for (int a = 0; a < kh; a++)
                                for (int e = 0; e < kw; e++) {
                                    int r = i * sh - ph + a * dh, q = j * sw - pw + e * dw;
                                    if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                    int cin = grp * cg + ci;
                                    s += x[((b * c + cin) * h + r) * w + q] * wt[((o * cg + ci) * kh + a) * kw + e];
                                }
                        y[((b * oc + o) * oh + i) * ow + j] = s;
                    }
            }
        return y;
    }

    /** kind "max", "avg" (count_include_pad) or "avgx" (exclude pad). */
    static double[] pool(String kind, double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                         int[] outHW) {
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        outHW[0] = oh;
        outHW[1] = ow;
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    int cnt = 0, all = 0;
                    for (int a = 0; a < kh; a++)
                        for (int e = 0; e < kw; e++) {
                            int r = i * sh - ph + a, q = j * sw - pw + e;
                            if (r >= h + ph || q >= w + pw) continue;
                            all++;
                            if (r < 0 || r >= h || q < 0 || q >= w) continue;
                            double v = x[(p * h + r) * w + q];
                            m = Math.max(m, v);
                            s += v;
                            cnt++;
                        }
                    y[(p * oh + i) * ow + j] = kind.equals("max") ? m : kind.equals("avg") ? s / all : s / cnt;
                }
        return y;
    }

    static double[] adaptiveAvg(double[] x, int planes, int h, int w, int oh, int ow) {
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int r0 = (int) Math.floor((double) i * h / oh), r1 = (int) Math.ceil((double) (i + 1) * h / oh);
                    int c0 = (int) Math.floor((double) j * w / ow), c1 = (int) Math.ceil((double) (j + 1) * w / ow);
                    double s = 0;
                    for (int r = r0; r < r1; r++) for (int q = c0; q < c1; q++) s += x[(p * h + r) * w + q];
                    y[(p * oh + i) * ow + j] = s / ((r1 - r0) * (c1 - c0));
                }
        return y;
    }
}
