package org.crema.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.crema.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forward with several small images side by side in one GEMM (bias added while copying out) against one
 * image per GEMM (bias loaded into the output first): the same values up to float rounding, on the small
 * CNN's second layer and odd shapes, with and without bias, in chunks that do not divide the batch.
 */
class ConvForwardChunkTest {

    @RegisterExtension
    static final VectorKernels KERNELS = VectorKernels.restoreOnly();

    @AfterEach
    void restore() {
        Convolution.fwdChunkElems = 1 << 18;
    }

    /** n, c, h, w, oc, k, pad: one image's columns fill at least half of 256 KB (else the chunk bound is not this one). */
    private static final int[][] CASES = {{9, 32, 14, 14, 64, 3, 1}, {5, 40, 13, 15, 7, 3, 1}, {6, 24, 15, 15, 5, 3, 0}};

    @Test
    void chunkedForwardMatchesOneImagePerProduct() {
        Tensor.manualSeed(11);
        Convolution.direct = false;   // the small CNN's layer would take the wide direct forward (WideConvTest)
        for (int[] c : CASES) {
            Tensor x = Tensor.randn(c[0], c[1], c[2], c[3]), w = Tensor.randn(c[4], c[1], c[5], c[5]), b = Tensor.randn(c[4]);
            for (Tensor bias : new Tensor[] {b, null}) {
                for (int chunk : new int[] {1 << 18, 3 * c[1] * c[5] * c[5] * (c[2] + 2 * c[6] - c[5] + 1) * (c[3] + 2 * c[6] - c[5] + 1)}) {
                    Convolution.fwdChunkElems = 0;   // one image per GEMM
                    float[] want = Functional.conv2d(x, w, bias, new int[] {1, 1}, new int[] {c[6], c[6]}, new int[] {1, 1}, 1).toFloatArray();
                    Convolution.fwdChunkElems = chunk;
                    float[] got = Functional.conv2d(x, w, bias, new int[] {1, 1}, new int[] {c[6], c[6]}, new int[] {1, 1}, 1).toFloatArray();
                    double scale = 1;
                    for (float v : want) scale = Math.max(scale, Math.abs(v));
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-5 * scale, java.util.Arrays.toString(c) + " chunk " + chunk + " at " + i);
                    }
                }
            }
        }
    }
}
