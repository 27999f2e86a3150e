package dev.hsresnet.deploy.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one protocol-buffers message in the binary wire format, in file order.
 * Just enough to read an ONNX file's header and metadata: varints, fixed32/64 and
 * length-delimited fields; group wire types (3, 4), which ONNX never uses, are malformed input.
 *
 * <pre>{@code
 * ProtoReader r = new ProtoReader(ByteBuffer.wrap(bytes), 0);
 * while (r.next()) {
 *     switch (r.field()) {
 *         case 1 -> irVersion = r.varint();
 *         default -> r.skip();
 *     }
 * }
 * }</pre>
 */
final class ProtoReader {

    private final ByteBuffer data;
    private final long baseOffset;
    private int field;
    private int wireType = -1;
    private boolean consumed = true;

    /**
     * @param data the message bytes between position and limit (not copied, not modified)
     * @param baseOffset the offset of {@code data}'s position in the file, for messages
     */
    ProtoReader(ByteBuffer data, long baseOffset) {
        this.data = data.slice();
        this.baseOffset = baseOffset;
    }

    /**
     * Moves to the next field; the previous field's value is skipped if it was not read.
     *
     * @return false at the end of the message
     * @throws IOException when the bytes are not a well-formed message
     */
    boolean next() throws IOException {
        if (!consumed) {
            skip();
        }
        if (!data.hasRemaining()) {
            return false;
        }
        long tag = readRawVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field < 1 || tag >>> 3 > Integer.MAX_VALUE) {
            throw malformed("invalid field number " + (tag >>> 3));
        }
        if (wireType != 0 && wireType != 1 && wireType != 2 && wireType != 5) {
            throw malformed("unsupported wire type " + wireType + " for field " + field);
        }
        consumed = false;
        return true;
    }

    /** @return the current field's number */
    int field() {
        return field;
    }

    /** @return the current field's wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 */
    int wireType() {
        return wireType;
    }

    /** @return the current field's varint value */
    long varint() throws IOException {
        expect(0);
        consumed = true;
        return readRawVarint();
    }

    /** @return the current length-delimited field's bytes, a view (not a copy) */
    ByteBuffer bytes() throws IOException {
        expect(2);
        consumed = true;
        long length = readRawVarint();
        if (length < 0 || length > data.remaining()) {
            throw malformed("field " + field + " claims " + length + " bytes but only "
                    + data.remaining() + " remain");
        }
        ByteBuffer view = data.slice();
        view.limit((int) length);
        data.position(data.position() + (int) length);
        return view;
    }

    /** @return the current length-delimited field as UTF-8 text */
    String string() throws IOException {
        ByteBuffer bytes = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("field " + field + " is not valid UTF-8 text");
        }
    }

    /** @return a reader over the current length-delimited field, a nested message */
    ProtoReader message() throws IOException {
        long offset = baseOffset + data.position();
        ByteBuffer body = bytes();
        return new ProtoReader(body, offset + ProtoMessage.varintSize(body.remaining()));
    }

    /** Skips the current field's value. */
    void skip() throws IOException {
        switch (wireType) {
            case 0 -> readRawVarint();
            case 1 -> advance(8);
            case 2 -> bytes();
            case 5 -> advance(4);
            default -> throw new IllegalStateException("no current field");
        }
        consumed = true;
    }

    private void expect(int type) throws IOException {
        if (consumed || wireType != type) {
            throw malformed("field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    private void advance(int n) throws IOException {
        if (data.remaining() < n) {
            throw malformed("field " + field + " is truncated");
        }
        data.position(data.position() + n);
    }

    private long readRawVarint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!data.hasRemaining()) {
                throw malformed("truncated varint");
            }
            byte b = data.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    private IOException malformed(String problem) {
        return new IOException("malformed protobuf at byte " + (baseOffset + data.position())
                + ": " + problem);
    }
}
