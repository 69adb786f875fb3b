package org.crema.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.crema.Tensor;
import org.crema.nn.ReLU;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void summaryListsLayersShapesAndParameterCountsLikeKeras() {
        Model m = Model.sequential(new Dense(10, "relu"), new Dense(1)).inputShape(4);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String s = m.summary(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(s + "\n", buf.toString(StandardCharsets.UTF_8));
        String expected = """
                Model: "sequential"
                _________________________________________________________________
                 Layer (type)                Output Shape              Param #
                =================================================================
                 0 (Dense)                   (None, 10)                50

                 1 (Dense)                   (None, 1)                 11
                =================================================================
                Total params: 61 (244 B)
                Trainable params: 61 (244 B)
                Non-trainable params: 0 (0 B)
                _________________________________________________________________""";
        assertEquals(expected, s);
    }

    @Test
    void summaryBeforeTheInputShapeIsKnown() {
        Model m = Model.sequential(new Dense(3, "relu"), new ReLU(), new Dense(2));
        String s = m.summary(new PrintStream(new ByteArrayOutputStream()));
        assertTrue(s.contains(" 0 (Dense)                   ?                         0 (unbuilt)"), s);
        assertTrue(s.contains(" 1 (ReLU)                    ?                         0"), s);
        assertTrue(s.contains("Input shape unknown"), s);
        // the first fit batch fills it in
        m.compile("sgd", "mse");
        m.fit(Tensor.randn(8, 5), Tensor.randn(8, 2), Fit.epochs(1).verbose(0));
        String after = m.summary(new PrintStream(new ByteArrayOutputStream()));
        assertTrue(after.contains(" 0 (Dense)                   (None, 3)                 18"), after);
        assertTrue(after.contains(" 2 (Dense)                   (None, 2)                 8"), after);
        assertTrue(after.contains("Total params: 26 (104 B)"), after);
        assertArrayEquals(new int[] {5}, m.inputShape());
    }

    @Test
    void largeCountsUseThousandsSeparatorsAndKilobytes() {
        Model m = Model.sequential(new Dense(256, "relu"), new Dense(10)).inputShape(784);
        String s = m.summary(new PrintStream(new ByteArrayOutputStream()));
        assertTrue(s.contains("200,960"), s);
        assertTrue(s.contains("Total params: 203,530 (795.04 KB)"), s);
    }

    /** A model that is not a Sequential: children listed, shapes only for the whole. */
    static final class TwoHeads extends org.crema.nn.Module {
        private final org.crema.nn.Linear a = registerModule("encoder", new org.crema.nn.Linear(4, 6));
        private final org.crema.nn.Linear b = registerModule("head", new org.crema.nn.Linear(6, 2));

        @Override
        public Tensor forward(Tensor x) { return b.forward(a.forward(x).relu()); }
    }

    @Test
    void anyModuleListsItsChildren() {
        Model m = Model.of(new TwoHeads()).inputShape(4);
        String s = m.summary(new PrintStream(new ByteArrayOutputStream()));
        assertTrue(s.startsWith("Model: \"TwoHeads\""), s);
        assertTrue(s.contains(" encoder (Linear)            ?                         30"), s);
        assertTrue(s.contains(" head (Linear)               ?                         14"), s);
        assertTrue(s.contains("Total params: 44 (176 B)"), s);
        assertTrue(s.contains("Output shape: (None, 2)"), s);
    }
}
