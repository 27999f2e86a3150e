package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DTypeTest {

    @Test
    void byteSizesMatchTheFormat() {
        assertEquals(8, DType.F64.byteSize());
        assertEquals(4, DType.F32.byteSize());
        assertEquals(2, DType.F16.byteSize());
        assertEquals(2, DType.BF16.byteSize());
        assertEquals(8, DType.I64.byteSize());
        assertEquals(4, DType.I32.byteSize());
        assertEquals(2, DType.I16.byteSize());
        assertEquals(1, DType.I8.byteSize());
        assertEquals(1, DType.U8.byteSize());
        assertEquals(1, DType.BOOL.byteSize());
        assertEquals(10, DType.values().length);
    }

    @Test
    void fromNameIsExactAndCaseSensitive() {
        for (DType t : DType.values()) {
            assertEquals(Optional.of(t), DType.fromName(t.name()));
        }
        assertEquals(Optional.empty(), DType.fromName("f32"));
        assertEquals(Optional.empty(), DType.fromName("F8_E4M3"));
        assertEquals(Optional.empty(), DType.fromName(null));
    }

    @Test
    void floatingPointFlag() {
        assertTrue(DType.F64.isFloatingPoint());
        assertTrue(DType.BF16.isFloatingPoint());
        assertFalse(DType.I64.isFloatingPoint());
        assertFalse(DType.BOOL.isFloatingPoint());
    }
}
