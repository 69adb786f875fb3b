package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinaryCrossEntropyTest {
    private Tensor probs, scores, targets;

    @BeforeEach
    void setUp() {
        Tensor.manualSeed(3);
        probs = Tensor.rand(3, 4).mul(0.9).add(0.05).to(DType.FLOAT64);
        scores = Tensor.randn(3, 4).mul(3).to(DType.FLOAT64);
        targets = Tensor.rand(3, 4).to(DType.FLOAT64); // soft labels exercise the general formula
    }

    private static double naiveBce(double p, double y) {
        return -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log(1 - p), -100));
    }

    private static double naiveBceLogits(double x, double y, double pw) {
        double s = 1 / (1 + Math.exp(-x));
        return -(pw * y * Math.log(s) + (1 - y) * Math.log(1 - s));
    }

    @Test
    void bceMatchesNaiveFormula() {
        double[] p = probs.toDoubleArray(), y = targets.toDoubleArray();
        double[] per = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += per[i] = naiveBce(p[i], y[i]);
        assertArrayEquals(per, new BCELoss(Reduction.NONE).forward(probs, targets).toDoubleArray(), 1e-12);
        assertEquals(sum / p.length, new BCELoss().forward(probs, targets).item(), 1e-12);
        assertEquals(sum, Functional.binaryCrossEntropy(probs, targets, Reduction.SUM).item(), 1e-12);
        // by hand: p = 0.8 for a positive costs -log 0.8
        assertEquals(-Math.log(0.8), Functional.binaryCrossEntropy(Tensor.of(new double[] {0.8}), Tensor.of(new double[] {1})).item(), 1e-12);
    }

    @Test
    void bceWeightBroadcasts() {
        Tensor w = Tensor.of(new double[] {1, 2, 0, 0.5}, 4);
        double[] p = probs.toDoubleArray(), y = targets.toDoubleArray(), wv = w.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += wv[i % 4] * naiveBce(p[i], y[i]);
        assertEquals(sum / p.length, new BCELoss(w, Reduction.MEAN).forward(probs, targets).item(), 1e-12);
    }

    @Test
    void bceClampsLogsAtMinus100() {
        Tensor p = Tensor.of(new float[] {0, 1, 0, 1}).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {1, 0, 0, 1});
        Tensor l = Functional.binaryCrossEntropy(p, y, Reduction.NONE);
        assertArrayEquals(new float[] {100, 100, 0, 0}, l.toFloatArray(), 1e-4f);
        l.sum().backward();
        for (float g : p.grad().toFloatArray()) assertTrue(Float.isFinite(g), p.grad().toString());
    }

    @Test
    void bceWithLogitsMatchesNaiveFormulaAndBceOfSigmoid() {
        double[] x = scores.toDoubleArray(), y = targets.toDoubleArray();
        double[] per = new double[x.length];
        for (int i = 0; i < x.length; i++) per[i] = naiveBceLogits(x[i], y[i], 1);
        assertArrayEquals(per, new BCEWithLogitsLoss(Reduction.NONE).forward(scores, targets).toDoubleArray(), 1e-10);
        assertEquals(Functional.binaryCrossEntropy(scores.sigmoid(), targets).item(),
                Functional.binaryCrossEntropyWithLogits(scores, targets).item(), 1e-10);
    }

    @Test
    void posWeightScalesPositiveTermPerClass() {
        Tensor pw = Tensor.of(new double[] {1, 3, 0.5, 2}, 4);
        Tensor w = Tensor.of(new double[] {2, 1, 0.5}, 3, 1);
        double[] x = scores.toDoubleArray(), y = targets.toDoubleArray(), pwv = pw.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) sum += new double[] {2, 1, 0.5}[i / 4] * naiveBceLogits(x[i], y[i], pwv[i % 4]);
        assertEquals(sum, new BCEWithLogitsLoss(w, Reduction.SUM, pw).forward(scores, targets).item(), 1e-10);
        assertEquals(sum / x.length, Functional.binaryCrossEntropyWithLogits(scores, targets, w, pw, Reduction.MEAN).item(), 1e-10);
    }

    @Test
    void extremeScoresStayFiniteAndExact() {
        Tensor x = Tensor.of(new float[] {1e4f, -1e4f, 1e4f, -1e4f, 0}).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0, 1});
        Tensor l = Functional.binaryCrossEntropyWithLogits(x, y, Reduction.NONE);
        assertArrayEquals(new float[] {1e4f, 1e4f, 0, 0, (float) Math.log(2)}, l.toFloatArray(), 1e-3f);
        l.sum().backward();
        // d/dx = sigmoid(x) - y, exactly -0.5 at x = 0 (not 0 as abs/relu compositions would give)
        assertArrayEquals(new float[] {1, -1, 0, 0, -0.5f}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void gradCheckWithRespectToInputAndTarget() {
        Tensor pw = Tensor.of(new double[] {1, 3, 0.5, 2}, 4);
        Tensor w = Tensor.of(new double[] {2, 1, 0.5}, 3, 1);
        for (Reduction r : Reduction.values()) {
            GradCheck.check(a -> Functional.binaryCrossEntropy(a[0], a[1], r), GradCheck.leaves(probs, targets));
            GradCheck.check(a -> Functional.binaryCrossEntropy(a[0], a[1], w, r), GradCheck.leaves(probs, targets));
            GradCheck.check(a -> Functional.binaryCrossEntropyWithLogits(a[0], a[1], r), GradCheck.leaves(scores, targets));
            GradCheck.check(a -> Functional.binaryCrossEntropyWithLogits(a[0], a[1], w, pw, r), GradCheck.leaves(scores, targets));
        }
        // the analytical gradient at score 0 is right too
        GradCheck.check(a -> Functional.binaryCrossEntropyWithLogits(a[0], a[1]),
                GradCheck.leaves(Tensor.zeros(3), Tensor.of(new float[] {0, 0.5f, 1})));
    }

    @Test
    void errors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.binaryCrossEntropy(Tensor.of(new float[] {0.5f, 1.5f}), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("BCELoss") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BCEWithLogitsLoss().forward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("BCEWithLogitsLoss") && e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BCEWithLogitsLoss().forward(Tensor.zeros(2), Tensor.zeros(DType.INT64, 2)));
        assertTrue(e.getMessage().contains("INT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BCEWithLogitsLoss.withPosWeight(Tensor.ones(3)).forward(Tensor.zeros(2, 4), Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("posWeight") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void printsLikeTorch() {
        assertEquals("BCELoss()", new BCELoss().toString());
        assertEquals("BCEWithLogitsLoss(reduction=none)", new BCEWithLogitsLoss(Reduction.NONE).toString());
    }
}
