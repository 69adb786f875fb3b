package org.crema.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crema.Generator;
import org.crema.Tensor;

/**
 * Iterates a dataset in mini-batches, optionally shuffled (seeded: epoch e of seed s always gives the
 * same order), with a background thread preparing the next batches while the current step runs.
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(train, 64, true, 42, false);
 * for (Batch b : loader) { ... b.x() ... b.y() ... }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private BatchTransform transform;
    private int prefetch = 2;
    private int nextEpoch;
    private volatile Prefetcher current;

    public DataLoader(Dataset dataset, int batchSize) { this(dataset, batchSize, false, 0, false); }

    public DataLoader(Dataset dataset, int batchSize, boolean shuffle) { this(dataset, batchSize, shuffle, 0, false); }

    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
        if (dataset.size() == 0) throw new IllegalArgumentException("DataLoader: the dataset is empty");
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /** Applies t to every batch (in the prefetch thread). Returns this. */
    public DataLoader transform(BatchTransform t) {
        this.transform = t;
        return this;
    }

    /** How many batches to prepare ahead (0 = none, everything on the caller's thread). Returns this. */
    public DataLoader prefetch(int depth) {
        if (depth < 0) throw new IllegalArgumentException("DataLoader.prefetch: depth must be >= 0, got " + depth);
        this.prefetch = depth;
        return this;
    }

    /** The epoch number the next iteration uses for its shuffle order (for resuming training). */
    public void setEpoch(int epoch) { this.nextEpoch = epoch; }

    public int epoch() { return nextEpoch; }

    public Dataset dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The example order of an epoch. */
    public int[] order(int epoch) {
        int n = dataset.size();
        if (shuffle) return Splits.permutation(n, seed * 1_000_003L + epoch);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private Tensor[] load(int[] order, int b, Generator g) {
        int start = b * batchSize;
        int end = Math.min(order.length, start + batchSize);
        Tensor[] t = dataset.getBatch(java.util.Arrays.copyOfRange(order, start, end));
        return transform == null ? t : transform.apply(t, g);
    }

    @Override
    public Iterator<Batch> iterator() {
        int epoch = nextEpoch++;
        int[] order = order(epoch);
        int count = numBatches();
        Generator g = new Generator(seed * 31 + epoch);
        Prefetcher previous = current;
        if (previous != null) previous.cancel();
        if (prefetch == 0) {
            return new Iterator<>() {
                int b;
                public boolean hasNext() { return b < count; }
                public Batch next() {
                    if (b >= count) throw new NoSuchElementException();
                    return new Batch(load(order, b++, g));
                }
            };
        }
        Prefetcher p = new Prefetcher(order, count, g);
        current = p;
        return p;
    }

    private final class Prefetcher implements Iterator<Batch> {
        private static final Object END = new Object();
        private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
        private final int count;
        private volatile boolean cancelled;
        private int taken;

        Prefetcher(int[] order, int count, Generator g) {
            this.count = count;
            Thread t = new Thread(() -> {
                try {
                    for (int b = 0; b < count && !cancelled; b++) put(new Batch(load(order, b, g)));
                    put(END);
                } catch (Throwable e) {
                    put(e);
                }
            }, "crema-dataloader");
            t.setDaemon(true);
            t.start();
        }

        private void put(Object o) {
            try {
                // a consumer that stopped early never drains the queue: give up once cancelled
                while (!cancelled && !queue.offer(o, 50, TimeUnit.MILLISECONDS)) { }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void cancel() { cancelled = true; }

        @Override
        public boolean hasNext() {
            boolean more = taken < count;
            if (!more) cancel();
            return more;
        }

        @Override
        public Batch next() {
            if (taken >= count) throw new NoSuchElementException();
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            }
            if (o instanceof Throwable t) {
                cancel();
                if (t instanceof RuntimeException re) throw re;
                if (t instanceof Error err) throw err;
                throw new IllegalStateException("DataLoader: loading batch " + taken + " failed: " + t.getMessage(), t);
            }
            if (o == END) throw new NoSuchElementException();
            taken++;
            return (Batch) o;
        }
    }
}
