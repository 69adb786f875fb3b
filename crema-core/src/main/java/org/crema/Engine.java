package org.crema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.crema.autograd.GradMode;
import org.crema.autograd.Node;

/** Reverse-mode backpropagation over the graph recorded by the ops. */
final class Engine {
    private Engine() {}

    static void backward(Tensor root, Tensor gradient) {
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        pending.put(root, gradient.convertTo(root.dtype()));
        try (var ignored = GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = pending.remove(t);
                if (g == null) continue;
                Node node = t.gradFn();
                if (node == null) {
                    accumulateLeaf(t, g);
                    continue;
                }
                Tensor[] inputs = node.inputs();
                Tensor[] grads = node.backward(g);
                if (grads.length != inputs.length) {
                    throw new IllegalStateException(node + " returned " + grads.length + " gradients for "
                            + inputs.length + " inputs");
                }
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor gk = grads[k];
                    if (in == null || !in.requiresGrad() || gk == null) continue;
                    if (!Arrays.equals(gk.shape(), in.shape())) {
                        throw new IllegalStateException(node + " produced a gradient of shape " + Shapes.str(gk.shape())
                                + " for input " + k + " of shape " + Shapes.str(in.shape()));
                    }
                    gk = gk.convertTo(in.dtype());
                    Tensor prev = pending.get(in);
                    pending.put(in, prev == null ? gk : prev.add(gk));
                }
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor cur = leaf.grad();
        if (cur == null) {
            leaf.setGrad(g.contiguousCopy());
        } else {
            cur.add_(g);
        }
    }

    /** Tensors reachable from root through grad_fn edges, each after all tensors it depends on. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        // iterative DFS: long chains (an RNN over many steps) would overflow the Java stack
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputs();
            boolean pushed = false;
            while (next < inputs.length) {
                Tensor in = inputs[next++];
                if (in != null && in.requiresGrad() && !visited.containsKey(in)) {
                    visited.put(in, Boolean.TRUE);
                    frame[1] = next;
                    stack.push(new Object[] {in, 0});
                    pushed = true;
                    break;
                }
            }
            if (!pushed) {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
