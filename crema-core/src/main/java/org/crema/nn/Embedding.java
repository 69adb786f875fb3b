package org.crema.nn;

import org.crema.Tensor;

/**
 * A lookup table of numEmbeddings vectors of size embeddingDim, as torch.nn.Embedding: INT64
 * indices of any shape [*] give [*, embeddingDim]. The weight starts N(0, 1); the row at paddingIdx
 * (if given) starts at zero and never receives a gradient.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(10000, 64, 0);
 * Tensor vectors = emb.forward(tokenIds);   // [batch, seq] INT64 -> [batch, seq, 64]
 * }</pre>
 */
public class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;

    public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, null); }

    /** paddingIdx may be negative (counted from the end, as torch) or null for none. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: numEmbeddings and embeddingDim must be positive, got " + numEmbeddings
                    + " and " + embeddingDim);
        }
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " must be within [-" + numEmbeddings + ", "
                    + numEmbeddings + ")");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
        resetParameters();
    }

    /**
     * A table holding a copy of embeddings [num, dim], as torch's Embedding.from_pretrained; with
     * freeze the weight does not require a gradient (optimizers skip it).
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) { return fromPretrained(embeddings, freeze, null); }

    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: expected a 2-D [numEmbeddings, embeddingDim] tensor, got shape "
                    + java.util.Arrays.toString(embeddings.shape()));
        }
        Embedding e = new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx);
        if (embeddings.dtype() != e.weight().dtype()) e.to(embeddings.dtype());
        try (var g = Tensor.noGrad()) {
            e.weight().copy_(embeddings);
        }
        if (freeze) e.weight().requiresGrad(false);
        return e;
    }

    /** N(0, 1) entries, the padding row zero. */
    public void resetParameters() {
        Init.normal(weight());
        if (paddingIdx != null) Init.zeros(weight().select(0, paddingIdx));
    }

    public int numEmbeddings() { return numEmbeddings; }

    public int embeddingDim() { return embeddingDim; }

    /** The padding row (normalised to be non-negative), or null when there is none. */
    public Integer paddingIdx() { return paddingIdx; }

    public Tensor weight() { return param("weight"); }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dtype() != org.crema.DType.INT64) throw shapeError("INT64 indices in [0, " + numEmbeddings + ") (dtype " + input.dtype() + ")", input);
        return Functional.embedding(input, weight(), paddingIdx);
    }

    @Override
    public String extraRepr() { return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx); }
}
