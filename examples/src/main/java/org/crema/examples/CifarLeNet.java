package org.crema.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crema.Tensor;
import org.crema.data.Batch;
import org.crema.data.DataLoader;
import org.crema.data.Datasets;
import org.crema.data.Labeled;
import org.crema.data.Transforms;
import org.crema.data.io.CremaDataException;
import org.crema.nn.Conv2d;
import org.crema.nn.CrossEntropyLoss;
import org.crema.nn.Functional;
import org.crema.nn.Linear;
import org.crema.nn.MaxPool2d;
import org.crema.nn.Module;
import org.crema.optim.SGD;

/**
 * The PyTorch "Training a classifier" tutorial (CIFAR-10, LeNet) line for line: the Net class, CrossEntropyLoss,
 * SGD with lr 0.001 and momentum 0.9, batches of 4, the running loss printed every 2000 mini-batches, then the
 * accuracy on the test images.
 *
 * <p>With {@code --data DIR} it reads the CIFAR-10 binary version ({@code data_batch_1.bin} ... {@code
 * test_batch.bin}); without it, generated 32x32 colour images of 10 shapes, so it runs offline. Arguments
 * (all optional): {@code --data DIR --epochs 2 --train N --test N --print-every 2000 --batch-size 4}.
 */
public final class CifarLeNet {
    private CifarLeNet() {}

    /** The tutorial's Net. */
    public static final class Net extends Module {
        private final Conv2d conv1 = registerModule("conv1", new Conv2d(3, 6, 5));
        private final MaxPool2d pool = registerModule("pool", new MaxPool2d(2, 2));
        private final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        private final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        private final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        private final Linear fc3 = registerModule("fc3", new Linear(84, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = pool.forward(Functional.relu(conv1.forward(x)));
            x = pool.forward(Functional.relu(conv2.forward(x)));
            x = x.view(-1, 16 * 5 * 5);
            x = Functional.relu(fc1.forward(x));
            x = Functional.relu(fc2.forward(x));
            return fc3.forward(x);
        }
    }

    public static void main(String[] args) throws CremaDataException {
        Args a = new Args(args, "data", "epochs", "train", "test", "print-every", "batch-size");
        run(a);
    }

    /** The running losses printed, in order, and the test accuracy in percent. */
    record Result(List<Double> runningLosses, double accuracy) {}

    static Result run(Args a) throws CremaDataException {
        String data = a.string("data", null);
        int epochs = a.integer("epochs", 2);
        int printEvery = a.integer("print-every", 2000);
        int batchSize = a.integer("batch-size", 4);
        Tensor.manualSeed(0);
        Labeled trainset = data != null ? Datasets.cifar10(Path.of(data), true) : Datasets.syntheticShapes(5000, 3, 3, 32);
        Labeled testset = data != null ? Datasets.cifar10(Path.of(data), false) : Datasets.syntheticShapes(1000, 4, 3, 32);
        trainset = trainset.head(a.integer("train", trainset.size()));
        testset = testset.head(a.integer("test", testset.size()));
        // transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) after ToTensor's scaling to [0, 1]
        var normalize = Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
        DataLoader trainloader = new DataLoader(trainset.dataset(), batchSize, true, 0, false).transform(normalize);
        DataLoader testloader = new DataLoader(testset.dataset(), batchSize, false, 0, false).transform(normalize);

        Net net = new Net();
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        SGD optimizer = new SGD(net.parameters(), 0.001, 0.9);

        List<Double> printed = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            trainloader.setEpoch(epoch);
            double runningLoss = 0.0;
            int i = 0;
            for (Batch data1 : trainloader) {
                Tensor inputs = data1.x(), labels = data1.y();
                optimizer.zeroGrad();
                Tensor outputs = net.forward(inputs);
                Tensor loss = criterion.forward(outputs, labels);
                loss.backward();
                optimizer.step();
                runningLoss += loss.item();
                if (i % printEvery == printEvery - 1) {
                    System.out.printf(Locale.ROOT, "[%d, %5d] loss: %.3f%n", epoch + 1, i + 1, runningLoss / printEvery);
                    printed.add(runningLoss / printEvery);
                    runningLoss = 0.0;
                }
                i++;
            }
        }
        System.out.println("Finished Training");

        int correct = 0, total = 0;
        net.eval();
        try (var noGrad = Tensor.noGrad()) {
            for (Batch b : testloader) {
                Tensor predicted = net.forward(b.x()).argmax(1);
                total += b.y().size(0);
                correct += (int) predicted.eq(b.y()).sum().item();
            }
        }
        double accuracy = 100.0 * correct / total;
        System.out.printf(Locale.ROOT, "Accuracy of the network on the %d test images: %d %%%n", total, (int) accuracy);
        return new Result(printed, accuracy);
    }
}
