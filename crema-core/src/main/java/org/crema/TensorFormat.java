package org.crema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PyTorch-like printing: aligned columns, 4 decimals, large tensors abbreviated with "...". */
final class TensorFormat {
    private TensorFormat() {}

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    static String format(Tensor t) {
        int[] shape = t.shape();
        boolean abbreviate = t.numel() > THRESHOLD;
        List<Double> shown = new ArrayList<>();
        collect(t, 0, new int[shape.length], abbreviate, shown);
        Formatter fmt = new Formatter(t.dtype(), shown);
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(fmt.format(t.item()).strip());
        } else {
            render(t, 0, new int[shape.length], abbreviate, fmt, sb, "tensor(".length() + 1);
        }
        List<String> extras = new ArrayList<>();
        if (t.numel() == 0) extras.add("size=" + Shapes.str(shape));
        if (t.dtype() != DType.FLOAT32) extras.add("dtype=" + t.dtype());
        if (t.gradFn() != null) extras.add("grad_fn=<" + t.gradFn() + ">");
        else if (t.requiresGrad()) extras.add("requires_grad=true");
        for (String e : extras) sb.append(", ").append(e);
        return sb.append(')').toString();
    }

    private static void collect(Tensor t, int dim, int[] idx, boolean abbreviate, List<Double> out) {
        int[] shape = t.shape();
        if (dim == shape.length) {
            out.add(t.get(idx));
            return;
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (abbreviate && shape[dim] > 2 * EDGE && i == EDGE) i = shape[dim] - EDGE;
            idx[dim] = i;
            collect(t, dim + 1, idx, abbreviate, out);
        }
    }

    private static void render(Tensor t, int dim, int[] idx, boolean abbreviate, Formatter fmt, StringBuilder sb, int indent) {
        int[] shape = t.shape();
        sb.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (abbreviate && shape[dim] > 2 * EDGE && i == EDGE) {
                sb.append("...,");
                if (dim == shape.length - 1) sb.append(' ');
                else sb.append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim));
                i = shape[dim] - EDGE;
            }
            idx[dim] = i;
            if (dim == shape.length - 1) {
                sb.append(fmt.format(t.get(idx)));
            } else {
                render(t, dim + 1, idx, abbreviate, fmt, sb, indent);
            }
            if (i < shape[dim] - 1) {
                sb.append(',');
                if (dim == shape.length - 1) sb.append(' ');
                else sb.append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim));
            }
        }
        sb.append(']');
    }

    private static final class Formatter {
        final boolean integer, sci, intType;
        final int width;

        Formatter(DType dtype, List<Double> values) {
            intType = dtype == DType.INT64;
            boolean allInt = true;
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            for (double v : values) {
                if (!Double.isFinite(v)) continue;
                if (v != Math.rint(v)) allInt = false;
                double a = Math.abs(v);
                maxAbs = Math.max(maxAbs, a);
                if (a > 0) minAbs = Math.min(minAbs, a);
            }
            integer = allInt;
            sci = !intType && (maxAbs >= 1e8 || (!allInt && minAbs < 1e-4) || (maxAbs / minAbs > 1000 && !allInt && minAbs != Double.POSITIVE_INFINITY && maxAbs > 1e3));
            int w = 0;
            for (double v : values) w = Math.max(w, raw(v).length());
            width = w;
        }

        private String raw(double v) {
            if (Double.isNaN(v)) return "nan";
            if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            if (intType) return Long.toString((long) v);
            if (sci) return String.format(Locale.ROOT, "%.4e", v);
            if (integer) return String.format(Locale.ROOT, "%.0f.", v);
            return String.format(Locale.ROOT, "%.4f", v);
        }

        String format(double v) {
            String s = raw(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
