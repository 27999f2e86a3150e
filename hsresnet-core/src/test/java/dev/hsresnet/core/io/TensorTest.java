package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void ofFloatsStoresLittleEndianF32() {
        Tensor t = Tensor.ofFloats(new long[] {2, 2}, new float[] {1f, -2f, 0.5f, 3f});
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new long[] {2, 2}, t.shape());
        assertEquals(4, t.numel());
        ByteBuffer d = t.data();
        assertEquals(16, d.remaining());
        assertArrayEquals(TestFiles.hex("0000803f 000000c0 0000003f 00004040"), bytes(d));
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f}, t.toFloats());
    }

    @Test
    void ofFloatsRejectsWrongCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ofFloats(new long[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("6 elements") && e.getMessage().contains("5 values"), e.getMessage());
    }

    @Test
    void scalarHasOneElementAndZeroDimHasNone() {
        Tensor scalar = Tensor.ofFloats(new long[0], new float[] {7f});
        assertEquals(1, scalar.numel());
        assertArrayEquals(new float[] {7f}, scalar.toFloats());
        Tensor empty = Tensor.ofFloats(new long[] {3, 0, 2}, new float[0]);
        assertEquals(0, empty.numel());
        assertEquals(0, empty.data().remaining());
    }

    @Test
    void constructorRejectsDataLengthThatDoesNotMatchShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.I32, new long[] {2, 2}, ByteBuffer.allocate(12)));
        assertTrue(e.getMessage().contains("needs 16 bytes") && e.getMessage().contains("has 12 bytes"), e.getMessage());
    }

    @Test
    void constructorRejectsNegativeDimensionAndOverflow() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.U8, new long[] {2, -1}, ByteBuffer.allocate(0)));
        assertTrue(neg.getMessage().contains("-1"), neg.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.F64, new long[] {1L << 40, 1L << 40}, ByteBuffer.allocate(0)));
        assertTrue(big.getMessage().contains("too many elements"), big.getMessage());
        assertThrows(NullPointerException.class, () -> new Tensor(null, new long[0], ByteBuffer.allocate(1)));
    }

    @Test
    void usesOnlyTheRemainingBytesOfTheGivenBuffer() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {9, 1, 2, 9});
        b.position(1).limit(3);
        Tensor t = new Tensor(DType.U8, new long[] {2}, b);
        b.position(0).limit(4); // moving the caller's buffer afterwards must not matter
        assertArrayEquals(new float[] {1f, 2f}, t.toFloats());
    }

    @Test
    void dataIsAFreshReadOnlyLittleEndianView() {
        Tensor t = Tensor.ofFloats(new long[] {2}, new float[] {1f, 2f});
        ByteBuffer d = t.data();
        assertEquals(ByteOrder.LITTLE_ENDIAN, d.order());
        assertTrue(d.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> d.put(0, (byte) 1));
        d.getFloat(); // advancing one view does not advance the next one
        assertEquals(0, t.data().position());
        assertEquals(1f, t.data().getFloat());
    }

    @Test
    void shapeIsDefensivelyCopied() {
        long[] shape = {2};
        Tensor t = Tensor.ofFloats(shape, new float[2]);
        shape[0] = 99;
        t.shape()[0] = 42;
        assertArrayEquals(new long[] {2}, t.shape());
    }

    @Test
    void equalsComparesShapeAndDataByContent() {
        Tensor a = Tensor.ofFloats(new long[] {2}, new float[] {1f, 2f});
        Tensor b = Tensor.ofFloats(new long[] {2}, new float[] {1f, 2f});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Tensor.ofFloats(new long[] {1, 2}, new float[] {1f, 2f}));
        assertNotEquals(a, Tensor.ofFloats(new long[] {2}, new float[] {1f, 3f}));
        ByteBuffer sameBytes = TestFiles.leBuffer(8).putFloat(1f).putFloat(2f).flip();
        assertNotEquals(a, new Tensor(DType.I32, new long[] {2}, sameBytes));
    }

    @Test
    void toStringShowsDtypeAndShapeOnly() {
        assertEquals("Tensor[F32 [2, 3]]", Tensor.ofFloats(new long[] {2, 3}, new float[6]).toString());
        assertEquals("Tensor[F32 []]", Tensor.ofFloats(new long[0], new float[1]).toString());
    }

    @Test
    void toFloatsConvertsEveryDtype() {
        assertArrayEquals(new float[] {1.5f, -3f},
                new Tensor(DType.F64, new long[] {2}, TestFiles.leBuffer(16).putDouble(1.5).putDouble(-3).flip()).toFloats());
        assertArrayEquals(new float[] {-5f, 1e12f},
                new Tensor(DType.I64, new long[] {2}, TestFiles.leBuffer(16).putLong(-5).putLong(1_000_000_000_000L).flip()).toFloats());
        assertArrayEquals(new float[] {-7f, 123456f},
                new Tensor(DType.I32, new long[] {2}, TestFiles.leBuffer(8).putInt(-7).putInt(123456).flip()).toFloats());
        assertArrayEquals(new float[] {-32768f, 32767f},
                new Tensor(DType.I16, new long[] {2}, TestFiles.leBuffer(4).putShort((short) -32768).putShort((short) 32767).flip()).toFloats());
        assertArrayEquals(new float[] {-128f, 127f},
                new Tensor(DType.I8, new long[] {2}, ByteBuffer.wrap(new byte[] {-128, 127})).toFloats());
        assertArrayEquals(new float[] {255f, 1f},
                new Tensor(DType.U8, new long[] {2}, ByteBuffer.wrap(new byte[] {(byte) 255, 1})).toFloats());
        assertArrayEquals(new float[] {0f, 1f, 1f},
                new Tensor(DType.BOOL, new long[] {3}, ByteBuffer.wrap(new byte[] {0, 1, 2})).toFloats());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
