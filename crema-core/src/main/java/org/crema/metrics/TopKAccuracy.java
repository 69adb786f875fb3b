package org.crema.metrics;

/**
 * Streaming top-k accuracy of [n, C] scores against class indices or one-hot rows: a sample counts when its
 * class is among the k highest scores, with sklearn's tie rule (see
 * {@link ClassificationMetrics#topKAccuracy(int[], double[][], int)}).
 */
public final class TopKAccuracy implements Metric {
    private final String name;
    private final int k;
    private int classes = -1;
    private long correct;
    private long total;

    /** Top-5 accuracy named "top_k_accuracy", as Keras' default. */
    public TopKAccuracy() {
        this("top_k_accuracy", 5);
    }

    public TopKAccuracy(int k) {
        this("top" + k + "_accuracy", k);
    }

    public TopKAccuracy(String name, int k) {
        Batch.nonNull("TopKAccuracy", "name", name);
        if (k < 1) throw new IllegalArgumentException(name + ": k must be >= 1 but is " + k);
        this.name = name;
        this.k = k;
    }

    public int k() {
        return k;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void update(float[] predictions, int[] shape, float[] targets) {
        Batch b = Batch.of(name, predictions, shape);
        if (b.c() < 2) {
            throw new IllegalArgumentException(name + ": top-k accuracy needs [n, C] class scores with C >= 2 but"
                    + " the shape is " + java.util.Arrays.toString(shape));
        }
        classes = b.checkClasses(classes);
        int[] t = b.classTargets(targets);
        double[] row = new double[b.c()];
        for (int i = 0; i < b.n(); i++) {
            for (int j = 0; j < b.c(); j++) row[j] = predictions[i * b.c() + j];
            if (ClassificationMetrics.inTopK(row, 0, b.c(), t[i], k)) correct++;
        }
        total += b.n();
    }

    @Override
    public double result() {
        if (total == 0) throw new IllegalStateException(name + ": no samples since the last reset()");
        return (double) correct / total;
    }

    @Override
    public void reset() {
        classes = -1;
        correct = 0;
        total = 0;
    }
}
