package org.crema.backend;

/** Elementwise binary operations of {@link Backend#binary}; comparisons give 1 or 0. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, POW, GT, LT, GE, LE, EQ, NE;

    public boolean comparison() { return ordinal() >= GT.ordinal(); }
}
