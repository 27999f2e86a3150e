package dev.hsresnet.core.io;

/**
 * Bit-exact widening of 16-bit floats to {@code float}. Java 17 has no
 * {@code Float.float16ToFloat} (added in Java 20), so it is done by hand.
 */
final class HalfFloats {
    private HalfFloats() {
    }

    /**
     * Converts an IEEE 754 binary16 value to float. Every half value is exactly representable as a
     * float, so this is lossless, including subnormals, signed zeros, infinities and NaN payloads.
     */
    static float f16ToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            // Inf (mantissa 0) or NaN; shifting keeps the NaN payload's top bits.
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: value = mantissa * 2^-24, exact in float arithmetic.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        // Normal: re-bias exponent from 15 to 127 (difference 112) and widen the mantissa.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Converts a bfloat16 value to float; bfloat16 is the top half of a binary32, so it is exact. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
