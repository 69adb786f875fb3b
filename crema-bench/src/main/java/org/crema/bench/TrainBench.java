package org.crema.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crema.Tensor;
import org.crema.backend.Parallel;
import org.crema.nn.Conv2d;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.Flatten;
import org.crema.nn.LSTM;
import org.crema.nn.Linear;
import org.crema.nn.MaxPool2d;
import org.crema.nn.Module;
import org.crema.nn.ReLU;
import org.crema.nn.Sequential;
import org.crema.optim.Adam;
import org.crema.optim.Optimizer;
import org.crema.optim.SGD;

/**
 * Crema's side of the training benchmark: one workload per process, one JSON line out, the same
 * shapes, optimizers and measurement as {@code bench/pytorch_train.py} so that {@code bench/train.sh}
 * can put the two side by side.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dcrema.threads=1 -cp crema-bench.jar org.crema.bench.TrainBench mlp 1 [WINDOWS] [STEPS]
 * </pre>
 * WINDOWS = 0 stops after the first step and prints only its time.
 *
 * Data is random and already in memory: the benchmark measures compute, not loading. After the first
 * step (timed from process start, JVM boot included) it warms up until the JIT has settled (see {@link #settle}), sizes windows to ~1 s and
 * reports the median samples/s of the windows (and, as a diagnostic that a loaded
 * machine disturbs less, the median of samples per second of process CPU time, all threads and the GC
 * included). The thread count is the shared pool's, set by {@code -Dcrema.threads}; the THREADS
 * argument is only checked against it.
 */
public final class TrainBench {
    private TrainBench() {}

    /** One workload: its model, the shape of one sample, the batch, the optimizer (null: inference). */
    record Workload(Supplier<Module> model, int[] sampleShape, int batch, Function<List<Tensor>, Optimizer> optimizer) {
        boolean train() { return optimizer != null; }
    }

    static Module mlp() {
        return new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
    }

