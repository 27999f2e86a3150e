package dev.hsresnet.core.io;

import java.util.Optional;

/**
 * Element types a safetensors file can hold. The constant names are exactly the strings used in
 * the header's {@code "dtype"} field.
 */
public enum DType {
    /** IEEE 754 binary64, 8 bytes. */
    F64(8, true, 8),
    /** IEEE 754 binary32, 4 bytes. */
    F32(4, true, 7),
    /** IEEE 754 binary16 (half precision), 2 bytes. */
    F16(2, true, 4),
    /** bfloat16 (upper 16 bits of a binary32), 2 bytes. */
    BF16(2, true, 5),
    /** Signed two's-complement 64-bit integer, 8 bytes. */
    I64(8, false, 9),
    /** Signed two's-complement 32-bit integer, 4 bytes. */
    I32(4, false, 6),
    /** Signed two's-complement 16-bit integer, 2 bytes. */
    I16(2, false, 3),
    /** Signed 8-bit integer, 1 byte. */
    I8(1, false, 2),
    /** Unsigned 8-bit integer, 1 byte. */
    U8(1, false, 1),
    /** Boolean stored as one byte (0 = false, anything else = true). */
    BOOL(1, false, 0);

    private final int byteSize;
    private final boolean floatingPoint;
    /**
     * Position in the Rust safetensors {@code Dtype} enum, which is declared in increasing
     * alignment order. The writer sorts by this (descending) exactly like the reference
     * implementation so our files are byte-identical to Python's.
     */
    private final int alignmentRank;

    DType(int byteSize, boolean floatingPoint, int alignmentRank) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.alignmentRank = alignmentRank;
    }

    /**
     * Size of one element.
     *
     * @return bytes per element: 8, 4, 2 or 1
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether this is a floating-point type (F64, F32, F16, BF16).
     *
     * @return true for floating-point types
     */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** Rank used for the writer's tensor order; higher ranks are written first. */
    int alignmentRank() {
        return alignmentRank;
    }

    /**
     * Looks up a dtype by its safetensors header name (case-sensitive, e.g. {@code "BF16"}).
     *
     * @param name header name; may be null
     * @return the dtype, or empty when the name is null or not one of the supported types
     */
    public static Optional<DType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
