package org.crema.backend;

/** Picks the backend once. The vector one is loaded by name so that no class of it is touched without the module. */
final class Backends {
    private Backends() {}

    static final Backend SCALAR = new ScalarBackend();
    static final Backend CURRENT = choose();

    private static Backend choose() {
        if (!VectorSupport.enabled()) return SCALAR;
        try {
            return (Backend) Class.forName("org.crema.backend.VectorBackend").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("crema: Vector API backend unavailable (" + e + "); using the scalar kernels");
            return SCALAR;
        }
    }
}
