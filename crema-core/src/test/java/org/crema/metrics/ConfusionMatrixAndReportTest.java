package org.crema.metrics;

import static org.crema.metrics.SklearnReference.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfusionMatrixAndReportTest {

    @Test
    void confusionMatrixMatchesSklearn() {
        assertArrayEquals(BIN_CM, ConfusionMatrix.of(BIN_TRUE, BIN_PRED).counts());
        ConfusionMatrix cm = ConfusionMatrix.of(MC_TRUE, MC_PRED);
        assertArrayEquals(MC_CM, cm.counts());
        assertArrayEquals(new int[] {0, 1, 2}, cm.labels());
        assertEquals(15, cm.total());
        assertArrayEquals(MC4_CM, ConfusionMatrix.of(MC_TRUE, MC_PRED, 4).counts());
    }

    @Test
    void confusionMatrixIsImmutableValue() {
        ConfusionMatrix cm = ConfusionMatrix.of(MC_TRUE, MC_PRED);
        cm.counts()[0][0] = 99;
        assertEquals(4, cm.count(0, 0));
        assertEquals(cm, ConfusionMatrix.of(MC_TRUE, MC_PRED));
        assertEquals(cm.hashCode(), ConfusionMatrix.of(MC_TRUE, MC_PRED).hashCode());
        assertNotEquals(cm, ConfusionMatrix.of(MC_TRUE, MC_PRED, 4));
        double[][] norm = cm.normalizedByTrue();
        assertArrayEquals(new double[] {0.8, 0.2, 0.0}, norm[0], 1e-15);
        assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.0}, ConfusionMatrix.of(MC_TRUE, MC_PRED, 4).normalizedByTrue()[3]);
    }

    @Test
    void confusionMatrixPrintsATable() {
        ConfusionMatrix cm = ConfusionMatrix.of(MC_TRUE, MC_PRED);
        assertEquals("""
                true\\pred  0  1  2
                        0  4  1  0
                        1  1  5  0
                        2  2  2  0
                """, cm.toString());
        assertEquals("""
                true\\pred  cat  dog  bird
                      cat    4    1     0
                      dog    1    5     0
                     bird    2    2     0
                """, cm.toString(new String[] {"cat", "dog", "bird"}));
        assertThrows(IllegalArgumentException.class, () -> cm.toString(new String[] {"a"}));
    }

    @Test
    void reportTextIsSklearns() {
        assertEquals(MC_REPORT, ClassificationReport.of(MC_TRUE, MC_PRED).toString());
        String[] names = {"cat", "dog", "bird", "hippopotamus"};
        assertEquals(MC_REPORT_NAMED_4, ClassificationReport.of(MC_TRUE, MC_PRED, names).format(3));
    }

    @Test
    void reportNumbersMatchTheFunctions() {
        ClassificationReport r = ClassificationReport.of(MC_TRUE, MC_PRED);
        assertEquals(3, r.classes().size());
        assertEquals(MC_P_PER_CLASS[1], r.classes().get(1).precision(), 1e-12);
        assertEquals(MC_F1_PER_CLASS[0], r.classes().get(0).f1(), 1e-12);
        assertEquals(4, r.classes().get(2).support());
        assertEquals(MC_ACC, r.accuracy(), 1e-12);
        assertEquals(MC_F1_MACRO, r.macroAvg().f1(), 1e-12);
        assertEquals(MC_P_WEIGHTED, r.weightedAvg().precision(), 1e-12);
        assertEquals(15, r.weightedAvg().support());
    }

    @Test
    void reportRoundsHalfEvenOnTheBinaryValueLikePython() {
        assertEquals("0.12", ClassificationReport.fixed(0.125, 2)); // exactly representable: half-even
        assertEquals("2.67", ClassificationReport.fixed(2.675, 2)); // 2.67499999... in binary
        assertEquals("0.68", ClassificationReport.fixed(0.675, 2)); // 0.67500000000000004... in binary
        assertEquals("0.38", ClassificationReport.fixed(0.375, 2)); // exact: half-even goes up to the 8
        assertEquals("1.00", ClassificationReport.fixed(0.9999, 2));
    }
}
