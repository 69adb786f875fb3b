package org.crema;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void basics() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
        System.out.println(a.add(b));
        System.out.println(a.matmul(a.t()));
        System.out.println(a.softmax(1));
        System.out.println(Tensor.randn(40, 40));
        Tensor w = Tensor.randn(3, 2).requiresGrad(true);
        Tensor loss = Tensor.ones(4, 3).matmul(w).relu().sum();
        loss.backward();
        System.out.println(w.grad());
        GradCheck.check(x -> x[0].matmul(x[1]).tanh().sum(), GradCheck.leaves(Tensor.randn(3, 4), Tensor.randn(4, 2)));
        GradCheck.check(x -> x[0].logSoftmax(1).mul(x[1]).sum(), GradCheck.leaves(Tensor.randn(3, 4), Tensor.randn(1, 4)));
    }
}
