package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Known bit patterns, checked bit-exactly (assertEquals on float bits, so -0.0 != 0.0). */
class HalfFloatsTest {

    @ParameterizedTest(name = "f16 {0} -> {1}")
    @CsvSource({
        "3C00, 1.0",
        "C100, -2.5",
        "7BFF, 65504.0",
        "0000, 0.0",
        "8000, -0.0",
        "0001, 5.9604645E-8",    // smallest subnormal, 2^-24
        "03FF, 6.097555E-5",     // largest subnormal, 1023 * 2^-24
        "8001, -5.9604645E-8",
        "0400, 6.1035156E-5",    // smallest normal, 2^-14
        "3555, 0.33325195",      // nearest half to 1/3
        "7C00, Infinity",
        "FC00, -Infinity",
    })
    void f16(String hex, float expected) {
        float actual = HalfFloats.f16ToFloat((short) Integer.parseInt(hex, 16));
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), () -> hex + " gave " + actual);
    }

    @Test
    void f16NaNs() {
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0x7E00)));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0x7C01))); // signalling NaN, smallest payload
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0xFE00)));
    }

    @ParameterizedTest(name = "bf16 {0} -> {1}")
    @CsvSource({
        "3F80, 1.0",
        "C020, -2.5",
        "477F, 65280.0",
        "7F7F, 3.3895314E38",    // largest finite bf16
        "0001, 9.18355E-41",     // smallest subnormal, 2^-133
        "8000, -0.0",
        "7F80, Infinity",
        "FF80, -Infinity",
    })
    void bf16(String hex, float expected) {
        float actual = HalfFloats.bf16ToFloat((short) Integer.parseInt(hex, 16));
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), () -> hex + " gave " + actual);
    }

    @Test
    void bf16NaN() {
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat((short) 0x7FC0)));
    }

    @Test
    void everyFiniteF16ValueMatchesItsDefinition() {
        // value = (-1)^s * 2^(e-15) * (1 + m/1024), or 2^-14 * m/1024 for subnormals; computed in double.
        for (int h = 0; h < 0x10000; h++) {
            int e = (h >>> 10) & 0x1F;
            if (e == 0x1F) {
                continue;
            }
            int m = h & 0x3FF;
            double magnitude = e == 0 ? Math.scalb(m / 1024.0, -14) : Math.scalb(1 + m / 1024.0, e - 15);
            double expected = (h & 0x8000) != 0 ? -magnitude : magnitude;
            assertEquals((float) expected, HalfFloats.f16ToFloat((short) h), 0f, "bits " + Integer.toHexString(h));
        }
    }

    @Test
    void tensorToFloatsUsesTheseConversions() {
        ByteBuffer f16 = TestFiles.leBuffer(6).putShort((short) 0x3C00).putShort((short) 0xC100).putShort((short) 0x7BFF).flip();
        assertArrayEquals(new float[] {1f, -2.5f, 65504f}, new Tensor(DType.F16, new long[] {3}, f16).toFloats());
        ByteBuffer bf16 = TestFiles.leBuffer(4).putShort((short) 0x3F80).putShort((short) 0xC020).flip();
        assertArrayEquals(new float[] {1f, -2.5f}, new Tensor(DType.BF16, new long[] {2}, bf16).toFloats());
    }
}
