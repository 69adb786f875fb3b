package org.crema.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.*;
import org.crema.nn.Module;

/**
 * The {@link Architecture} entries of Crema's own layers: fields named as PyTorch's constructor
 * arguments, optional ones defaulting as in PyTorch, and state shapes computed from the fields.
 */
final class BuiltinLayers {
    private BuiltinLayers() {}

    static void registerAll() {
        Architecture.register("Sequential", Sequential.class,
                m -> {
                    List<Object> layers = new ArrayList<>();
                    for (Module c : m) layers.add(Architecture.toConfig(c));
                    return Map.of("layers", layers);
                },
                c -> {
                    Sequential s = new Sequential();
                    for (LayerConfig l : c.getLayers("layers")) s.add(c.build(l));
                    return s;
                },
                c -> {
                    Map<String, int[]> out = new LinkedHashMap<>();
                    List<LayerConfig> layers = c.getLayers("layers");
                    for (int i = 0; i < layers.size(); i++) {
                        Map<String, int[]> s = Architecture.stateShapes(layers.get(i));
                        if (s == null) return null;
                        for (var e : s.entrySet()) out.put(i + "." + e.getKey(), e.getValue());
                    }
                    return out;
                });

        Architecture.register("Linear", Linear.class,
                m -> fields("in_features", m.inFeatures(), "out_features", m.outFeatures(), "bias", m.hasBias()),
                c -> new Linear(c.getInt("in_features"), c.getInt("out_features"), c.getBoolean("bias", true)),
                c -> shapes("weight", dims(c.getInt("out_features"), c.getInt("in_features")),
                        c.getBoolean("bias", true) ? "bias" : null, dims(c.getInt("out_features"))));

        Architecture.register("Conv2d", Conv2d.class,
                m -> fields("in_channels", m.inChannels(), "out_channels", m.outChannels(), "kernel_size", m.kernelSize(),
                        "stride", m.stride(), "padding", m.padding(), "dilation", m.dilation(), "groups", m.groups(), "bias", m.hasBias()),
                c -> new Conv2d(c.getInt("in_channels"), c.getInt("out_channels"), pair(c, "kernel_size", -1), pair(c, "stride", 1),
                        pair(c, "padding", 0), pair(c, "dilation", 1), c.getInt("groups", 1), c.getBoolean("bias", true)),
                c -> {
                    int groups = c.getInt("groups", 1);
                    if (groups < 1) throw new CremaFormatException(c.path() + " (Conv2d): groups must be >= 1, got " + groups);
                    int[] k = pair(c, "kernel_size", -1);
                    return shapes("weight", dims(c.getInt("out_channels"), c.getInt("in_channels") / groups, k[0], k[1]),
                            c.getBoolean("bias", true) ? "bias" : null, dims(c.getInt("out_channels")));
                });

        Architecture.register("MaxPool2d", MaxPool2d.class,
                m -> fields("kernel_size", m.kernelSize(), "stride", m.stride(), "padding", m.padding()),
                c -> {
                    int[] k = pair(c, "kernel_size", -1);
                    return new MaxPool2d(k, c.has("stride") ? pair(c, "stride", 1) : k, pair(c, "padding", 0));
                },
                c -> Map.of());
        Architecture.register("AvgPool2d", AvgPool2d.class,
                m -> fields("kernel_size", m.kernelSize(), "stride", m.stride(), "padding", m.padding(), "count_include_pad", m.countIncludePad()),
                c -> {
                    int[] k = pair(c, "kernel_size", -1);
                    return new AvgPool2d(k, c.has("stride") ? pair(c, "stride", 1) : k, pair(c, "padding", 0), c.getBoolean("count_include_pad", true));
                },
                c -> Map.of());
        Architecture.register("AdaptiveAvgPool2d", AdaptiveAvgPool2d.class,
                m -> fields("output_size", m.outputSize()),
                c -> {
                    int[] o = pair(c, "output_size", -1);
                    return new AdaptiveAvgPool2d(o[0], o[1]);
                },
                c -> Map.of());
        Architecture.register("Flatten", Flatten.class,
                m -> fields("start_dim", m.startDim(), "end_dim", m.endDim()),
                c -> new Flatten(c.getInt("start_dim", 1), c.getInt("end_dim", -1)),
                c -> Map.of());
        Architecture.register("Dropout", Dropout.class,
                m -> fields("p", m.p()),
                c -> new Dropout(c.getDouble("p", 0.5)),
                c -> Map.of());

        Architecture.register("ReLU", ReLU.class, m -> Map.of(), c -> new ReLU(), c -> Map.of());
        Architecture.register("Sigmoid", Sigmoid.class, m -> Map.of(), c -> new Sigmoid(), c -> Map.of());
        Architecture.register("Tanh", Tanh.class, m -> Map.of(), c -> new Tanh(), c -> Map.of());
        Architecture.register("Identity", Identity.class, m -> Map.of(), c -> new Identity(), c -> Map.of());
        Architecture.register("LeakyReLU", LeakyReLU.class,
                m -> fields("negative_slope", m.negativeSlope()),
                c -> new LeakyReLU(c.getDouble("negative_slope", 0.01)),
                c -> Map.of());
        Architecture.register("ELU", ELU.class,
                m -> fields("alpha", m.alpha()),
                c -> new ELU(c.getDouble("alpha", 1.0)),
                c -> Map.of());
        Architecture.register("GELU", GELU.class,
                m -> fields("approximate", m.approximate()),
                c -> new GELU(c.getString("approximate", "none")),
                c -> Map.of());
        Architecture.register("Softmax", Softmax.class,
                m -> fields("dim", m.dim()),
                c -> new Softmax(c.getInt("dim")),
                c -> Map.of());
        Architecture.register("LogSoftmax", LogSoftmax.class,
                m -> fields("dim", m.dim()),
                c -> new LogSoftmax(c.getInt("dim")),
                c -> Map.of());

        Architecture.register("BatchNorm1d", BatchNorm1d.class, BuiltinLayers::batchNormFields,
                c -> new BatchNorm1d(c.getInt("num_features"), c.getDouble("eps", BatchNorm.DEFAULT_EPS), c.getDouble("momentum", BatchNorm.DEFAULT_MOMENTUM),
                        c.getBoolean("affine", true), c.getBoolean("track_running_stats", true)),
                BuiltinLayers::batchNormShapes);
        Architecture.register("BatchNorm2d", BatchNorm2d.class, BuiltinLayers::batchNormFields,
                c -> new BatchNorm2d(c.getInt("num_features"), c.getDouble("eps", BatchNorm.DEFAULT_EPS), c.getDouble("momentum", BatchNorm.DEFAULT_MOMENTUM),
                        c.getBoolean("affine", true), c.getBoolean("track_running_stats", true)),
                BuiltinLayers::batchNormShapes);
        Architecture.register("LayerNorm", LayerNorm.class,
                m -> fields("normalized_shape", m.normalizedShape(), "eps", m.eps(), "elementwise_affine", m.elementwiseAffine()),
                c -> new LayerNorm(c.getIntArray("normalized_shape"), c.getDouble("eps", 1e-5), c.getBoolean("elementwise_affine", true)),
                c -> {
                    int[] s = c.getIntArray("normalized_shape");
                    return c.getBoolean("elementwise_affine", true) ? shapes("weight", s, "bias", s) : Map.of();
                });
        Architecture.register("Embedding", Embedding.class,
                m -> fields("num_embeddings", m.numEmbeddings(), "embedding_dim", m.embeddingDim(), "padding_idx", m.paddingIdx()),
                c -> new Embedding(c.getInt("num_embeddings"), c.getInt("embedding_dim"), c.has("padding_idx") ? c.getInt("padding_idx") : null),
                c -> shapes("weight", dims(c.getInt("num_embeddings"), c.getInt("embedding_dim"))));

        Architecture.register("RNN", RNN.class,
                m -> {
                    Map<String, Object> f = recurrentFields(m);
                    f.put("nonlinearity", m.nonlinearity() == RNN.Nonlinearity.RELU ? "relu" : "tanh");
                    return f;
                },
                c -> {
                    String nl = c.getString("nonlinearity", "tanh");
                    if (!nl.equals("tanh") && !nl.equals("relu")) throw new CremaFormatException(c.path() + " (RNN): nonlinearity must be 'tanh' or 'relu', got '" + nl + "'");
                    return new RNN(c.getInt("input_size"), c.getInt("hidden_size"), nl.equals("relu") ? RNN.Nonlinearity.RELU : RNN.Nonlinearity.TANH,
                            recurrentOptions(c));
                },
                c -> recurrentShapes(c, 1));
        Architecture.register("LSTM", LSTM.class, BuiltinLayers::recurrentFields,
                c -> new LSTM(c.getInt("input_size"), c.getInt("hidden_size"), recurrentOptions(c)),
                c -> recurrentShapes(c, 4));
        Architecture.register("GRU", GRU.class, BuiltinLayers::recurrentFields,
                c -> new GRU(c.getInt("input_size"), c.getInt("hidden_size"), recurrentOptions(c)),
                c -> recurrentShapes(c, 3));
    }

