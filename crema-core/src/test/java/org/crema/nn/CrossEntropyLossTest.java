package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {
    private static final int N = 5, C = 4;
    private Tensor logits;
    private final long[] labels = {2, 0, 3, 1, 3};
    private final Tensor targets = Tensor.of(labels, N);
    private final double[] w = {0.5, 2.0, 1.0, 3.0};
    private final Tensor weight = Tensor.of(w, C);

    @BeforeEach
    void setUp() {
        Tensor.manualSeed(42);
        logits = Tensor.randn(N, C).mul(2).to(DType.FLOAT64);
    }

    // ------------------------------------------------------------------ naive references (torch's formulas)

    private static double[][] rows(Tensor t) {
        int n = t.size(0), c = t.size(1);
        double[] v = t.toDoubleArray();
        double[][] r = new double[n][c];
        for (int i = 0; i < n; i++) System.arraycopy(v, i * c, r[i], 0, c);
        return r;
    }

    private static double[] logSoftmax(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v);
        double s = 0;
        for (double v : x) s += Math.exp(v - m);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] - m - Math.log(s);
        return out;
    }

    /** Per-sample losses and the weighted-mean denominator, as torch's cross_entropy with index targets. */
    private static double[] naive(double[][] x, long[] y, double[] w, long ignore, double eps, Reduction r) {
        int n = x.length, c = x[0].length;
        double[] per = new double[n];
        double denom = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] == ignore) continue;
            double[] lp = logSoftmax(x[i]);
            int yi = (int) y[i];
            double wy = w == null ? 1 : w[yi];
            double nll = -wy * lp[yi];
            double smooth = 0;
            for (int k = 0; k < c; k++) smooth -= (w == null ? 1 : w[k]) * lp[k];
            per[i] = (1 - eps) * nll + eps / c * smooth;
            denom += wy;
        }
        return switch (r) {
            case NONE -> per;
            case SUM -> new double[] {sum(per)};
            case MEAN -> new double[] {sum(per) / denom};
        };
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    // ------------------------------------------------------------------ forward values

    @Test
    void uniformLogitsGiveLogC() {
        assertEquals(Math.log(C), Functional.crossEntropy(Tensor.zeros(N, C), targets).item(), 1e-6);
        // by hand: logits [1, 2, 3], class 2: -log(e^3 / (e + e^2 + e^3))
        double expected = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        assertEquals(expected, Functional.crossEntropy(Tensor.of(new float[] {1, 2, 3}, 1, 3), Tensor.of(new long[] {2}, 1)).item(), 1e-6);
    }

    @Test
    void matchesNaiveReferenceForEveryOptionAndReduction() {
        double[][] x = rows(logits);
        for (Reduction r : Reduction.values()) {
            for (double eps : new double[] {0, 0.1, 1}) {
                for (Tensor wt : new Tensor[] {null, weight}) {
                    double[] expected = naive(x, labels, wt == null ? null : w, -100, eps, r);
                    Tensor got = new CrossEntropyLoss(wt, r, -100, eps).forward(logits, targets);
                    assertArrayEquals(expected, got.toDoubleArray(), 1e-12, "reduction " + r + " eps " + eps + " weight " + (wt != null));
                    assertArrayEquals(r == Reduction.NONE ? new int[] {N} : new int[0], got.shape());
                }
            }
        }
    }

    @Test
    void ignoreIndexSkipsSamplesAndTheirWeights() {
        long[] y = {2, -100, 3, 1, -100};
        double[][] x = rows(logits);
        for (Reduction r : Reduction.values()) {
            double[] expected = naive(x, y, w, -100, 0.2, r);
            Tensor got = Functional.crossEntropy(logits, Tensor.of(y, N), weight, -100, 0.2, r);
            assertArrayEquals(expected, got.toDoubleArray(), 1e-12);
        }
        // a custom ignore index
        long[] y2 = {2, 1, 1, 1, 0};
        double[] expected = naive(x, y2, null, 1, 0, Reduction.MEAN);
        assertEquals(expected[0], new CrossEntropyLoss(null, Reduction.MEAN, 1, 0).forward(logits, Tensor.of(y2, N)).item(), 1e-12);
        // by hand: only samples 0 and 4 count, mean over 2
        assertEquals((-logSoftmax(x[0])[2] - logSoftmax(x[4])[0]) / 2, expected[0], 1e-12);
    }

    @Test
    void everyTargetIgnoredGivesNaNMeanLikeTorch() {
        Tensor y = Tensor.full(DType.INT64, -100, N);
        assertTrue(Double.isNaN(Functional.crossEntropy(logits, y).item()));
        assertEquals(0, Functional.crossEntropy(logits, y, Reduction.SUM).item());
    }

    @Test
    void spatialInputMatchesFlattenedSamples() {
        // [N, C, H, W] vs the same logits moved to [N*H*W, C]
        Tensor x = Tensor.randn(2, C, 3, 2).to(DType.FLOAT64);
        Tensor y = Tensor.randint(0, C, 2, 3, 2);
        Tensor flatX = x.permute(0, 2, 3, 1).reshape(-1, C);
        long[] flatY = y.toLongArray();
        for (Reduction r : Reduction.values()) {
            double[] expected = naive(rows(flatX), flatY, w, -100, 0.1, r);
            Tensor got = Functional.crossEntropy(x, y, weight, -100, 0.1, r);
            assertArrayEquals(expected, got.toDoubleArray(), 1e-12);
            if (r == Reduction.NONE) assertArrayEquals(new int[] {2, 3, 2}, got.shape());
        }
    }

    @Test
    void unbatchedInput() {
        Tensor x = logits.select(0, 0);
        Tensor y = Tensor.of(new long[] {2}).reshape();
        Tensor l = Functional.crossEntropy(x, y, Reduction.NONE);
        assertEquals(0, l.dim());
        assertEquals(-logSoftmax(rows(logits)[0])[2], l.item(), 1e-12);
    }

    @Test
    void probabilityTargets() {
        Tensor p = Tensor.rand(N, C).to(DType.FLOAT64);
        p = p.div(p.sum(1, true));
        double[][] x = rows(logits), t = rows(p);
        for (double eps : new double[] {0, 0.25}) {
            double[] per = new double[N];
            for (int i = 0; i < N; i++) {
                double[] lp = logSoftmax(x[i]);
                for (int k = 0; k < C; k++) per[i] -= w[k] * (t[i][k] * (1 - eps) + eps / C) * lp[k];
            }
            assertArrayEquals(per, Functional.crossEntropy(logits, p, weight, -100, eps, Reduction.NONE).toDoubleArray(), 1e-12);
            // the mean divides by the number of samples, not by the weights
            assertEquals(sum(per) / N, Functional.crossEntropy(logits, p, weight, -100, eps, Reduction.MEAN).item(), 1e-12);
            assertEquals(sum(per), Functional.crossEntropy(logits, p, weight, -100, eps, Reduction.SUM).item(), 1e-12);
        }
    }

    @Test
    void oneHotProbabilitiesEqualIndexTargets() {
        Tensor oneHot = targets.oneHot(C).to(DType.FLOAT64);
        assertEquals(Functional.crossEntropy(logits, targets).item(), Functional.crossEntropy(logits, oneHot).item(), 1e-12);
        assertEquals(Functional.crossEntropy(logits, targets, null, 0.3).item(),
                Functional.crossEntropy(logits, oneHot, null, 0.3).item(), 1e-12);
    }

    @Test
    void nllMatchesReferenceAndComposesToCrossEntropy() {
        Tensor lp = logits.logSoftmax(1);
        double[][] x = rows(lp);
        long[] y = {2, -100, 3, 1, 0};
        for (Reduction r : Reduction.values()) {
            double[] per = new double[N];
            double denom = 0;
            for (int i = 0; i < N; i++) {
                if (y[i] == -100) continue;
                per[i] = -w[(int) y[i]] * x[i][(int) y[i]];
                denom += w[(int) y[i]];
            }
            double[] expected = r == Reduction.NONE ? per : new double[] {r == Reduction.SUM ? sum(per) : sum(per) / denom};
            assertArrayEquals(expected, new NLLLoss(weight, r, -100).forward(lp, Tensor.of(y, N)).toDoubleArray(), 1e-12);
        }
        assertEquals(Functional.crossEntropy(logits, targets, weight, 0).item(),
                Functional.nllLoss(lp, targets, weight, -100, Reduction.MEAN).item(), 1e-12);
    }

    @Test
    void float32AgreesWithFloat64() {
        Tensor f = logits.to(DType.FLOAT32);
        Tensor l = Functional.crossEntropy(f, targets, weight, 0.1);
        assertEquals(DType.FLOAT32, l.dtype());
        assertEquals(Functional.crossEntropy(logits, targets, weight, 0.1).item(), l.item(), 1e-5);
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void gradCheckIndexTargets() {
        long[] y = {2, -100, 3, 1, 3};
        Tensor t = Tensor.of(y, N);
        for (Reduction r : Reduction.values()) {
            GradCheck.check(a -> Functional.crossEntropy(a[0], t, null, -100, 0, r), GradCheck.leaves(logits));
            GradCheck.check(a -> Functional.crossEntropy(a[0], t, weight, -100, 0.15, r), GradCheck.leaves(logits));
            GradCheck.check(a -> Functional.nllLoss(a[0], t, weight, -100, r), GradCheck.leaves(logits));
        }
    }

    @Test
    void gradCheckSpatialAndUnbatched() {
        Tensor x = Tensor.randn(2, 3, 4);
        Tensor y = Tensor.randint(0, 3, 2, 4);
        GradCheck.check(a -> Functional.crossEntropy(a[0], y, null, -100, 0.1, Reduction.MEAN), GradCheck.leaves(x));
        GradCheck.check(a -> Functional.nllLoss(a[0], y, Reduction.NONE), GradCheck.leaves(x));
        // a non-contiguous input (a transposed view) takes the same path
        GradCheck.check(a -> Functional.crossEntropy(a[0].transpose(0, 1), Tensor.of(new long[] {0, 2, 1, 0}, 4)),
                GradCheck.leaves(Tensor.randn(3, 4)));
        GradCheck.check(a -> Functional.crossEntropy(a[0], Tensor.of(new long[] {1}).reshape()), GradCheck.leaves(Tensor.randn(3)));
    }

    @Test
    void gradCheckProbabilityTargetsWithRespectToBoth() {
        Tensor p = Tensor.rand(N, C);
        p = p.div(p.sum(1, true));
        GradCheck.check(a -> Functional.crossEntropy(a[0], a[1], weight, -100, 0.2, Reduction.MEAN), GradCheck.leaves(logits, p));
    }

    @Test
    void backwardIsSoftmaxMinusOneHot() {
        Tensor x = logits.detach().requiresGrad(true);
        Functional.crossEntropy(x, targets, Reduction.SUM).backward();
        Tensor expected = logits.softmax(1).sub(targets.oneHot(C).to(DType.FLOAT64));
        assertTrue(x.grad().allClose(expected, 0, 1e-12), x.grad().toString());
    }

    @Test
    void extremeLogitsStayFinite() {
        Tensor x = Tensor.of(new float[] {1e4f, -1e4f, 0, 0, 1e4f, 1e4f - 1}, 2, 3).requiresGrad(true);
        Tensor y = Tensor.of(new long[] {1, 2}, 2);
        Tensor loss = Functional.crossEntropy(x, y, null, 0.1);
        loss.backward();
        assertTrue(Double.isFinite(loss.item()));
        // sample 0: lse = 1e4, nll = 2e4; sample 1: lse = 1e4 + log(1 + e^-1) (e^-1e4 vanishes), nll = log(1 + e)
        double lse1 = 1e4 + Math.log(1 + Math.exp(-1));
        double nll0 = 2e4, nll1 = Math.log(1 + Math.E);
        double smooth0 = (3 * 1e4 - 1e4 - (-1e4) - 0) / 3;
        double smooth1 = (3 * lse1 - 0 - 1e4 - (1e4 - 1)) / 3;
        double expected = (0.9 * nll0 + 0.1 * smooth0 + 0.9 * nll1 + 0.1 * smooth1) / 2;
        assertEquals(expected, loss.item(), 1e-2);
        for (float g : x.grad().toFloatArray()) assertTrue(Float.isFinite(g));
        Tensor b = Tensor.of(new float[] {1e4f, -1e4f}, 1, 2).requiresGrad(true);
        Functional.binaryCrossEntropyWithLogits(b, Tensor.of(new float[] {0, 1}, 1, 2)).backward();
        for (float g : b.grad().toFloatArray()) assertTrue(Float.isFinite(g));
    }

    // ------------------------------------------------------------------ errors and printing

    @Test
    void errorsNameLossValuesAndShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.crossEntropy(logits, Tensor.of(new long[] {0, 1, 7, 2, 1}, N)));
        assertTrue(e.getMessage().contains("CrossEntropyLoss") && e.getMessage().contains("7") && e.getMessage().contains("4 classes"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.nllLoss(logits, Tensor.of(new long[] {0, 1, -3, 2, 1}, N)));
        assertTrue(e.getMessage().contains("NLLLoss") && e.getMessage().contains("-3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(logits, Tensor.zeros(DType.INT64, 4)));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[5, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(logits, Tensor.zeros(N)));
        assertTrue(e.getMessage().contains("INT64") && e.getMessage().contains("FLOAT32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.nllLoss(logits, Tensor.zeros(N, C)));
        assertTrue(e.getMessage().contains("NLLLoss") && e.getMessage().contains("INT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(Tensor.ones(3)).forward(logits, targets));
        assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.withLabelSmoothing(1.5));
        assertTrue(e.getMessage().contains("labelSmoothing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(targets.reshape(N, 1), targets));
        assertTrue(e.getMessage().contains("floating-point"), e.getMessage());
    }

    @Test
    void printsLikeTorch() {
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
        assertEquals("CrossEntropyLoss(reduction=sum, ignore_index=3, label_smoothing=0.1)",
                new CrossEntropyLoss(null, Reduction.SUM, 3, 0.1).toString());
        assertEquals("NLLLoss(weight=[4])", new NLLLoss(weight).toString());
    }
}
