package org.crema.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Gradients of convolution and pooling against central differences (FLOAT64, small odd shapes). */
class ConvGradCheckTest {

    /** Values 0.05 apart in random order, so max-pool windows have no ties. */
    private static Tensor distinct(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.randperm(n).to(DType.FLOAT32).mul(0.05).sub(n * 0.025).reshape(shape);
    }

    private static Arguments c(String name, Function<Tensor[], Tensor> fn, Tensor... in) { return Arguments.of(name, fn, in); }

    static Stream<Arguments> cases() {
        Tensor.manualSeed(3);
        Tensor fixedW = Tensor.randn(2, 2, 2, 2).to(DType.FLOAT64), fixedX = Tensor.randn(3, 2, 5, 4).to(DType.FLOAT64);
        return Stream.of(
                c("conv basic", x -> Functional.conv2d(x[0], x[1], x[2]), Tensor.randn(2, 2, 5, 4), Tensor.randn(3, 2, 3, 3), Tensor.randn(3)),
                c("conv stride padding", x -> Functional.conv2d(x[0], x[1], x[2], 2, 1),
                        Tensor.randn(2, 3, 5, 7), Tensor.randn(2, 3, 3, 3), Tensor.randn(2)),
                c("conv dilation no bias", x -> Functional.conv2d(x[0], x[1], null, 1, 2, 2, 1),
                        Tensor.randn(1, 2, 5, 5), Tensor.randn(2, 2, 3, 3)),
                c("conv groups", x -> Functional.conv2d(x[0], x[1], x[2], 1, 1, 1, 2),
                        Tensor.randn(2, 4, 3, 5), Tensor.randn(4, 2, 3, 2), Tensor.randn(4)),
                c("conv depthwise", x -> Functional.conv2d(x[0], x[1], x[2], 1, 0, 1, 3),
                        Tensor.randn(1, 3, 4, 4), Tensor.randn(3, 1, 2, 2), Tensor.randn(3)),
                c("conv non-square", x -> Functional.conv2d(x[0], x[1], x[2], new int[] {2, 1}, new int[] {0, 2}, new int[] {1, 2}, 1),
                        Tensor.randn(3, 2, 6, 5), Tensor.randn(2, 2, 3, 2), Tensor.randn(2)),
                c("conv pointwise", x -> Functional.conv2d(x[0], x[1], x[2]), Tensor.randn(3, 3, 2, 3), Tensor.randn(2, 3, 1, 1), Tensor.randn(2)),
                c("conv unbatched", x -> Functional.conv2d(x[0], x[1], x[2], 1, 1), Tensor.randn(2, 3, 3), Tensor.randn(2, 2, 3, 3), Tensor.randn(2)),
                c("conv input only", x -> Functional.conv2d(x[0], fixedW, null, 1, 1), Tensor.randn(2, 2, 4, 3)),
                c("conv weight only", x -> Functional.conv2d(fixedX, x[0], x[1], 2, 1), Tensor.randn(3, 2, 2, 2), Tensor.randn(3)),
                c("conv of a view", x -> Functional.conv2d(x[0].transpose(2, 3), x[1], x[2], 1, 1),
                        Tensor.randn(2, 2, 4, 3), Tensor.randn(2, 2, 3, 3), Tensor.randn(2)),
                c("maxpool 2x2", x -> Functional.maxPool2d(x[0], 2), distinct(2, 2, 5, 4)),
                c("maxpool 3 s2 p1", x -> Functional.maxPool2d(x[0], 3, 2, 1), distinct(1, 2, 5, 6)),
                c("maxpool overlap non-square", x -> Functional.maxPool2d(x[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}), distinct(2, 1, 4, 5)),
                c("avgpool", x -> Functional.avgPool2d(x[0], 2), Tensor.randn(2, 2, 5, 4)),
                c("avgpool 3 s2 p1", x -> Functional.avgPool2d(x[0], 3, 2, 1), Tensor.randn(1, 2, 5, 6)),
                c("avgpool exclude pad", x -> Functional.avgPool2d(x[0], new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, false), Tensor.randn(1, 2, 5, 4)),
                c("adaptive", x -> Functional.adaptiveAvgPool2d(x[0], 3, 2), Tensor.randn(2, 2, 7, 5)),
                c("adaptive upsampling", x -> Functional.adaptiveAvgPool2d(x[0], 4, 3), Tensor.randn(1, 2, 3, 2)),
                c("conv pool chain", x -> Functional.maxPool2d(Functional.conv2d(x[0], x[1], x[2], 1, 1).relu(), 2),
                        Tensor.randn(2, 1, 6, 6), Tensor.randn(3, 1, 3, 3), Tensor.randn(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(String name, Function<Tensor[], Tensor> fn, Tensor[] inputs) {
        var r = GradCheck.run(fn, 1e-6, 1e-5, 1e-3, GradCheck.leaves(inputs));
        assertTrue(r.passed(), name + ": " + r);
    }
}
