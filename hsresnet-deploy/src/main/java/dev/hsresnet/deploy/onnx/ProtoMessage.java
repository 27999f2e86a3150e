package dev.hsresnet.deploy.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One protocol-buffers message being written, in the binary wire format: fields are appended in
 * call order as (tag, value) pairs, where the tag is {@code field << 3 | wireType}.
 *
 * <p>Only what ONNX needs is here: varints (wire type 0: int32, int64, enums, bool), fixed32
 * and fixed64 (wire types 5 and 1: float, double), and length-delimited values (wire type 2:
 * strings, bytes, nested messages). Repeated scalars are written unpacked, one tag per value, as
 * proto2 files like {@code onnx.proto} declare them; parsers accept that form for packed fields
 * too.
 *
 * <p>Nested messages and large byte payloads are kept by reference and streamed by {@link
 * #writeTo}, so a model with hundreds of megabytes of weights is copied once, into its
 * destination. Add a nested message only once it is complete: its size is computed when the
 * outer message is written.
 */
public final class ProtoMessage {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** Payloads up to this size are copied into the message; larger ones are referenced. */
    private static final int INLINE_BYTES = 256;

    /** Encoded scalar fields (byte[]), nested messages and referenced payloads, in order. */
    private final List<Object> parts = new ArrayList<>();
    private byte[] pending = new byte[32];
    private int pendingLength;
    private long size = -1;

    /** A length-delimited field whose body is another message. */
    private record Nested(int field, ProtoMessage message) {}

    /** A length-delimited field whose body is a byte buffer (position to limit), not copied. */
    private record Payload(int field, ByteBuffer data) {}

    /**
     * Appends a varint field (int32, int64, uint64, enum or bool). Negative values take ten bytes,
     * as protobuf encodes int32 and int64 alike.
     *
     * @param field the field number, at least 1
     * @param value the value
     * @return this message
     */
    public ProtoMessage varint(int field, long value) {
        tag(field, VARINT);
        putVarint(value);
        return this;
    }

    /**
     * Appends a fixed32 field (a float's bits, fixed32, sfixed32), little-endian.
     *
     * @param field the field number
     * @param bits the four bytes as an int
     * @return this message
     */
    public ProtoMessage fixed32(int field, int bits) {
        tag(field, FIXED32);
        for (int i = 0; i < 4; i++) {
            put((byte) (bits >>> (8 * i)));
        }
        return this;
    }

    /**
     * Appends a fixed64 field (a double's bits, fixed64, sfixed64), little-endian.
     *
     * @param field the field number
     * @param bits the eight bytes as a long
     * @return this message
     */
    public ProtoMessage fixed64(int field, long bits) {
        tag(field, FIXED64);
        for (int i = 0; i < 8; i++) {
            put((byte) (bits >>> (8 * i)));
        }
        return this;
    }

    /** Appends a float field (fixed32 holding the IEEE 754 bits). */
    public ProtoMessage float32(int field, float value) {
        return fixed32(field, Float.floatToRawIntBits(value));
    }

    /** Appends a string field, UTF-8 encoded. */
    public ProtoMessage string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a bytes field. Small arrays are copied; large ones are referenced and must not be
     * modified afterwards.
     *
     * @param field the field number
     * @param value the bytes
     * @return this message
     */
    public ProtoMessage bytes(int field, byte[] value) {
        if (value.length <= INLINE_BYTES) {
            tag(field, LENGTH_DELIMITED);
            putVarint(value.length);
            for (byte b : value) {
                put(b);
            }
            return this;
        }
        return bytes(field, ByteBuffer.wrap(value));
    }

    /**
     * Appends a bytes field holding {@code data}'s remaining bytes, by reference (no copy): the
     * buffer's content must not change until the message is written.
     *
     * @param field the field number
     * @param data the bytes between position and limit
     * @return this message
     */
    public ProtoMessage bytes(int field, ByteBuffer data) {
        flushPending();
        parts.add(new Payload(field, data.duplicate()));
        size = -1;
        return this;
    }

    /**
     * Appends a nested message field.
     *
     * @param field the field number
     * @param message the complete nested message
     * @return this message
     */
    public ProtoMessage message(int field, ProtoMessage message) {
        if (message == this) {
            throw new IllegalArgumentException("a message cannot contain itself");
        }
        flushPending();
        parts.add(new Nested(field, message));
        size = -1;
        return this;
    }

    /**
     * @return the encoded size in bytes
     */
    public long size() {
        if (size < 0) {
            long total = pendingLength;
            for (Object part : parts) {
                if (part instanceof byte[] chunk) {
                    total += chunk.length;
                } else if (part instanceof Nested n) {
                    total += delimitedSize(n.field, n.message.size());
                } else {
                    Payload p = (Payload) part;
                    total += delimitedSize(p.field, p.data.remaining());
                }
            }
            size = total;
        }
        return size;
    }

    /**
     * Streams the encoded message.
     *
     * @param out the destination
     * @throws IOException from the stream
     */
    public void writeTo(OutputStream out) throws IOException {
        byte[] copyBuffer = null;
        for (Object part : parts) {
            if (part instanceof byte[] chunk) {
                out.write(chunk);
            } else if (part instanceof Nested n) {
                writeHeader(out, n.field, n.message.size());
                n.message.writeTo(out);
            } else {
                Payload p = (Payload) part;
                ByteBuffer data = p.data.duplicate();
                writeHeader(out, p.field, data.remaining());
                if (data.hasArray()) {
                    out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                } else {
                    if (copyBuffer == null) {
                        copyBuffer = new byte[1 << 16];
                    }
                    while (data.hasRemaining()) {
                        int n = Math.min(copyBuffer.length, data.remaining());
                        data.get(copyBuffer, 0, n);
                        out.write(copyBuffer, 0, n);
                    }
                }
            }
        }
        out.write(pending, 0, pendingLength);
    }

    /**
     * @return the encoded message in one array
     * @throws IllegalStateException when it is 2 GiB or larger (the protobuf limit as well)
     */
    public byte[] toByteArray() {
        long total = size();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("message is " + total
                    + " bytes; a protobuf message (and an ONNX file without external data) "
                    + "must stay below 2 GiB");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    /** @return the number of bytes the varint encoding of {@code value} takes (1 to 10) */
    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * Encodes one varint: seven bits per byte, least significant first, high bit set on every
     * byte but the last.
     *
     * @param value the value (two's complement for negatives)
     * @return the bytes
     */
    static byte[] encodeVarint(long value) {
        byte[] out = new byte[varintSize(value)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((value & 0x7F) | (i < out.length - 1 ? 0x80 : 0));
            value >>>= 7;
        }
        return out;
    }

    private static long delimitedSize(int field, long bodySize) {
        return varintSize(tagValue(field, LENGTH_DELIMITED)) + varintSize(bodySize) + bodySize;
    }

    private static void writeHeader(OutputStream out, int field, long bodySize)
            throws IOException {
        out.write(encodeVarint(tagValue(field, LENGTH_DELIMITED)));
        out.write(encodeVarint(bodySize));
    }

    private static long tagValue(int field, int wireType) {
        if (field < 1 || field > (1 << 29) - 1) {
            throw new IllegalArgumentException("protobuf field number must be 1..2^29-1, got "
                    + field);
        }
        return ((long) field << 3) | wireType;
    }

    private void tag(int field, int wireType) {
        putVarint(tagValue(field, wireType));
    }

    private void putVarint(long value) {
        do {
            long low = value & 0x7F;
            value >>>= 7;
            put((byte) (value != 0 ? low | 0x80 : low));
        } while (value != 0);
    }

    private void put(byte b) {
        if (pendingLength == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingLength++] = b;
        size = -1;
    }

    private void flushPending() {
        if (pendingLength > 0) {
            parts.add(Arrays.copyOf(pending, pendingLength));
            pendingLength = 0;
        }
    }
}
