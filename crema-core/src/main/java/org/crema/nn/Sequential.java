package org.crema.nn;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.crema.Tensor;

/**
 * Layers applied one after another, as torch.nn.Sequential. Children are named "0", "1", ..., so
 * the state dict has PyTorch's keys ({@code 0.weight}, {@code 2.bias}).
 *
 * <p>A layer that rejects its input is reported with its position and description, e.g.
 * "Sequential layer 2 (Linear(in_features=128, out_features=10, bias=true)): expected input [..., 128], got shape [64, 100]".
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * Tensor logits = model.forward(x);
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer (named by its position); returns this for chaining. */
    public Sequential add(Module layer) {
        if (layer == null) throw new IllegalArgumentException("Sequential.add: layer " + size() + " is null");
        registerModule(Integer.toString(size()), layer);
        return this;
    }

    /** The layer at index (negative counts from the end). */
    public Module get(int index) {
        int n = size();
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("Sequential.get: index " + index + " is out of range for " + n + " layers");
        }
        return namedChildren().get(Integer.toString(i));
    }

    public int size() { return namedChildren().size(); }

    @Override
    public Iterator<Module> iterator() { return children().iterator(); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        List<Module> layers = children();
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            Tensor in = x;
            Tensor three = i + 2 < layers.size() ? ConvReluPool.tryFused(layer, layers.get(i + 1), layers.get(i + 2), in) : null;
            if (three != null) {
                x = three;
                i += 2;   // Conv2d, ReLU and MaxPool2d in one op
                continue;
            }
            Tensor fused = fused(layer, i + 1 < layers.size() ? layers.get(i + 1) : null, in);
            if (fused != null) {
                x = fused;
                i++;   // the next layer is applied too
                continue;
            }
            try {
                if (linearThenRelu(layers, i)) {
                    x = ((Linear) layer).forwardRelu(in);
                    i++;
                } else {
                    x = layer.forward(in);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(describe(i, layer, in, e.getMessage()), e);
            } catch (IndexOutOfBoundsException e) {   // e.g. an Embedding index out of range
                var wrapped = new IndexOutOfBoundsException(describe(i, layer, in, e.getMessage()));
                wrapped.initCause(e);
                throw wrapped;
            }
        }
        return x;
    }

    /**
     * The output of layer and next in one fused op, or null where there is none: ReLU then MaxPool2d
     * (exactly those classes; a subclass may override forward) pools and clamps in one pass, with the
     * same values and gradients. Bad input returns null, so the layers run one by one and report it.
     */
    private static Tensor fused(Module layer, Module next, Tensor in) {
        if (next == null || layer.getClass() != ReLU.class || next.getClass() != MaxPool2d.class) return null;
        MaxPool2d pool = (MaxPool2d) next;
        if ((in.dim() != 4 && in.dim() != 3) || !in.dtype().isFloatingPoint()) return null;
        try {
            return Functional.reluMaxPool2d(in, pool.kernelSize(), pool.stride(), pool.padding());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A Linear followed by a ReLU (exactly those classes, not subclasses that may override forward) runs
     * as one op that applies the ReLU in place to the GEMM output: the same values and gradients without
     * the pre-activation tensor, its pass and its graph node.
     */
    private static boolean linearThenRelu(List<Module> layers, int i) {
        return i + 1 < layers.size() && layers.get(i).getClass() == Linear.class && layers.get(i + 1).getClass() == ReLU.class;
    }

    /** Names the layer once: a layer's own shape error already starts with its description. */
    private static String describe(int index, Module layer, Tensor in, String message) {
        String self = layer.toString();
        String head = layer instanceof Sequential ? "Sequential" : self;
        String msg = String.valueOf(message);
        if (!(layer instanceof Sequential) && msg.startsWith(self + ": ")) msg = msg.substring(self.length() + 2);
        String where = "Sequential layer " + index + " (" + head + ")";
        if (layer instanceof Sequential && msg.startsWith("Sequential layer ")) {
            return where + " > " + msg.substring("Sequential ".length());
        }
        if (!msg.contains("got")) msg += " (input shape " + Arrays.toString(in.shape()) + ")";
        return where + ": " + msg;
    }
}
