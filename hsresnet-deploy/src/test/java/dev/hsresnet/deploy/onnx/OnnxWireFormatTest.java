package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The protobuf writer against encodings from the protobuf documentation, and the reader. */
class OnnxWireFormatTest {

    private static String hex(ProtoMessage m) {
        return HexFormat.of().formatHex(m.toByteArray());
    }

    @Test
    void varintsMatchTheProtobufDocumentation() {
        assertEquals("00", HexFormat.of().formatHex(ProtoMessage.encodeVarint(0)));
        assertEquals("01", HexFormat.of().formatHex(ProtoMessage.encodeVarint(1)));
        assertEquals("7f", HexFormat.of().formatHex(ProtoMessage.encodeVarint(127)));
        assertEquals("8001", HexFormat.of().formatHex(ProtoMessage.encodeVarint(128)));
        assertEquals("ac02", HexFormat.of().formatHex(ProtoMessage.encodeVarint(300)));
        assertEquals("ffffffffffffffffff01", HexFormat.of().formatHex(ProtoMessage.encodeVarint(-1)));
        assertEquals(10, ProtoMessage.varintSize(Long.MIN_VALUE));
        // "message Test1 { optional int32 a = 1; }" with a = 150 is 08 96 01
        assertEquals("089601", hex(new ProtoMessage().varint(1, 150)));
        // "optional string b = 2" with "testing" is 12 07 74 65 73 74 69 6e 67
        assertEquals("120774657374696e67", hex(new ProtoMessage().string(2, "testing")));
        // "optional Test1 c = 3" holding a = 150 is 1a 03 08 96 01
        assertEquals("1a03089601",
                hex(new ProtoMessage().message(3, new ProtoMessage().varint(1, 150))));
    }

    @Test
    void fixedFieldsAreLittleEndian() {
        assertEquals("150000803f", hex(new ProtoMessage().float32(2, 1f)));
        assertEquals("090807060504030201", hex(new ProtoMessage().fixed64(1, 0x0102030405060708L)));
        assertEquals("2d04030201", hex(new ProtoMessage().fixed32(5, 0x01020304)));
        assertEquals("a00601", hex(new ProtoMessage().varint(100, 1)));
    }

    @Test
    void largePayloadsAndNestingStreamTheSameBytesAsTheyMeasure() throws IOException {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        ByteBuffer raw = ByteBuffer.allocate(4000).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        ProtoMessage inner = new ProtoMessage().varint(1, 7)
                .bytes(9, raw.asReadOnlyBuffer()).string(8, "w");
        ProtoMessage outer = new ProtoMessage().message(5, inner).varint(1, 3)
                .bytes(4, new byte[300]);
        byte[] bytes = outer.toByteArray();
        assertEquals(outer.size(), bytes.length);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        outer.writeTo(streamed);
        assertArrayEquals(bytes, streamed.toByteArray());

        ProtoReader r = new ProtoReader(ByteBuffer.wrap(bytes), 0);
        assertTrue(r.next());
        assertEquals(5, r.field());
        ProtoReader in = r.message();
        assertTrue(in.next());
        assertEquals(7, in.varint());
        assertTrue(in.next());
        ByteBuffer back = in.bytes().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4000, back.remaining());
        assertEquals(499.5f, back.getFloat(4 * 999));
        assertTrue(in.next());
        assertEquals("w", in.string());
        assertFalse(in.next());
        assertTrue(r.next());
        assertEquals(3, r.varint());
        assertTrue(r.next());
        assertEquals(300, r.bytes().remaining());
        assertFalse(r.next());
    }

    @Test
    void unreadFieldsAreSkipped() throws IOException {
        byte[] bytes = new ProtoMessage().fixed32(1, 5).fixed64(2, 6).string(3, "abc")
                .varint(4, 1 << 20).varint(5, 9).toByteArray();
        ProtoReader r = new ProtoReader(ByteBuffer.wrap(bytes), 0);
        int last = 0;
        while (r.next()) {
            last = r.field();
            if (last == 5) {
                assertEquals(9, r.varint());
            }
        }
        assertEquals(5, last);
    }

    @Test
    void malformedInputNamesTheByteOffsetAndProblem() throws IOException {
        ProtoReader truncated = reader(0x08, 0x96);
        assertTrue(truncated.next());
        IOException e = assertThrows(IOException.class, truncated::varint);
        assertEquals("malformed protobuf at byte 2: truncated varint", e.getMessage());

        ProtoReader tooLong = reader(0x12, 0x05, 'a');
        assertTrue(tooLong.next());
        e = assertThrows(IOException.class, tooLong::string);
        assertEquals("malformed protobuf at byte 2: field 2 claims 5 bytes but only 1 remain",
                e.getMessage());

        e = assertThrows(IOException.class, reader(0x0b)::next);
        assertEquals("malformed protobuf at byte 1: unsupported wire type 3 for field 1",
                e.getMessage());

        ProtoReader wrongType = reader(0x08, 0x01);
        assertTrue(wrongType.next());
        e = assertThrows(IOException.class, wrongType::string);
        assertEquals("malformed protobuf at byte 1: field 1 has wire type 0, expected 2",
                e.getMessage());
    }

    private static ProtoReader reader(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new ProtoReader(ByteBuffer.wrap(b), 0);
    }
}
