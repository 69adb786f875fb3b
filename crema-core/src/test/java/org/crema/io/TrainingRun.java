package org.crema.io;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.crema.Generator;
import org.crema.Tensor;
import org.crema.nn.Functional;
import org.crema.optim.Adam;

/**
 * A small deterministic training run (TinyNet, Adam, minibatches drawn with the global generator) used
 * by the checkpoint tests and by the child process of the crash test. Each run keeps its own copy of the
 * global generator's state, so that several runs can take turns in one JVM.
 */
final class TrainingRun {
    final TinyNet model;
    final Adam opt;
    private final Tensor x, y;
    private long[] rng;

    TrainingRun() {
        Tensor.manualSeed(123);
        model = new TinyNet(16, 48, 4);
        opt = new Adam(model.parameters(), 1e-2);
        Generator g = new Generator(7);
        x = Tensor.randn(g, 128, 16);
        y = Tensor.randn(g, 128, 4);
        rng = Generator.global().getState();
    }

    /** One optimizer step on a random minibatch of 16; returns the loss. */
    double step() {
        Generator.global().setState(rng);
        long[] idx = new long[16];
        for (int i = 0; i < idx.length; i++) idx[i] = Generator.global().nextInt(128);
        Tensor index = Tensor.of(idx);
        Tensor loss = Functional.mseLoss(model.forward(x.indexSelect(0, index)), y.indexSelect(0, index));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        rng = Generator.global().getState();
        return loss.item();
    }

    /** A snapshot as the training loop would take it (the global generator holds this run's state). */
    Checkpoint checkpoint(long step, Map<String, String> metadata) {
        Generator.global().setState(rng);
        return Checkpoint.capture(model, opt, Map.of(), 0, step, metadata);
    }

    void restore(Checkpoint ck) {
        ck.restore(model, opt);
        rng = Generator.global().getState();
    }

    /** SHA-256 over every parameter's and buffer's bits, the optimizer state and the generator state. */
    String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            feed(md, model.stateDict());
            feed(md, opt.stateDict());
            ByteBuffer b = ByteBuffer.allocate(48);
            for (long s : rng) b.putLong(s);
            md.update(b.array());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void feed(MessageDigest md, Map<String, Tensor> state) {
        state.forEach((k, t) -> {
            md.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(SafeTensors.toBytes(Map.of("t", t), Map.of()));
        });
    }
}
