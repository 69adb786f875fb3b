package org.crema.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.crema.backend.Backend;
import org.crema.backend.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SGEMM throughput (calls per second; GFLOP/s = score * 2mnk / 1e9). {@code square}: C = A B at N x N x N.
 * {@code conv}: the im2col products of the small CNN at batch 64 on 28x28 inputs (conv 1->32 and 32->64,
 * 3x3), forward and both gradients. The pool size is the forked JVM's -Dcrema.threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {

    /** "M x N x K : op(A) op(B)" with N = plain, T = transposed. */
    @Param({"256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN"})
    public String shape;

    private int m, n, k, lda, ldb;
    private boolean ta, tb;
    private float[] a, b, c;

    @Setup
    public void setup() {
        String[] parts = shape.split("[x:]");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        ta = parts[3].charAt(0) == 'T';
        tb = parts[3].charAt(1) == 'T';
        lda = ta ? m : k;
        ldb = tb ? k : n;
        SplittableRandom r = new SplittableRandom(42);
        a = random(r, m * k);
        b = random(r, k * n);
        c = new float[m * n];
        Backend.current().awaitWarm(); // measure the vector kernels, not the scalar ones used while they compile
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        return c;
    }

    static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
