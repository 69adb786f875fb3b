package org.crema;

import org.crema.autograd.Node;

/**
 * The differentiable elementwise ops behind {@link Tensor}'s arithmetic, math functions and activations:
 * the forward from {@link Elementwise}'s broadcasting kernels, the backward as tensor ops (each input's
 * gradient summed back to its own shape).
 */
final class PointwiseOps {
    private PointwiseOps() {}

    private static Tensor rec(Tensor out, String name, Node.Backward backward, Tensor... inputs) {
        return Node.record(out, name, inputs, backward);
    }

    // ------------------------------------------------------------------ arithmetic

    static Tensor add(Tensor a, Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.ADD, a, o);
        return rec(out, "add", g -> new Tensor[] {g.sumTo(a.shape), g.sumTo(o.shape)}, a, o);
    }

    static Tensor sub(Tensor a, Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.SUB, a, o);
        return rec(out, "sub", g -> new Tensor[] {g.sumTo(a.shape), g.neg().sumTo(o.shape)}, a, o);
    }

    static Tensor mul(Tensor a, Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.MUL, a, o);
        return rec(out, "mul", g -> new Tensor[] {
                a.requiresGrad() ? g.mul(o).sumTo(a.shape) : null,
                o.requiresGrad() ? g.mul(a).sumTo(o.shape) : null}, a, o);
    }

    static Tensor div(Tensor a, Tensor o) {
        Tensor out = Elementwise.binary(Elementwise.Bin.DIV, a, o);
        return rec(out, "div", g -> new Tensor[] {
                a.requiresGrad() ? g.div(o).sumTo(a.shape) : null,
                o.requiresGrad() ? g.mul(out).div(o).neg().sumTo(o.shape) : null}, a, o);
    }

    static Tensor add(Tensor a, double v) { return rec(Elementwise.scalar(Elementwise.Bin.ADD, a, v), "add", g -> new Tensor[] {g}, a); }

    static Tensor sub(Tensor a, double v) { return rec(Elementwise.scalar(Elementwise.Bin.SUB, a, v), "sub", g -> new Tensor[] {g}, a); }

    static Tensor mul(Tensor a, double v) { return rec(Elementwise.scalar(Elementwise.Bin.MUL, a, v), "mul", g -> new Tensor[] {g.mul(v)}, a); }

    static Tensor div(Tensor a, double v) { return rec(Elementwise.scalar(Elementwise.Bin.DIV, a, v), "div", g -> new Tensor[] {g.div(v)}, a); }

    static Tensor pow(Tensor a, double p) {
        Tensor out = Elementwise.scalar(Elementwise.Bin.POW, a, p);
        return rec(out, "pow", g -> new Tensor[] {p == 0 ? Tensor.zerosLike(g) : g.mul(a.pow(p - 1)).mul(p)}, a);
    }

    static Tensor pow(Tensor a, Tensor e) {
        Tensor out = Elementwise.binary(Elementwise.Bin.POW, a, e);
        return rec(out, "pow", g -> new Tensor[] {
                a.requiresGrad() ? g.mul(e).mul(a.pow(e.sub(1))).sumTo(a.shape) : null,
                e.requiresGrad() ? g.mul(out).mul(a.log()).sumTo(e.shape) : null}, a, e);
    }

    static Tensor minMax(Tensor a, Tensor o, boolean max) {
        Tensor out = Elementwise.binary(max ? Elementwise.Bin.MAX : Elementwise.Bin.MIN, a, o);
        return rec(out, max ? "maximum" : "minimum", g -> {
            // ties split the gradient evenly, as PyTorch does
            Tensor win = max ? a.gt(o) : a.lt(o);
            Tensor tie = a.eq(o).mul(0.5);
            Tensor wa = win.add(tie).convertTo(g.dtype), wb = win.rsub(1).sub(a.eq(o)).add(tie).convertTo(g.dtype);
            return new Tensor[] {g.mul(wa).sumTo(a.shape), g.mul(wb).sumTo(o.shape)};
        }, a, o);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor out = Elementwise.where(cond, a, b);
        return Node.record(out, "where", new Tensor[] {a, b}, g -> {
            Tensor z = Tensor.zerosLike(g);
            return new Tensor[] {Tensor.where(cond, g, z).sumTo(a.shape), Tensor.where(cond, z, g).sumTo(b.shape)};
        });
    }

    // ------------------------------------------------------------------ math functions

    static Tensor neg(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.NEG, a), "neg", g -> new Tensor[] {g.neg()}, a); }

    static Tensor abs(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.ABS, a), "abs", g -> new Tensor[] {g.mul(a.sign())}, a); }

    static Tensor exp(Tensor a) {
        Tensor out = Elementwise.unary(Elementwise.Un.EXP, a);
        return rec(out, "exp", g -> new Tensor[] {g.mul(out)}, a);
    }

    static Tensor log(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.LOG, a), "log", g -> new Tensor[] {g.div(a)}, a); }

    static Tensor log1p(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.LOG1P, a), "log1p", g -> new Tensor[] {g.div(a.add(1))}, a); }

    static Tensor sqrt(Tensor a) {
        Tensor out = Elementwise.unary(Elementwise.Un.SQRT, a);
        return rec(out, "sqrt", g -> new Tensor[] {g.div(out.mul(2))}, a);
    }

    static Tensor square(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.SQUARE, a), "square", g -> new Tensor[] {g.mul(a).mul(2)}, a); }

    static Tensor reciprocal(Tensor a) {
        Tensor out = Elementwise.unary(Elementwise.Un.RECIPROCAL, a);
        return rec(out, "reciprocal", g -> new Tensor[] {g.mul(out.square()).neg()}, a);
    }

    static Tensor sin(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.SIN, a), "sin", g -> new Tensor[] {g.mul(a.cos())}, a); }

    static Tensor cos(Tensor a) { return rec(Elementwise.unary(Elementwise.Un.COS, a), "cos", g -> new Tensor[] {g.mul(a.sin()).neg()}, a); }

    static Tensor clamp(Tensor a, double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        Tensor out = Elementwise.scalar(Elementwise.Bin.MIN, Elementwise.scalar(Elementwise.Bin.MAX, a, min), max);
        return rec(out, "clamp", g -> new Tensor[] {g.mul(a.ge(min).mul(a.le(max)).convertTo(g.dtype))}, a);
    }

    // ------------------------------------------------------------------ activations

    static Tensor relu(Tensor a) {
        Tensor out = Elementwise.unary(Elementwise.Un.RELU, a);
        return rec(out, "relu", g -> new Tensor[] {g.mul(Elementwise.unary(Elementwise.Un.STEP, out).convertTo(g.dtype))}, a);
    }

    static Tensor sigmoid(Tensor a) {
        Tensor out = Elementwise.unary(Elementwise.Un.SIGMOID, a);
        return rec(out, "sigmoid", g -> new Tensor[] {g.mul(out).mul(out.rsub(1))}, a);
    }

    static Tensor tanh(Tensor a) {
        Tensor out = Elementwise.unary(Elementwise.Un.TANH, a);
        return rec(out, "tanh", g -> new Tensor[] {g.mul(out.square().rsub(1))}, a);
    }
}
