package org.crema.io;

import org.crema.DType;

/**
 * The safetensors dtypes Crema reads, with their byte size and the Crema dtype they load as. F32, F64
 * and I64 round-trip exactly; F16 and BF16 widen to FLOAT32, the narrower integers and BOOL to INT64
 * (all exactly). U64 and the 8-bit float types are refused rather than silently wrapped or guessed.
 */
enum StorageType {
    F64(8, DType.FLOAT64),
    F32(4, DType.FLOAT32),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I64(8, DType.INT64),
    I32(4, DType.INT64),
    I16(2, DType.INT64),
    I8(1, DType.INT64),
    U32(4, DType.INT64),
    U16(2, DType.INT64),
    U8(1, DType.INT64),
    BOOL(1, DType.INT64);

    final int byteSize;
    final DType loadsAs;

    StorageType(int byteSize, DType loadsAs) {
        this.byteSize = byteSize;
        this.loadsAs = loadsAs;
    }

    static StorageType of(DType d) {
        return switch (d) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            case INT64 -> I64;
        };
    }

    /** The type of that name, or null. */
    static StorageType byName(String name) {
        for (StorageType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    static String supportedNames() {
        StringBuilder sb = new StringBuilder();
        for (StorageType t : values()) sb.append(sb.isEmpty() ? "" : ", ").append(t.name());
        return sb.toString();
    }
}