    /** The PyTorch CIFAR-10 tutorial's network. */
    static Module lenet() {
        return new Sequential(new Conv2d(3, 6, 5), new ReLU(), new MaxPool2d(2, 2), new Conv2d(6, 16, 5), new ReLU(),
                new MaxPool2d(2, 2), new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84),
                new ReLU(), new Linear(84, 10));
    }

    static Module cnn() {
        return new Sequential(new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3, 1, 1),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3136, 128), new ReLU(), new Linear(128, 10));
    }

    /** LSTM(32 -> 128) over 50 steps, the last step's output through Linear(128 -> 10). */
    static final class LstmNet extends Module {
        private final LSTM lstm = registerModule("lstm", new LSTM(32, 128));
        private final Linear fc = registerModule("fc", new Linear(128, 10));

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = lstm.forward(x); // batch-first [B, T, H]
            return fc.forward(out.select(1, out.size(1) - 1));
        }
    }

    static Workload workload(String name) {
        Function<List<Tensor>, Optimizer> adam = p -> new Adam(p, 1e-3);
        Function<List<Tensor>, Optimizer> sgd = p -> new SGD(p, 0.001, 0.9);
        return switch (name) {
            case "mlp" -> new Workload(TrainBench::mlp, new int[] {784}, 64, adam);
            case "lenet4" -> new Workload(TrainBench::lenet, new int[] {3, 32, 32}, 4, sgd);
            case "lenet64" -> new Workload(TrainBench::lenet, new int[] {3, 32, 32}, 64, sgd);
            case "cnn" -> new Workload(TrainBench::cnn, new int[] {1, 28, 28}, 64, adam);
            case "lstm" -> new Workload(LstmNet::new, new int[] {50, 32}, 64, adam);
            case "mlp_infer" -> new Workload(TrainBench::mlp, new int[] {784}, 256, null);
            case "cnn_infer" -> new Workload(TrainBench::cnn, new int[] {1, 28, 28}, 256, null);
            default -> throw new IllegalArgumentException("unknown workload '" + name
                    + "'; expected one of mlp, lenet4, lenet64, cnn, lstm, mlp_infer, cnn_infer");
        };
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainBench WORKLOAD THREADS [WINDOWS] [STEPS_PER_WINDOW]");
            System.exit(2);
        }
        String name = args[0];
        int threads = Integer.parseInt(args[1]);
        int windows = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int fixedSteps = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (Parallel.threads() != threads) {
            System.err.println("TrainBench: THREADS is " + threads + " but the pool has " + Parallel.threads()
                    + " threads; run with -Dcrema.threads=" + threads);
            System.exit(2);
        }
        Workload w = workload(name);
        Tensor.manualSeed(0);
        Module model = w.model().get();
        int[] xShape = new int[w.sampleShape().length + 1];
        xShape[0] = w.batch();
        System.arraycopy(w.sampleShape(), 0, xShape, 1, w.sampleShape().length);
        Tensor x = Tensor.randn(xShape);
        Tensor y = Tensor.randint(0, 10, w.batch());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Optimizer opt = w.train() ? w.optimizer().apply(model.parameters()) : null;
        if (!w.train()) model.eval();

        Runnable step = w.train()
                ? () -> {
                    opt.zeroGrad();
                    Tensor loss = lossFn.forward(model.forward(x), y);
                    loss.backward();
                    opt.step();
                }
                : () -> {
                    try (var g = Tensor.noGrad()) {
                        model.forward(x);
                    }
                };

        step.run();
        double firstStep = secondsSinceProcessStart();
        if (windows == 0) { // the time to the first step alone: a second per run instead of ~20 (bench/firststep.sh)
            // and the process's CPU time so far (all threads: JIT compilers and warm-ups), which a loaded machine disturbs less
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            System.out.println("{\"framework\": \"crema\", \"workload\": \"" + name + "\", \"threads\": " + threads
                    + ", \"first_step_s\": " + String.format(Locale.ROOT, "%.3f", firstStep)
                    + ", \"first_step_cpu_s\": " + String.format(Locale.ROOT, "%.3f", os.getProcessCpuTime() / 1e9) + "}");
            return;
        }
        // Warm-up: 1.5 s as on the Python side, and until the process has had 5 s of CPU (JIT compiler
        // threads included), so that C2 has compiled the kernels even when other processes share the cores.
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t = System.nanoTime();
        while (System.nanoTime() - t < 1_500_000_000L || os.getProcessCpuTime() < 5_000_000_000L) step.run();
        settle(step, os);
        t = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t < 300_000_000L) {
            step.run();
            n++;
        }
        double perStep = (System.nanoTime() - t) / 1e9 / n;
        int steps = fixedSteps > 0 ? fixedSteps : Math.max(3, (int) (1.0 / perStep));
        double[] rates = new double[windows], cpuRates = new double[windows];
        for (int i = 0; i < windows; i++) {
            long s = System.nanoTime(), cpu = os.getProcessCpuTime();
            for (int k = 0; k < steps; k++) step.run();
            rates[i] = steps * (double) w.batch() / ((System.nanoTime() - s) / 1e9);
            cpuRates[i] = steps * (double) w.batch() / ((os.getProcessCpuTime() - cpu) / 1e9);
        }
        if (Boolean.getBoolean("crema.bench.verbose")) System.err.println("TrainBench: cpu windows " + Arrays.toString(cpuRates));
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        List<String> ws = new ArrayList<>();
        for (double r : rates) ws.add(fmt(r));
        System.out.println("{\"framework\": \"crema\", \"version\": \"" + version() + "\", \"workload\": \"" + name
                + "\", \"threads\": " + threads + ", \"samples_per_s\": " + fmt(rates[rates.length / 2])
                + ", \"windows\": [" + String.join(", ", ws) + "], \"peak_rss_mb\": " + fmt(peakRssMb())
                + ", \"first_step_s\": " + fmt(firstStep) + ", \"cpu_samples_per_s\": " + fmt(cpuRates[windows / 2]) + ", \"gc\": \"" + gcNames() + "\"}");
    }

    /**
     * Runs steps until the JIT has settled: the library's warm-up threads ({@code crema-*-warmup}) have
     * ended and a 0.3 s window compiled (almost) nothing and ran within 10% of the previous window's samples
     * per process-CPU-second; at most 20 s. Without this, a loaded machine could start the measurement
     * while C2 was still compiling the vector kernels (the compiler threads' CPU time counts in the
     * process's, and the kernels run as C1 or interpreted code meanwhile).
     */
    static void settle(Runnable step, com.sun.management.OperatingSystemMXBean os) {
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("crema-") && th.getName().endsWith("-warmup")) {
                try {
                    th.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        var jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long end = System.nanoTime() + 20_000_000_000L;
        double prev = 0;
        int windows = 0;
        while (System.nanoTime() < end) {
            long s = System.nanoTime(), cpu = os.getProcessCpuTime(), compiled = timed ? jit.getTotalCompilationTime() : 0;
            int n = 0;
            while (System.nanoTime() - s < 300_000_000L) {
                step.run();
                n++;
            }
            double rate = n / Math.max(1e-9, (os.getProcessCpuTime() - cpu) / 1e9);
            boolean quiet = !timed || jit.getTotalCompilationTime() - compiled <= 10; // ms of compiler time
            windows++;
            if (quiet && prev > 0 && Math.abs(rate - prev) <= 0.1 * prev) break;
            prev = rate;
        }
        if (Boolean.getBoolean("crema.bench.verbose")) {
            System.err.println("TrainBench: settled after " + windows + " windows of 0.3 s");
        }
    }

    /**
     * Seconds from the process's start (JVM boot included), read as the Python side reads it: /proc/uptime
     * minus the start time in clock ticks from /proc/self/stat. ({@code ProcessHandle}'s start instant adds the
     * boot time, which /proc/stat gives in whole seconds: it read up to a second late, 0.45 s on this machine.)
     */
    static double secondsSinceProcessStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which may hold spaces: state is field 3, starttime field 22
            long ticks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return uptime - ticks / 100.0; // USER_HZ, 100 on Linux
        } catch (Exception e) {
            // not Linux: the JVM's own idea of its start
        }
        Instant start = ProcessHandle.current().info().startInstant().orElse(null);
        if (start != null) return Duration.between(start, Instant.now()).toNanos() / 1e9;
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
    }

    /** VmHWM, the peak resident set of this process, from /proc (what ru_maxrss reports on the Python side). */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (Exception e) {
            // not Linux: fall through
        }
        return -1;
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) names.add(gc.getName());
        return String.join("+", names);
    }

    private static String version() {
        String v = TrainBench.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }
}
