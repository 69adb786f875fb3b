package org.crema.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.crema.DType;
import org.crema.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable Tensor op against central differences in FLOAT64, with broadcasting and views. */
class OpsGradCheckTest {

    @BeforeEach
    void seed() { Tensor.manualSeed(42); }

    private static Tensor pos(int... shape) { return Tensor.rand(shape).add(0.5); }

    /** Values at least 0.05 apart, so max/min/relu/abs/clamp are away from their kinks. */
    private static Tensor distinct(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        Tensor perm = Tensor.randperm(n).to(DType.FLOAT32);
        return perm.mul(0.1).sub(n * 0.05 - 0.025).reshape(shape);
    }

    private static Arguments c(String name, Function<Tensor[], Tensor> fn, Tensor... in) {
        return Arguments.of(name, fn, in);
    }

    static Stream<Arguments> cases() {
        Tensor.manualSeed(7);
        return Stream.of(
                c("add broadcast", x -> x[0].add(x[1]), Tensor.randn(3, 4), Tensor.randn(4)),
                c("add broadcast both", x -> x[0].add(x[1]), Tensor.randn(3, 1, 2), Tensor.randn(4, 1)),
                c("sub broadcast", x -> x[0].sub(x[1]), Tensor.randn(2, 3), Tensor.randn(2, 1)),
                c("mul broadcast", x -> x[0].mul(x[1]), Tensor.randn(2, 3, 4), Tensor.randn(3, 1)),
                c("div broadcast", x -> x[0].div(x[1]), Tensor.randn(3, 4), pos(1, 4)),
                c("scalar ops", x -> x[0].add(2).sub(1).mul(3).div(4).rsub(1), Tensor.randn(5)),
                c("pow scalar", x -> x[0].pow(3.0), Tensor.randn(4)),
                c("pow tensor", x -> x[0].pow(x[1]), pos(3), Tensor.randn(3)),
                c("maximum", x -> x[0].maximum(x[1]), distinct(3, 4), distinct(4).mul(0.9)),
                c("minimum", x -> x[0].minimum(x[1]), distinct(3, 4), distinct(3, 1).add(0.013)),
                c("where", x -> Tensor.where(x[0].gt(0), x[0], x[1]), distinct(3, 4), Tensor.randn(4)),
                c("neg abs", x -> x[0].neg().abs(), distinct(6)),
                c("exp log", x -> x[0].exp().add(x[1].log()), Tensor.randn(5), pos(5)),
                c("log1p sqrt", x -> x[0].log1p().add(x[0].sqrt()), pos(5)),
                c("square reciprocal", x -> x[0].square().add(x[0].reciprocal()), pos(5)),
                c("sin cos", x -> x[0].sin().mul(x[0].cos()), Tensor.randn(5)),
                c("clamp", x -> x[0].clamp(-0.5, 0.5), distinct(10)),
                c("relu", x -> x[0].relu(), distinct(3, 3)),
                c("sigmoid tanh", x -> x[0].sigmoid().add(x[0].tanh()), Tensor.randn(2, 3)),
                c("softmax dim1", x -> x[0].softmax(1), Tensor.randn(3, 4)),
                c("softmax dim0 3d", x -> x[0].softmax(0), Tensor.randn(3, 2, 2)),
                c("logSoftmax", x -> x[0].logSoftmax(-1), Tensor.randn(2, 5)),
                c("sum all", x -> x[0].sum(), Tensor.randn(3, 4)),
                c("sum dim keep", x -> x[0].sum(1, true), Tensor.randn(3, 4, 2)),
                c("sum dims", x -> x[0].sum(new int[] {0, 2}, false), Tensor.randn(3, 4, 2)),
                c("mean", x -> x[0].mean(0).add(x[0].mean()), Tensor.randn(3, 4)),
                c("var std", x -> x[0].var(1, false).add(x[0].std()), Tensor.randn(3, 4)),
                c("var biased", x -> x[0].var(false), Tensor.randn(6)),
                c("max dim", x -> x[0].max(1), distinct(3, 4)),
                c("min dim keep", x -> x[0].min(0, true), distinct(3, 4)),
                c("max all", x -> x[0].max(), distinct(3, 4)),
                c("matmul 2d", x -> x[0].matmul(x[1]), Tensor.randn(3, 4), Tensor.randn(4, 5)),
                c("matmul 1d 1d", x -> x[0].matmul(x[1]), Tensor.randn(4), Tensor.randn(4)),
                c("matmul 1d 2d", x -> x[0].matmul(x[1]), Tensor.randn(4), Tensor.randn(4, 3)),
                c("matmul 2d 1d", x -> x[0].matmul(x[1]), Tensor.randn(3, 4), Tensor.randn(4)),
                c("matmul batched broadcast", x -> x[0].matmul(x[1]), Tensor.randn(2, 3, 4), Tensor.randn(4, 2)),
                c("matmul batch broadcast both", x -> x[0].matmul(x[1]), Tensor.randn(2, 1, 3, 4), Tensor.randn(3, 4, 2)),
                c("matmul transposed views", x -> x[0].t().matmul(x[1].t()), Tensor.randn(4, 3), Tensor.randn(2, 4)),
                c("matmul permuted", x -> x[0].permute(0, 2, 1).matmul(x[1]), Tensor.randn(2, 4, 3), Tensor.randn(2, 4, 2)),
                c("transpose non-contiguous math", x -> x[0].transpose(0, 1).mul(x[1]).exp(), Tensor.randn(3, 2), Tensor.randn(3)),
                c("permute", x -> x[0].permute(2, 0, 1).mul(x[1]), Tensor.randn(2, 3, 4), Tensor.randn(4, 2, 3)),
                c("reshape of view", x -> x[0].t().reshape(-1, 2).square(), Tensor.randn(4, 3)),
                c("view flatten", x -> x[0].view(6, 2).flatten().mul(2), Tensor.randn(3, 4)),
                c("flatten range", x -> x[0].flatten(1, 2).tanh(), Tensor.randn(2, 3, 2, 2)),
                c("squeeze unsqueeze", x -> x[0].unsqueeze(1).squeeze().unsqueeze(-1).mul(x[0].unsqueeze(1)), Tensor.randn(3, 1)),
                c("narrow", x -> x[0].narrow(1, 1, 2).mul(3), Tensor.randn(3, 4)),
                c("select", x -> x[0].select(0, 1).add(x[0].select(1, -1).sum()), Tensor.randn(3, 4)),
                c("expand", x -> x[0].expand(3, 4).mul(x[1]), Tensor.randn(1, 4), Tensor.randn(3, 4)),
                c("expand new dim", x -> x[0].expand(2, 3, 4).sum(0), Tensor.randn(3, 1)),
                c("cat", x -> Tensor.cat(1, x[0], x[1]).square(), Tensor.randn(2, 3), Tensor.randn(2, 1)),
                c("stack", x -> Tensor.stack(0, x[0], x[1]).tanh(), Tensor.randn(2, 3), Tensor.randn(2, 3)),
                c("gather", x -> x[0].gather(1, Tensor.of(new long[] {0, 2, 2, 1, 0, 0}, 3, 2)), Tensor.randn(3, 4)),
                c("indexSelect", x -> x[0].indexSelect(0, Tensor.of(new long[] {2, 0, 2}, 3)), Tensor.randn(3, 2)),
                c("scatterAdd", x -> x[0].scatterAdd(1, Tensor.of(new long[] {0, 1, 1, 0}, 2, 2), x[1]), Tensor.randn(2, 3), Tensor.randn(2, 2)),
                c("clone contiguous", x -> x[0].t().contiguous().clone().mul(x[0].t()), Tensor.randn(2, 3)),
                c("split", x -> x[0].split(2, 1).get(1).mul(2), Tensor.randn(2, 5)),
                c("mlp", x -> x[0].matmul(x[1]).add(x[2]).relu().matmul(x[3]).logSoftmax(1).mean(),
                        Tensor.randn(4, 3), Tensor.randn(3, 5), Tensor.randn(5), Tensor.randn(5, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(String name, Function<Tensor[], Tensor> fn, Tensor[] inputs) {
        GradCheck.Result r = GradCheck.run(fn, 1e-6, 1e-5, 1e-3, GradCheck.leaves(inputs));
        assertTrue(r.passed(), name + ": " + r);
    }
}
