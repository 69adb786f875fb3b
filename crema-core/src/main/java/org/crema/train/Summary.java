package org.crema.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crema.Tensor;
import org.crema.nn.Module;
import org.crema.nn.Sequential;

/**
 * Keras' model summary: one row per layer with its output shape (from a dry run of one zero example
 * without gradients) and parameter count, then the totals. Non-trainable counts are frozen parameters and
 * floating-point buffers (batch-norm statistics), as Keras counts them.
 */
final class Summary {
    private Summary() {}

    private static final int[] COLUMNS = {29, 26, 10};
    private static final int WIDTH = 65;

    static String of(Model model) {
        Module module = model.module();
        List<String[]> rows = new ArrayList<>();
        String outputShape = "?";
        boolean sequential = module instanceof Sequential;
        // any other module: its direct children, whose order of use only its forward knows (no shapes)
        boolean children = !sequential && !module.children().isEmpty();
        List<Module> layers = sequential || children ? module.children() : List.of(module);
        List<String> names = sequential || children ? List.copyOf(module.namedChildren().keySet()) : List.of("model");
        String[] shapes = new String[layers.size()];
        java.util.Arrays.fill(shapes, "?");
        int[] in = model.inputShape();
        if (in != null) {
            int[] batch = new int[in.length + 1];
            batch[0] = 1;
            System.arraycopy(in, 0, batch, 1, in.length);
            List<Tensor> ps = module.parameters();
            Tensor h = Tensor.zeros(ps.isEmpty() ? org.crema.DType.FLOAT32 : ps.get(0).dtype(), batch);
            boolean wasTraining = module.isTraining();
            module.eval();
            try (var g = Tensor.noGrad()) {
                if (sequential || !children) {
                    for (int i = 0; i < layers.size(); i++) {
                        h = layers.get(i).forward(h);
                        shapes[i] = shape(h.shape());
                    }
                    outputShape = shapes[shapes.length - 1];
                } else {
                    outputShape = shape(module.forward(h).shape());
                }
            } finally {
                module.train(wasTraining);
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            boolean unbuilt = layer instanceof Dense d && !d.isBuilt();
            long count = count(layer, true) + count(layer, false);
            rows.add(new String[] {names.get(i) + " (" + layer.getClass().getSimpleName() + ")", shapes[i],
                    unbuilt ? "0 (unbuilt)" : String.format(Locale.ROOT, "%,d", count)});
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(module instanceof Sequential ? "sequential" : module.getClass().getSimpleName()).append("\"\n");
        sb.append("_".repeat(WIDTH)).append('\n');
        row(sb, new String[] {"Layer (type)", "Output Shape", "Param #"});
        sb.append("=".repeat(WIDTH)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            row(sb, rows.get(i));
            if (i < rows.size() - 1) sb.append('\n');
        }
        sb.append("=".repeat(WIDTH)).append('\n');
        long trainable = count(module, true), frozen = count(module, false);
        long trainableBytes = bytes(module, true), frozenBytes = bytes(module, false);
        sb.append("Total params: ").append(String.format(Locale.ROOT, "%,d", trainable + frozen))
                .append(" (").append(size(trainableBytes + frozenBytes)).append(")\n");
        sb.append("Trainable params: ").append(String.format(Locale.ROOT, "%,d", trainable)).append(" (").append(size(trainableBytes)).append(")\n");
        sb.append("Non-trainable params: ").append(String.format(Locale.ROOT, "%,d", frozen)).append(" (").append(size(frozenBytes)).append(")\n");
        if (in == null) {
            sb.append("Input shape unknown: output shapes appear after inputShape(...) or the first fit batch\n");
        } else if (children) {
            sb.append("Output shape: ").append(outputShape).append('\n');
        }
        sb.append("_".repeat(WIDTH));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String[] cells) {
        StringBuilder line = new StringBuilder(" ");
        for (int c = 0; c < cells.length; c++) {
            line.append(cells[c]);
            int target = 0;
            for (int k = 0; k <= c; k++) target += COLUMNS[k];
            if (c < cells.length - 1) {
                if (line.length() >= target) line.append(' ');
                while (line.length() < target) line.append(' ');
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    static String shape(int[] s) {
        StringBuilder sb = new StringBuilder("(None");
        for (int i = 1; i < s.length; i++) sb.append(", ").append(s[i]);
        return sb.append(s.length == 1 ? ",)" : ")").toString();
    }

    private static long count(Module m, boolean trainable) {
        long n = 0;
        for (Tensor p : m.parameters()) if (p.requiresGrad() == trainable) n += p.numel();
        if (!trainable) for (Tensor b : m.namedBuffers().values()) if (b.dtype().isFloatingPoint()) n += b.numel();
        return n;
    }

    private static long bytes(Module m, boolean trainable) {
        long n = 0;
        for (Tensor p : m.parameters()) if (p.requiresGrad() == trainable) n += p.numel() * p.dtype().byteSize();
        if (!trainable) for (Map.Entry<String, Tensor> e : m.namedBuffers().entrySet()) {
            Tensor b = e.getValue();
            if (b.dtype().isFloatingPoint()) n += b.numel() * b.dtype().byteSize();
        }
        return n;
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
