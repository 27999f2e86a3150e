package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every malformed input must give a SafetensorsException whose message starts with the file and
 * names the specific problem, from both {@link Safetensors#read} and {@link Safetensors#readHeader}.
 */
class SafetensorsReadErrorTest {

    @TempDir
    Path dir;

    private int counter;

    /** Writes the bytes, expects both read paths to fail, and checks the message has every fragment. */
    private SafetensorsException assertRejected(byte[] bytes, String... fragments) throws IOException {
        Path file = TestFiles.write(dir, "bad" + (counter++) + ".safetensors", bytes);
        SafetensorsException fromRead = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
        SafetensorsException fromHeader = assertThrows(SafetensorsException.class, () -> Safetensors.readHeader(file));
        assertEquals(fromRead.getMessage(), fromHeader.getMessage());
        String msg = fromRead.getMessage();
        assertTrue(msg.startsWith(file + ": "), "message must start with the file: " + msg);
        assertEquals(file, fromRead.file());
        for (String f : fragments) {
            assertTrue(msg.contains(f), "message lacks [" + f + "]: " + msg);
        }
        return fromRead;
    }

    private SafetensorsException assertRejected(String headerJson, byte[] data, String... fragments) throws IOException {
        return assertRejected(TestFiles.file(headerJson, data), fragments);
    }

    /** Header with one tensor entry 'w' whose body is given. */
    private static String entry(String body) {
        return "{\"w\":{" + body + "}}";
    }

    // ---- length prefix ----

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void fileShorterThanTheLengthPrefix(int size) throws IOException {
        assertRejected(new byte[size], "file is " + size + " bytes long", "too short");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        assertRejected(TestFiles.concat(TestFiles.le64(100), TestFiles.ascii("{}")),
                "header length 100 exceeds the 2 bytes that follow");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        assertRejected(TestFiles.concat(TestFiles.le64(200_000_000L), TestFiles.ascii("{}")),
                "header length 200000000 exceeds the 100000000-byte limit");
    }

    @Test
    void headerLengthWithTopBitSetIsShownUnsigned() throws IOException {
        assertRejected(TestFiles.concat(TestFiles.le64(-1L), new byte[8]), "header length 18446744073709551615");
    }

    @Test
    void notASafetensorsFileAtAll() throws IOException {
        assertRejected(TestFiles.hex("89504e470d0a1a0a 0000000d49484452"), "exceeds the 100000000-byte limit");
    }

    // ---- header text ----

    @Test
    void headerNotUtf8() throws IOException {
        assertRejected(TestFiles.file(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, new byte[0]),
                "not valid UTF-8", "header offset 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"w\": ", "{\"w\" 1}", "{'w':1}", "{\"w\":{\"dtype\":\"F32\",}}", "not json"})
    void headerNotValidJson(String json) throws IOException {
        SafetensorsException e = assertRejected(json, new byte[0], "header is not valid JSON");
        assertTrue(e.getCause() != null, "keeps Jackson's exception as the cause");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1,2]     | an array",
        "\"text\"  | a string",
        "42        | a number",
        "null      | null",
    })
    void headerNotAnObject(String json, String kind) throws IOException {
        assertRejected(json, new byte[0], "header must be a JSON object but is " + kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "        "})
    void emptyHeader(String header) throws IOException {
        assertRejected(header, new byte[0], "header is empty");
    }

    @Test
    void contentAfterTheJsonObject() throws IOException {
        assertRejected("{} {}", new byte[0], "after the header's JSON object");
    }

    @Test
    void entryNotAnObject() throws IOException {
        assertRejected("{\"w\":5}", new byte[0], "entry for tensor 'w' must be a JSON object but is a number (5)");
    }

    // ---- entry fields ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"shape\":[1],\"data_offsets\":[0,4]  | tensor 'w' has no \"dtype\"",
        "\"dtype\":\"F32\",\"data_offsets\":[0,4] | tensor 'w' has no \"shape\"",
        "\"dtype\":\"F32\",\"shape\":[1]         | tensor 'w' has no \"data_offsets\"",
    })
    void missingField(String body, String problem) throws IOException {
        assertRejected(entry(body), new byte[4], problem);
    }

    @Test
    void unknownDtypeIsNamed() throws IOException {
        assertRejected(entry("\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]"), new byte[1],
                "tensor 'w' has unknown dtype 'F8_E4M3'");
    }

    @Test
    void dtypeNotAString() throws IOException {
        assertRejected(entry("\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]"), new byte[4],
                "\"dtype\" of tensor 'w' must be a string but is a number (4)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[2,-3]                 | \"shape\"[1] of tensor 'w' is -3, must be a non-negative integer",
        "[2.5]                  | \"shape\"[0] of tensor 'w' must be a non-negative integer but is a number (2.5)",
        "[2.0]                  | \"shape\"[0] of tensor 'w' must be a non-negative integer but is a number (2.0)",
        "[1e3]                  | \"shape\"[0] of tensor 'w' must be a non-negative integer but is a number (1e3)",
        "[\"2\"]                | \"shape\"[0] of tensor 'w' must be a non-negative integer but is a string (\"2\")",
        "[null]                 | \"shape\"[0] of tensor 'w' must be a non-negative integer but is null",
        "[[2]]                  | \"shape\"[0] of tensor 'w' must be a non-negative integer but is an array",
        "[99999999999999999999] | \"shape\"[0] of tensor 'w' is 99999999999999999999, too large",
        "4                      | \"shape\" of tensor 'w' must be an array of integers but is a number (4)",
    })
    void badShape(String shape, String problem) throws IOException {
        assertRejected(entry("\"dtype\":\"U8\",\"shape\":" + shape + ",\"data_offsets\":[0,2]"), new byte[2], problem);
    }

    @Test
    void shapeWhoseElementCountOverflows() throws IOException {
        assertRejected(entry("\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]"), new byte[4],
                "tensor 'w' shape [4294967296, 4294967296] has too many elements");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[0]        | \"data_offsets\" of tensor 'w' must be two integers [begin, end] but has 1 elements",
        "[0,4,8]    | \"data_offsets\" of tensor 'w' must be two integers [begin, end] but has 3 elements",
        "[]         | \"data_offsets\" of tensor 'w' must be two integers [begin, end] but has 0 elements",
        "[8,4]      | \"data_offsets\" [8, 4] of tensor 'w' are not ascending",
        "[-4,0]     | \"data_offsets\"[0] of tensor 'w' is -4, must be a non-negative integer",
        "[0,4.0]    | \"data_offsets\"[1] of tensor 'w' must be a non-negative integer but is a number (4.0)",
        "[0,\"4\"]  | \"data_offsets\"[1] of tensor 'w' must be a non-negative integer but is a string (\"4\")",
        "{}         | \"data_offsets\" of tensor 'w' must be an array of integers but is an object",
    })
    void badDataOffsets(String offsets, String problem) throws IOException {
        assertRejected(entry("\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":" + offsets), new byte[4], problem);
    }

    @Test
    void byteLengthDoesNotMatchShape() throws IOException {
        assertRejected(entry("\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]"), new byte[12],
                "tensor 'w' (F32, shape [2, 2]) needs 16 bytes", "span 12 bytes");
    }

    // ---- layout ----

    @Test
    void truncatedDataSection() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[4,20]}}", new byte[12],
                "tensor 'w' ends at data offset 20 but the data section has only 12 bytes", "truncated");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[4,12]}}", new byte[12],
                "tensors 'a' [0, 8] and 'b' [4, 12] overlap");
    }

    @Test
    void identicalRangesOverlap() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4],
                "tensors 'a' [0, 4] and 'b' [0, 4] overlap");
    }

    @Test
    void holeBetweenTensors() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[8,12]}}", new byte[12],
                "data section bytes [4, 8) are not covered by any tensor", "'b'");
    }

    @Test
    void holeAtTheStart() throws IOException {
        assertRejected(entry("\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]"), new byte[6],
                "data section bytes [0, 2) are not covered by any tensor");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        assertRejected(entry("\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]"), new byte[6],
                "data section has 2 trailing bytes after the last tensor");
    }

    @Test
    void dataButNoTensors() throws IOException {
        assertRejected("{}", new byte[3], "data section has 3 trailing bytes");
    }

    // ---- metadata ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"k\":1}        | \"__metadata__\" value for key 'k' must be a string but is a number (1)",
        "{\"k\":{}}       | \"__metadata__\" value for key 'k' must be a string but is an object",
        "{\"k\":null}     | \"__metadata__\" value for key 'k' must be a string but is null",
        "{\"k\":true}     | \"__metadata__\" value for key 'k' must be a string but is a boolean (true)",
        "[\"k\"]          | \"__metadata__\" must be a JSON object of strings but is an array",
        "\"k\"            | \"__metadata__\" must be a JSON object of strings but is a string (\"k\")",
    })
    void badMetadata(String metadata, String problem) throws IOException {
        assertRejected("{\"__metadata__\":" + metadata + "}", new byte[0], problem);
    }

    // ---- duplicates (Jackson's tree model would silently keep the last one) ----

    @Test
    void duplicateTensorName() throws IOException {
        assertRejected("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", new byte[2], "duplicate tensor name 'w'");
    }

    @Test
    void duplicateKeyInsideAnEntry() throws IOException {
        assertRejected(entry("\"dtype\":\"U8\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1]"), new byte[1],
                "tensor 'w' has duplicate key \"dtype\"");
    }

    @Test
    void duplicateMetadataKeyAndBlock() throws IOException {
        assertRejected("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", new byte[0], "duplicate key 'k' in \"__metadata__\"");
        assertRejected("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0], "duplicate \"__metadata__\" key");
    }

    // ---- not the file's fault ----

    @Test
    void directoryIsRejected() {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(dir));
        assertTrue(e.getMessage().startsWith(dir + ": ") && e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void missingFileIsAPlainNoSuchFileException() {
        Path missing = dir.resolve("nope.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Safetensors.read(missing));
        assertTrue(e.getMessage().contains("nope.safetensors"), e.getMessage());
    }

    @Test
    void tensorTooLargeForTheHeapIsReportedNotAllocated() throws IOException {
        String json = entry("\"dtype\":\"U8\",\"shape\":[3000000000],\"data_offsets\":[0,3000000000]");
        Path file = TestFiles.write(dir, "huge.safetensors", TestFiles.file(json, new byte[0]));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() + 3_000_000_000L); // sparse on usual file systems: no real disk use
        }
        assertEquals(3_000_000_000L, Safetensors.readHeader(file).dataBytes()); // the header alone is fine
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains("tensor 'w' is 3000000000 bytes; a heap Tensor holds at most"), e.getMessage());
    }

    // ---- robustness sweep ----

    @Test
    void everyTruncationOfAValidFileIsRejectedCleanly() throws IOException {
        byte[] valid = validFile();
        Safetensors.read(TestFiles.write(dir, "valid.safetensors", valid)); // sanity: the original is fine
        for (int len = 0; len < valid.length; len++) {
            Path file = TestFiles.write(dir, "t.safetensors", Arrays.copyOf(valid, len));
            final int l = len;
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file), () -> "length " + l);
            assertTrue(e.getMessage().startsWith(file + ": "));
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
        byte[] valid = validFile();
        Random random = new Random(1234);
        Path file = dir.resolve("c.safetensors");
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            TestFiles.write(dir, "c.safetensors", bytes);
            try {
                Safetensors.read(file);
            } catch (SafetensorsException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                rejected++;
            } catch (Exception e) {
                fail("corruption " + i + " escaped as " + e, e);
            }
        }
        assertTrue(rejected > 1000, "most corruptions should be detected, got " + rejected);
    }

    private static byte[] validFile() {
        return TestFiles.file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I16\",\"shape\":[1,2],\"data_offsets\":[8,12]}}", new byte[12]);
    }
}
