package org.crema;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** copy_ into strided destinations: the row-by-row path (dense last dim) and the element path. */
class StridedCopyTest {

    /** Every element of dst's view checked against its multi-index in a naive loop. */
    private static void check(int[] shape, int dim, int start, int len, boolean transposeDst) {
        Tensor.manualSeed(3);
        Tensor base = Tensor.randn(shape);
        Tensor before = base.clone();
        Tensor view = base.narrow(dim, start, len);
        if (transposeDst) view = view.transpose(0, view.dim() - 1);
        Tensor src = Tensor.randn(view.shape());
        view.copy_(src);
        assertTrue(view.equal(src), "view holds the copied values");
        // elements outside the narrowed range are untouched
        Tensor outsideBefore = before.narrow(dim, 0, start), outsideAfter = base.narrow(dim, 0, start);
        assertTrue(outsideAfter.equal(outsideBefore));
        int end = start + len;
        assertTrue(base.narrow(dim, end, shape[dim] - end).equal(before.narrow(dim, end, shape[dim] - end)));
    }

    @Test
    void narrowOfOuterDimsCopiesRowByRow() {
        check(new int[] {5, 3, 7}, 0, 1, 3, false);
        check(new int[] {5, 3, 7}, 1, 1, 1, false);
        check(new int[] {4, 6, 2, 9}, 2, 1, 1, false);
    }

    @Test
    void narrowOfLastDimAndTransposedViews() {
        check(new int[] {5, 3, 7}, 2, 2, 4, false);
        check(new int[] {5, 3, 7}, 1, 0, 2, true);
        check(new int[] {6, 4}, 0, 2, 3, true);
    }

    @Test
    void narrowGradientLandsInItsSlice() {
        Tensor x = Tensor.randn(4, 3, 5).requiresGrad(true);
        Tensor w = Tensor.randn(4, 2, 5);
        x.narrow(1, 1, 2).mul(w).sum().backward();
        Tensor g = x.grad();
        assertTrue(g.narrow(1, 1, 2).equal(w));
        assertEquals(0.0, g.narrow(1, 0, 1).abs().sum().item());
    }
}
