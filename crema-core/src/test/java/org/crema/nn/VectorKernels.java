package org.crema.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.crema.backend.VectorSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shared setup of the tests of the Vector-API-only kernels (direct convolution, vector pooling and
 * im2col), which turn those kernels on and off through package fields: optionally skips each test when
 * the kernels it tests are off in this JVM (no Vector API, or {@code -Dcrema.vector=false}), and after
 * each test puts every switch back to its default, whatever the test set.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final VectorKernels KERNELS = VectorKernels.requireDirectConv();
 * }</pre>
 */
final class VectorKernels implements BeforeEachCallback, AfterEachCallback {
    private final boolean directConv, pooling;

    private VectorKernels(boolean directConv, boolean pooling) {
        this.directConv = directConv;
        this.pooling = pooling;
    }

    /** Skips each test unless the direct convolution kernels are on. */
    static VectorKernels requireDirectConv() { return new VectorKernels(true, false); }

    /** Skips each test unless the vector pooling kernels are on. */
    static VectorKernels requirePooling() { return new VectorKernels(false, true); }

    /** Only restores the switches after each test (the test itself decides what needs the Vector API). */
    static VectorKernels restoreOnly() { return new VectorKernels(false, false); }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (directConv) assumeTrue(Convolution.direct, "the Vector API is off: the direct kernels are not used");
        if (pooling) assumeTrue(Pooling.vector, "the Vector API is off: the vector kernel is not used");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Convolution.direct = VectorSupport.enabled();
        Pooling.vector = VectorSupport.enabled();
        Im2Col.vector = VectorSupport.enabled();
    }
}
