package org.crema.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.crema.Tensor;
import org.crema.data.Datasets;
import org.crema.data.Labeled;
import org.crema.nn.Conv2d;
import org.crema.nn.Flatten;
import org.crema.nn.MaxPool2d;
import org.crema.nn.ReLU;
import org.junit.jupiter.api.Test;

class ConvModelTest {
    @Test
    void smallCnnOnGeneratedShapesWithSummaryShapes() {
        Tensor.manualSeed(5);
        Labeled train = Datasets.syntheticShapes(400, 1, 1, 12);
        Labeled test = Datasets.syntheticShapes(100, 2, 1, 12);
        Model m = Model.sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Dense(32, "relu"), new Dense(train.numClasses(), "softmax")).inputShape(1, 12, 12);
        String s = m.summary(new PrintStream(new ByteArrayOutputStream()));
        assertTrue(s.contains(" 0 (Conv2d)                  (None, 8, 12, 12)         80"), s);
        assertTrue(s.contains(" 2 (MaxPool2d)               (None, 8, 6, 6)           0"), s);
        assertTrue(s.contains(" 3 (Flatten)                 (None, 288)               0"), s);
        assertTrue(s.contains(" 4 (Dense)                   (None, 32)                9,248"), s);
        m.compile(p -> new org.crema.optim.Adam(p, 0.005), "sparse_categorical_crossentropy", "accuracy");
        History h = m.fit(train.x(), train.y(), Fit.epochs(10).batchSize(32).seed(1).verbose(0));
        assertTrue(h.last("loss") < h.get("loss").get(0) / 2, h.toString());
        double acc = m.evaluate(test.x(), test.y()).get("accuracy");
        assertTrue(acc > 0.4, "test accuracy (chance is 0.1) " + acc + "\n" + h);
    }
}
