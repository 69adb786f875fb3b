package org.crema.io;

import static org.crema.io.FuzzCase.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.crema.Tensor;
import org.crema.nn.*;
import org.crema.nn.Module;

/**
 * Malformed model files and checkpoints, 7500 cases in all: mutated bytes, mutated architecture JSON
 * (absurd sizes, wrong types, swapped layer types, dropped fields) over valid weights, weights of
 * another architecture, mutated checkpoints. Only {@link CremaFormatException} may escape; no OOM (an
 * architecture asking for 2^31-1 features is compared with the stored tensors before anything is
 * built), no hang. An accepted model file must predict as the model it was saved from.
 */
class ModelFileFuzzTest {
    private static final String[] TYPES = {"Linear", "Conv2d", "ReLU", "LSTM", "GRU", "RNN", "Embedding", "BatchNorm1d", "BatchNorm2d",
        "LayerNorm", "Flatten", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Dropout", "Dense", "Sequential", "Softmax", "Nope", ""};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"[A-Za-z0-9]*\"");
    private static final Pattern FIELD = Pattern.compile(",\"[a-z_]+\":(\\d+|true|false|\"[a-z]*\"|\\[[\\d,]*\\]|null)");

    @Property(tries = 2500, seed = "51")
    void mutatedModelFiles2500(@ForAll long seed) {
        Random r = new Random(seed);
        Module m = randomModel(r);
        byte[] valid = bytes(m, Architecture.toJson(m));
        byte[] file = mutate(r, valid, 1 + r.nextInt(4));
        check(outcome(() -> ModelFile.fromBytes(file)), null, null);
    }

    @Property(tries = 2500, seed = "52")
    void mutatedArchitectures2500(@ForAll long seed) {
        Random r = new Random(seed);
        Module m = randomModel(r);
        String arch = Architecture.toJson(m);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) arch = mutateJson(r, arch);
        byte[] file = bytes(m, arch);
        boolean same = arch.equals(Architecture.toJson(m));
        check(outcome(() -> ModelFile.fromBytes(file)), same ? m : null, r);
    }

    @Property(tries = 1000, seed = "53")
    void weightsOfAnotherModel1000(@ForAll long seed) {
        Random r = new Random(seed);
        Module a = randomModel(r), b = randomModel(r);
        Map<String, String> meta = Map.of("crema.format", "model", "crema.architecture", Architecture.toJson(a));
        byte[] file = SafeTensors.toBytes(b.stateDict(), meta);
        check(outcome(() -> ModelFile.fromBytes(file)), null, null);
    }

    @Property(tries = 1500, seed = "54")
    void mutatedCheckpoints1500(@ForAll long seed) {
        Random r = new Random(seed);
        Module m = randomModel(r);
        Checkpoint ck = Checkpoint.capture(m, null, Map.of("last_epoch", Tensor.scalar(r.nextInt(9))), r.nextInt(5), r.nextInt(100), Map.of("k", "v"));
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try {
            ck.writeTo(bos);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] file = mutate(r, bos.toByteArray(), r.nextInt(4));
        Checkpoint back = outcome(() -> Checkpoint.from(SafeTensors.fromBytes(file)));
        Statistics.label("outcome").collect(back == null ? "rejected" : "accepted");
        if (back != null) {
            Module fresh = Architecture.fromJson(Architecture.toJson(m));
            outcome(() -> {
                back.restore(fresh, null);
                return fresh;
            });
        }
    }

    private static void check(SavedModel loaded, Module original, Random r) {
        Statistics.label("outcome").collect(loaded == null ? "rejected" : "accepted");
        if (loaded == null || original == null) return;
        original.eval();
        Tensor x = sampleInput(original);
        if (x != null) assertTrue(original.forward(x).equal(loaded.model().forward(x)), "an accepted unmodified file predicts identically");
    }

    /** Numbers become absurd, types are swapped, fields are dropped or retyped. */
    private static String mutateJson(Random r, String json) {
        switch (r.nextInt(5)) {
            case 0, 1 -> {
                List<int[]> spans = spans(NUMBER.matcher(json));
                if (spans.isEmpty()) return json;
                int[] s = spans.get(r.nextInt(spans.size()));
                String[] repl = {"2147483647", "-1", "0", "9223372036854775807", "1e300", "3.5", "-2147483648", "65536", "\"7\"", "null", "[1,2,3]"};
                return json.substring(0, s[0]) + repl[r.nextInt(repl.length)] + json.substring(s[1]);
            }
            case 2 -> {
                List<int[]> spans = spans(TYPE.matcher(json));
                int[] s = spans.get(r.nextInt(spans.size()));
                return json.substring(0, s[0]) + "\"type\":\"" + TYPES[r.nextInt(TYPES.length)] + "\"" + json.substring(s[1]);
            }
            case 3 -> {
                List<int[]> spans = spans(FIELD.matcher(json));
                if (spans.isEmpty()) return json;
                int[] s = spans.get(r.nextInt(spans.size()));
                return json.substring(0, s[0]) + json.substring(s[1]);
            }
            default -> {
                return new String(mutate(r, json.getBytes(StandardCharsets.UTF_8), 1), StandardCharsets.UTF_8);
            }
        }
    }

    private static List<int[]> spans(Matcher m) {
        List<int[]> out = new ArrayList<>();
        while (m.find()) out.add(new int[] {m.start(), m.end()});
        return out;
    }

    private static byte[] bytes(Module m, String arch) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("crema.format", "model");
        meta.put("crema.architecture", arch);
        meta.put("crema.input_shape", "[3]");
        return SafeTensors.toBytes(m.stateDict(), meta);
    }

    /** Small random models over 4 input features, from the layers whose input is easy to generate. */
    static Module randomModel(Random r) {
        Tensor.manualSeed(r.nextLong());
        int kind = r.nextInt(4);
        return switch (kind) {
            case 0 -> new Sequential(new Linear(4, 1 + r.nextInt(5)), new ReLU(), new Dropout(0.1));
            case 1 -> {
                int h = 1 + r.nextInt(4);
                yield new Sequential(new Linear(4, h), new BatchNorm1d(h), new Tanh(), new Linear(h, 2, r.nextBoolean()), new LogSoftmax(1));
            }
            case 2 -> new Sequential(new LayerNorm(4), new GELU(), new Linear(4, 3));
            default -> new Sequential(new Linear(4, 6), new LeakyReLU(0.1), new Linear(6, 1 + r.nextInt(3)));
        };
    }

    private static Tensor sampleInput(Module m) {
        Tensor.manualSeed(1);
        return Tensor.randn(3, 4);
    }
}
