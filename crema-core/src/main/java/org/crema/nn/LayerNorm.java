package org.crema.nn;

import java.util.Arrays;
import org.crema.Tensor;

/**
 * Layer normalisation over the trailing dims given by normalizedShape, as torch.nn.LayerNorm: each
 * sample is normalised with its own mean and biased variance (eps 1e-5), then scaled and shifted
 * elementwise by a weight (ones) and bias (zeros) of shape normalizedShape. Same in train and eval.
 *
 * <pre>{@code
 * LayerNorm ln = new LayerNorm(512);            // over the last dim of [batch, seq, 512]
 * }</pre>
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape needs at least one dim");
        }
        for (int s : normalizedShape) {
            if (s <= 0) throw new IllegalArgumentException("LayerNorm: normalizedShape sizes must be positive, got " + Arrays.toString(normalizedShape));
        }
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.ones(normalizedShape));
            registerParameter("bias", Tensor.zeros(normalizedShape));
        }
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }

    public double eps() { return eps; }

    public boolean elementwiseAffine() { return elementwiseAffine; }

    public Tensor weight() { return param("weight"); }

    public Tensor bias() { return param("bias"); }

    @Override
    public Tensor forward(Tensor input) {
        int k = normalizedShape.length, r = input.dim();
        boolean ok = r >= k;
        for (int i = 0; ok && i < k; i++) ok = input.size(r - k + i) == normalizedShape[i];
        if (!ok) throw shapeError("[*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "]", input);
        return Functional.layerNorm(input, normalizedShape, weight(), bias(), eps);
    }

    @Override
    public String extraRepr() {
        String dims = Arrays.toString(normalizedShape).replace('[', '(').replace(']', normalizedShape.length == 1 ? ',' : ')');
        if (normalizedShape.length == 1) dims += ")";
        return dims + ", eps=" + eps + ", elementwise_affine=" + elementwiseAffine;
    }
}
