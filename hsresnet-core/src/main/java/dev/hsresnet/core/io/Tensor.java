package dev.hsresnet.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor held on the Java heap: a dtype, a shape and its raw element bytes.
 *
 * <p>{@code data} holds exactly {@code numel() * dtype.byteSize()} bytes, little-endian, in C
 * (row-major) order. The constructor keeps a <em>read-only view</em> of the caller's buffer (the
 * bytes between its position and limit) without copying, so large tensors are not duplicated; the
 * caller must not modify the original buffer afterwards. A heap tensor holds at most
 * {@code Integer.MAX_VALUE} bytes because {@link ByteBuffer} is int-indexed.
 *
 * <p>Equality compares dtype, shape contents and data bytes (bit-exact, so NaNs with equal bits
 * are equal); {@link #toString()} shows only dtype and shape.
 *
 * @param dtype element type
 * @param shape dimensions, each {@code >= 0}; {@code []} for a scalar (numel 1)
 * @param data little-endian element bytes, exactly {@code numel * dtype.byteSize()} long
 */
public record Tensor(DType dtype, long[] shape, ByteBuffer data) {

    /**
     * Validates and stores the tensor.
     *
     * @param dtype element type
     * @param shape dimensions, each {@code >= 0} (copied)
     * @param data element bytes between position and limit (viewed read-only, not copied)
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if a dimension is negative, the element count overflows,
     *     or the buffer length is not {@code numel * dtype.byteSize()} bytes
     */
    public Tensor {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        int negative = Shapes.firstNegative(shape);
        if (negative >= 0) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " has negative dimension "
                    + shape[negative] + " at index " + negative);
        }
        long expected;
        try {
            expected = Math.multiplyExact(Shapes.numel(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " has too many elements", e);
        }
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(dtype + " tensor of shape " + Shapes.format(shape) + " needs "
                    + expected + " bytes but data has " + data.remaining() + " bytes");
        }
        // slice() pins position 0..remaining so later position changes on the caller's buffer don't matter.
        data = data.asReadOnlyBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates an F32 tensor from floats (copied into a new little-endian buffer).
     *
     * @param shape dimensions, each {@code >= 0}; {@code []} for a scalar
     * @param values elements in C order; length must equal the product of {@code shape}
     * @return a new F32 tensor
     * @throws IllegalArgumentException if {@code values.length} differs from the shape's element count
     */
    public static Tensor ofFloats(long[] shape, float[] values) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        long numel;
        try {
            numel = Shapes.numel(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " has too many elements", e);
        }
        if (Shapes.firstNegative(shape) < 0 && numel != values.length) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " has " + numel
                    + " elements but " + values.length + " values were given");
        }
        if (values.length > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException(values.length + " floats exceed the 2 GiB a heap tensor can hold");
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new Tensor(DType.F32, shape, buf);
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
     * A fresh read-only, little-endian view of the element bytes with position 0, so callers can
     * use relative gets without affecting this tensor or each other.
     *
     * @return view of exactly {@code numel() * dtype().byteSize()} bytes
     */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Number of elements: the product of the shape, 1 for a scalar, 0 if any dimension is 0.
     *
     * @return element count
     */
    public long numel() {
        return Shapes.numel(shape);
    }

    /**
     * Converts all elements to float, in C order. Exact for F32, F16 and BF16; F64, I32 and I64 are
     * rounded to the nearest float; I16, I8 and U8 are exact; BOOL gives 0 or 1.
     *
     * @return a new array of {@link #numel()} floats
     */
    public float[] toFloats() {
        int n = (int) numel(); // fits: data holds at most Integer.MAX_VALUE bytes and elements are >= 1 byte
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                DoubleBuffer d = b.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) d.get(i);
                }
            }
            case F16 -> {
                ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.f16ToFloat(s.get(i));
                }
            }
            case BF16 -> {
                ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(s.get(i));
                }
            }
            case I64 -> {
                LongBuffer l = b.asLongBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = l.get(i);
                }
            }
            case I32 -> {
                IntBuffer v = b.asIntBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = v.get(i);
                }
            }
            case I16 -> {
                ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = s.get(i);
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) != 0 ? 1f : 0f;
                }
            }
            default -> throw new AssertionError(dtype);
        }
        return out;
    }

    /** Equal when dtype, shape contents and data bytes are all equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && data.equals(t.data);
    }

    /** Hash over dtype, shape contents and data bytes (linear in the data size). */
    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), data);
    }

    /** Shows dtype and shape only, e.g. {@code Tensor[F32 [2, 3]]}; data is omitted as it may be huge. */
    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Shapes.format(shape) + "]";
    }
}
