package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.DType;
import org.crema.Generator;
import org.crema.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Identities between the losses that must hold for any shapes and scales. */
class LossPropertiesTest {

    private static Tensor randn(Generator g, double scale, int... shape) { return Tensor.randn(g, shape).mul(scale).to(DType.FLOAT64); }

    @Property(tries = 60, seed = "1337")
    void crossEntropyIdentities(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll @IntRange(min = 2, max = 7) int c,
                                @ForAll @DoubleRange(min = 0.01, max = 100) double scale,
                                @ForAll @DoubleRange(min = 0, max = 1) double smoothing, @ForAll long seed) {
        Generator g = new Generator(seed);
        Tensor logits = randn(g, scale, n, c).requiresGrad(true);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = g.nextInt(c);
        Tensor target = Tensor.of(y, n);

        Tensor loss = Functional.crossEntropy(logits, target, null, -100, smoothing, Reduction.SUM);
        assertTrue(loss.item() >= -1e-9, "cross-entropy is non-negative, got " + loss.item());
        // index targets and their one-hot probabilities are the same loss
        Tensor probs = target.oneHot(c).to(DType.FLOAT64);
        assertEquals(Functional.crossEntropy(logits, probs, null, -100, smoothing, Reduction.SUM).item(), loss.item(),
                1e-9 * Math.max(1, loss.item()));
        // shifting all logits of a sample changes nothing
        assertEquals(loss.item(), Functional.crossEntropy(logits.add(37.5), target, null, -100, smoothing, Reduction.SUM).item(),
                1e-9 * Math.max(1, loss.item()));
        // the gradient of every sample sums to zero over the classes (softmax minus a distribution)
        loss.backward();
        for (double s : logits.grad().sum(1).toDoubleArray()) assertEquals(0, s, 1e-9);
    }

    @Property(tries = 60, seed = "1337")
    void bceWithLogitsIsTwoClassCrossEntropy(@ForAll @IntRange(min = 1, max = 8) int n,
                                             @ForAll @DoubleRange(min = 0.01, max = 50) double scale, @ForAll long seed) {
        Generator g = new Generator(seed);
        Tensor x = randn(g, scale, n);
        Tensor y = Tensor.rand(g, n).to(DType.FLOAT64);
        // logits [0, x] with target probabilities [1 - y, y]
        Tensor logits2 = Tensor.stack(1, Tensor.zeros(DType.FLOAT64, n), x);
        Tensor probs2 = Tensor.stack(1, y.rsub(1), y);
        assertArrayEquals(Functional.crossEntropy(logits2, probs2, Reduction.NONE).toDoubleArray(),
                Functional.binaryCrossEntropyWithLogits(x, y, Reduction.NONE).toDoubleArray(), 1e-9);
        // and BCE on the sigmoid agrees wherever the probability is not clamped (1 - sigmoid(x) loses digits as x grows)
        if (scale < 20) {
            double stable = Functional.binaryCrossEntropyWithLogits(x, y).item();
            assertEquals(stable, Functional.binaryCrossEntropy(x.sigmoid(), y).item(), 1e-6 * Math.max(1, stable));
        }
    }
}
