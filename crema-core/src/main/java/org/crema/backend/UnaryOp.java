package org.crema.backend;

/** Elementwise unary operations of {@link Backend#unary}. STEP is 1 where x > 0, else 0 (relu's derivative). */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, SQRT, RELU, SIGMOID, TANH, SIGN, SQUARE, RECIPROCAL, SIN, COS, LOG1P, STEP;

    /** Ops that keep INT64 values integral; the others are computed in floating point. */
    public boolean integral() { return this == NEG || this == ABS || this == SIGN || this == SQUARE || this == RELU; }
}
