package org.crema.metrics;

/**
 * One mini-batch as the streaming metrics see it: n samples with c scores each (c = 1 for [n] and [n, 1]),
 * and the rules for reading its targets. See {@link Metric} for the accepted layouts.
 */
record Batch(String op, float[] predictions, int n, int c) {

    static void nonNull(String op, String what, Object o) {
        if (o == null) throw new IllegalArgumentException(op + ": " + what + " is null");
    }

    static Batch of(String op, float[] predictions, int[] shape) {
        nonNull(op, "predictions", predictions);
        nonNull(op, "shape", shape);
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(op + ": predictions shape must be [n] or [n, C] but is "
                    + java.util.Arrays.toString(shape));
        }
        int n = shape[0];
        int c = shape.length == 2 ? shape[1] : 1;
        if (n < 0 || c < 1 || (long) n * c != predictions.length) {
            throw new IllegalArgumentException(op + ": predictions shape " + java.util.Arrays.toString(shape)
                    + " does not match " + predictions.length + " elements");
        }
        for (int i = 0; i < predictions.length; i++) {
            if (Float.isNaN(predictions[i])) {
                throw new IllegalArgumentException(op + ": prediction [" + i / c + ", " + i % c + "] is NaN");
            }
        }
        return new Batch(op, predictions, n, c);
    }

    /** A batch of class scores must keep the class count of the first batch seen (-1 if none yet). */
    int checkClasses(int known) {
        if (known >= 0 && known != c) {
            throw new IllegalArgumentException(op + ": this batch has " + (c == 1 ? "1 score" : c + " classes")
                    + " per sample but earlier batches had " + known + "; reset() between different tasks");
        }
        return c;
    }

    /**
     * Class index per sample for c &gt;= 2: n integral targets in [0, c), or n * c one-hot rows (argmax).
     */
    int[] classTargets(float[] targets) {
        nonNull(op, "targets", targets);
        int[] out = new int[n];
        if (targets.length == n) {
            for (int i = 0; i < n; i++) {
                float t = targets[i];
                if (t != Math.rint(t) || t < 0 || t >= c) {
                    throw new IllegalArgumentException(op + ": target " + i + " = " + t
                            + " is not a class index in [0, " + c + ")");
                }
                out[i] = (int) t;
            }
        } else if ((long) targets.length == (long) n * c) {
            for (int i = 0; i < n; i++) out[i] = argmax(targets, i * c, c);
        } else {
            throw new IllegalArgumentException(op + ": " + targets.length + " targets for predictions of shape ["
                    + n + ", " + c + "]; expected " + n + " class indices or " + (long) n * c + " one-hot values");
        }
        return out;
    }

    /** Positive flag per sample for c == 1: n targets in [0, 1], positive when &gt; 0.5. */
    boolean[] binaryTargets(float[] targets) {
        nonNull(op, "targets", targets);
        if (targets.length != n) {
            throw new IllegalArgumentException(op + ": " + targets.length + " targets for " + n
                    + " binary predictions");
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            float t = targets[i];
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException(op + ": binary target " + i + " = " + t + " is outside [0, 1]");
            }
            out[i] = t > 0.5f;
        }
        return out;
    }

    /** Predicted class of sample i (first maximum wins, as numpy's argmax). */
    int predictedClass(int i) {
        return argmax(predictions, i * c, c);
    }

    static int argmax(float[] buf, int offset, int len) {
        int best = 0;
        for (int j = 1; j < len; j++) if (buf[offset + j] > buf[offset + best]) best = j;
        return best;
    }
}
