package dev.hsresnet.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Header entry for one tensor: its dtype, shape and byte range in the data section.
 *
 * @param dtype element type
 * @param shape dimensions, each {@code >= 0}; {@code []} for a scalar
 * @param begin first byte of the tensor, relative to the start of the data section (just after
 *     the header)
 * @param end one past the last byte, relative to the start of the data section;
 *     {@code end - begin == numel * dtype.byteSize()}
 */
public record TensorInfo(DType dtype, long[] shape, long begin, long end) {

    /**
     * Validates the entry's internal consistency (not its position relative to other tensors).
     *
     * @param dtype element type
     * @param shape dimensions, each {@code >= 0} (copied)
     * @param begin start offset in the data section, in bytes
     * @param end end offset (exclusive) in the data section, in bytes
     * @throws NullPointerException if dtype or shape is null
     * @throws IllegalArgumentException if a dimension or offset is negative, {@code begin > end},
     *     or {@code end - begin} does not match the shape and dtype
     */
    public TensorInfo {
        Objects.requireNonNull(dtype, "dtype");
        shape = Objects.requireNonNull(shape, "shape").clone();
        if (Shapes.firstNegative(shape) >= 0) {
            throw new IllegalArgumentException("negative dimension in shape " + Shapes.format(shape));
        }
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("invalid byte range [" + begin + ", " + end + "]");
        }
        long expected = Math.multiplyExact(Shapes.numel(shape), (long) dtype.byteSize());
        if (end - begin != expected) {
            throw new IllegalArgumentException(dtype + " shape " + Shapes.format(shape) + " needs " + expected
                    + " bytes but the range [" + begin + ", " + end + "] has " + (end - begin));
        }
    }

    /**
     * Defensive copy of the shape.
     *
     * @return the dimensions; {@code []} for a scalar
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Number of elements (1 for a scalar).
     *
     * @return product of the shape
     */
    public long numel() {
        return Shapes.numel(shape);
    }

    /**
     * Size of the tensor's data.
     *
     * @return {@code end - begin}, in bytes
     */
    public long byteLength() {
        return end - begin;
    }

    /** Equal when dtype, shape contents and offsets are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && begin == t.begin
                && end == t.end;
    }

    /** Hash over dtype, shape contents and offsets. */
    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), begin, end);
    }

    /** For example {@code TensorInfo[F32 [2, 3] @ [0, 24)]}. */
    @Override
    public String toString() {
        return "TensorInfo[" + dtype + " " + Shapes.format(shape) + " @ [" + begin + ", " + end + ")]";
    }
}