    private static Map<String, Object> batchNormFields(BatchNorm m) {
        return fields("num_features", m.numFeatures(), "eps", m.eps(), "momentum", m.momentum(), "affine", m.affine(),
                "track_running_stats", m.trackRunningStats());
    }

    private static Map<String, int[]> batchNormShapes(LayerConfig c) {
        int n = c.getInt("num_features");
        Map<String, int[]> out = new LinkedHashMap<>();
        if (c.getBoolean("affine", true)) {
            out.put("weight", dims(n));
            out.put("bias", dims(n));
        }
        if (c.getBoolean("track_running_stats", true)) {
            out.put("running_mean", dims(n));
            out.put("running_var", dims(n));
            out.put("num_batches_tracked", dims());
        }
        return out;
    }

    private static Map<String, Object> recurrentFields(RNNBase m) {
        RecurrentOptions o = m.options();
        return fields("input_size", m.inputSize(), "hidden_size", m.hiddenSize(), "num_layers", o.numLayers(), "bias", o.bias(),
                "batch_first", o.batchFirst(), "dropout", o.dropout(), "bidirectional", o.bidirectional());
    }

    private static RecurrentOptions recurrentOptions(LayerConfig c) {
        RecurrentOptions d = RecurrentOptions.defaults();
        return new RecurrentOptions(c.getInt("num_layers", d.numLayers()), c.getBoolean("bias", d.bias()), c.getBoolean("batch_first", d.batchFirst()),
                c.getDouble("dropout", d.dropout()), c.getBoolean("bidirectional", d.bidirectional()));
    }

