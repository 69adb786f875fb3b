package org.crema;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails with a message that names the op and the shapes or values involved. */
class TensorErrorsTest {

    private static void fails(Class<? extends Throwable> type, Executable e, String... parts) {
        Throwable t = assertThrows(type, e);
        for (String p : parts) assertTrue(t.getMessage().contains(p), "message '" + t.getMessage() + "' lacks '" + p + "'");
    }

    @Test
    void nonBroadcastableShapes() {
        fails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).add(Tensor.ones(4)), "add", "[2, 3]", "[4]", "broadcast");
        fails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).mul(Tensor.ones(3, 2)), "mul", "[2, 3]", "[3, 2]");
    }

    @Test
    void matmulMismatch() {
        fails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).matmul(Tensor.ones(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> Tensor.ones(3).matmul(Tensor.ones(4)), "matmul", "3", "4");
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[] {1, 2}, 1, 2).matmul(Tensor.of(new long[] {1, 2}, 2, 1)), "matmul", "INT64");
    }

    @Test
    void dimOutOfRange() {
        fails(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).sum(2, false), "sum", "dim 2", "2 dimension");
        fails(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).softmax(-3), "softmax", "-3");
        fails(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).transpose(0, 5), "transpose", "5");
        fails(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).narrow(1, 2, 2), "narrow", "size 3");
        fails(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).select(0, 2), "select", "index 2");
    }

    @Test
    void badReshape() {
        fails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).reshape(4, 2), "reshape", "[4, 2]", "6 elements");
        fails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).reshape(-1, -1), "reshape", "-1");
        fails(IllegalStateException.class, () -> Tensor.ones(2, 3).t().view(6), "view", "contiguous", "reshape");
        fails(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "3 values", "[2, 2]");
        fails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).expand(4, 3), "expand", "[2, 3]");
    }

    @Test
    void backwardOnNonScalar() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        fails(IllegalStateException.class, () -> x.mul(2).backward(), "backward", "[3]", "one-element");
        fails(IllegalStateException.class, () -> Tensor.ones(1).backward(), "backward", "requiresGrad");
        fails(IllegalArgumentException.class, () -> x.mul(2).backward(Tensor.ones(2)), "backward", "[2]", "[3]");
    }

    @Test
    void wrongDtypes() {
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[] {1}).requiresGrad(true), "requiresGrad", "INT64");
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[] {1, 2}).mean(), "mean", "INT64");
        fails(IllegalArgumentException.class, () -> Tensor.ones(2).gather(0, Tensor.ones(2)), "gather", "INT64");
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[] {1}).softmax(0), "softmax", "INT64");
        fails(IllegalStateException.class, () -> Tensor.ones(2).item(), "item", "[2]");
        fails(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 2).gather(1, Tensor.of(new long[] {0, 5}, 2, 1)), "gather", "5");
        fails(IllegalArgumentException.class, () -> Tensor.cat(0, Tensor.ones(2, 3), Tensor.ones(2, 4)), "cat", "[2, 4]", "[2, 3]");
    }
}
