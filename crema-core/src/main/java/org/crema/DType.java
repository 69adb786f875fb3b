package org.crema;

/** Element types of a {@link Tensor}. FLOAT32 is the default; INT64 holds labels and indices. */
public enum DType {
    FLOAT32(4, "F32", true),
    FLOAT64(8, "F64", true),
    INT64(8, "I64", false);

    private final int byteSize;
    private final String safetensorsName;
    private final boolean floating;

    DType(int byteSize, String safetensorsName, boolean floating) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
        this.floating = floating;
    }

    public int byteSize() { return byteSize; }

    /** The dtype's name in the safetensors format ("F32", "F64", "I64"). */
    public String safetensorsName() { return safetensorsName; }

    public boolean isFloatingPoint() { return floating; }

    /** The dtype of a binary op's result, as PyTorch's type promotion for these three types. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        return FLOAT32;
    }
}