    /** PyTorch's names: weight_ih_l{k}[_reverse] [gates*hidden, in], weight_hh [gates*hidden, hidden], bias_ih/bias_hh [gates*hidden]. */
    private static Map<String, int[]> recurrentShapes(LayerConfig c, int gates) {
        int in = c.getInt("input_size"), h = c.getInt("hidden_size");
        RecurrentOptions o = recurrentOptions(c);
        if (o.numLayers() > 1000) throw new CremaFormatException(c.path() + ": num_layers " + o.numLayers() + " is implausible");
        int g = Math.multiplyExact(gates, h);
        int dirs = o.numDirections();
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int layer = 0; layer < o.numLayers(); layer++) {
            int layerIn = layer == 0 ? in : Math.multiplyExact(h, dirs);
            for (int dir = 0; dir < dirs; dir++) {
                String sfx = "_l" + layer + (dir == 1 ? "_reverse" : "");
                out.put("weight_ih" + sfx, dims(g, layerIn));
                out.put("weight_hh" + sfx, dims(g, h));
                if (o.bias()) {
                    out.put("bias_ih" + sfx, dims(g));
                    out.put("bias_hh" + sfx, dims(g));
                }
            }
        }
        return out;
    }

    /** An int or a [h, w] pair, as PyTorch's _pair. */
    private static int[] pair(LayerConfig c, String key, int fallback) {
        if (!c.has(key)) {
            if (fallback < 0) c.getInt(key); // required: reports the missing field
            return new int[] {fallback, fallback};
        }
        Object v = c.fields().get(key);
        if (v instanceof Long) {
            int x = c.getInt(key);
            return new int[] {x, x};
        }
        int[] a = c.getIntArray(key);
        if (a.length != 2) throw new CremaFormatException(c.path() + ": field '" + key + "' must be an integer or a pair [h, w], got " + v);
        return a;
    }

    private static int[] dims(int... d) { return d; }

    private static Map<String, int[]> shapes(Object... kv) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i] != null) out.put((String) kv[i], (int[]) kv[i + 1]);
        return out;
    }

    /** A field map that keeps order and allows null values (written as JSON null). */
    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
        return out;
    }
}
