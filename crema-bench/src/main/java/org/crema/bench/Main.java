package org.crema.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of crema-bench.jar: the first argument names what to run.
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar crema-bench.jar jmh [JMH options]   # JMH (also the default)
 *   java --add-modules jdk.incubator.vector -jar crema-bench.jar gemm [options]      # GEMM GFLOP/s lines
 *   java --add-modules jdk.incubator.vector -jar crema-bench.jar train mlp 1          # training throughput (bench/train.sh)
 *   java --add-modules jdk.incubator.vector -jar crema-bench.jar org.crema.bench.X   # any main class
 * </pre>
 * A new benchmark main is one line in {@link #COMMANDS}.
 */
public final class Main {
    private Main() {}

    /** Command name to main class; insertion order is the order the usage lists them. */
    static final Map<String, String> COMMANDS = new LinkedHashMap<>();
    static {
        COMMANDS.put("jmh", "org.openjdk.jmh.Main");
        COMMANDS.put("gemm", "org.crema.bench.GemmBench");
        COMMANDS.put("train", "org.crema.bench.TrainBench");
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && (args[0].equals("help") || args[0].equals("--help"))) {
            System.out.println("usage: crema-bench.jar [" + String.join("|", COMMANDS.keySet()) + "|<main class>] [args...]");
            System.out.println("       no command runs JMH with the given arguments (e.g. -l lists the benchmarks)");
            return;
        }
        String target = "org.openjdk.jmh.Main";
        String[] rest = args;
        if (args.length > 0 && COMMANDS.containsKey(args[0])) {
            target = COMMANDS.get(args[0]);
            rest = Arrays.copyOfRange(args, 1, args.length);
        } else if (args.length > 0 && args[0].contains(".") && !args[0].startsWith("-")) {
            target = args[0];
            rest = Arrays.copyOfRange(args, 1, args.length);
        }
        Method main = Class.forName(target).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) rest);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
