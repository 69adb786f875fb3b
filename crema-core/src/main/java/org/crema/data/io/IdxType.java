package org.crema.data.io;

/** Element types of the IDX format (MNIST and friends), with their type code and size in bytes. */
public enum IdxType {
    UBYTE(0x08, 1),
    BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    private final byte code;
    private final int bytes;

    IdxType(int code, int bytes) {
        this.code = (byte) code;
        this.bytes = bytes;
    }

    /** The type code as stored in the third byte of an IDX file. */
    public byte code() {
        return code;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** True for the integer types, whose values can serve as class labels. */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The type with this code, or null if the code is not one of the six IDX types. */
    public static IdxType ofCode(byte code) {
        for (IdxType t : values()) {
            if (t.code == code) return t;
        }
        return null;
    }
}
