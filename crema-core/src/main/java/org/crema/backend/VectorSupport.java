package org.crema.backend;

/**
 * Whether the Vector API kernels may run: the {@code jdk.incubator.vector} module must be in the
 * boot layer (it is only when the JVM was started with {@code --add-modules jdk.incubator.vector}),
 * and the system property {@code crema.vector} must not be {@code false}. Decided once, at first use.
 */
public final class VectorSupport {
    private VectorSupport() {}

    /** Property that, set to {@code false}, forces the scalar reference kernels. */
    public static final String VECTOR_PROPERTY = "crema.vector";

    private static final boolean MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean ENABLED = MODULE_PRESENT && !"false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY, "").trim());

    /** True when the jdk.incubator.vector module is loaded in this JVM. */
    public static boolean modulePresent() { return MODULE_PRESENT; }

    /** True when the Vector API kernels are used: the module is present and crema.vector is not false. */
    public static boolean enabled() { return ENABLED; }
}
