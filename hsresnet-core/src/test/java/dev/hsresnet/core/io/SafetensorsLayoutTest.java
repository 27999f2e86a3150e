package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the on-disk bytes against layouts built by hand from the format description. */
class SafetensorsLayoutTest {

    @TempDir
    Path dir;

    @Test
    void tinyFileIsEncodedByteForByte() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", new Tensor(DType.U8, new long[] {3}, ByteBuffer.wrap(new byte[] {1, 2, 3})));
        tensors.put("b", Tensor.ofFloats(new long[] {2}, new float[] {1f, -2f}));
        Path file = dir.resolve("tiny.safetensors");
        Safetensors.write(file, tensors, Map.of("k", "v"));

        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]}}";
        assertEquals(132, json.length());
        byte[] expected = TestFiles.concat(
                TestFiles.hex("8800000000000000"),           // header length 136 = 132 JSON + 4 pad
                TestFiles.ascii(json), TestFiles.ascii("    "),
                TestFiles.hex("0000803f 000000c0"),          // b: 1.0f, -2.0f little-endian (F32 first)
                TestFiles.hex("010203"));                    // a: U8
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void noPaddingWhenJsonLengthIsAlreadyAMultipleOfEight() throws IOException {
        Path file = dir.resolve("p.safetensors");
        Safetensors.write(file, Map.of("abcd", new Tensor(DType.U8, new long[] {1}, ByteBuffer.wrap(new byte[] {5}))), Map.of());
        String json = "{\"abcd\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        assertArrayEquals(TestFiles.concat(TestFiles.le64(56), TestFiles.ascii(json), new byte[] {5}), Files.readAllBytes(file));
    }

    /**
     * The bytes Python's {@code safetensors.torch.save_file} produces for this state dict, built by
     * hand from the reference writer's rules: metadata first, tensors by descending dtype alignment
     * then name, compact JSON, space padding to 8 bytes.
     */
    private static byte[] pythonWrittenFile() {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,1,1],\"data_offsets\":[8,16]},"
                + "\"fc.bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[16,20]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[20,23]}}";
        assertEquals(295, json.length());
        return TestFiles.concat(
                TestFiles.hex("2801000000000000"),   // 296
                TestFiles.ascii(json), TestFiles.ascii(" "),
                TestFiles.hex("0700000000000000"),   // I64 scalar 7
                TestFiles.hex("0000003f 000080bf"),  // F32 0.5, -1.0
                TestFiles.hex("003c 00c1"),          // F16 1.0, -2.5
                TestFiles.hex("010001"));            // BOOL true, false, true
    }

    @Test
    void readsAFileInThePythonLibraryLayout() throws IOException {
        Path file = TestFiles.write(dir, "model.safetensors", pythonWrittenFile());
        SafetensorsFile f = Safetensors.read(file);
        assertEquals(List.of("bn.num_batches_tracked", "conv.weight", "fc.bias", "mask"), List.copyOf(f.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), f.metadata());

        Tensor steps = f.tensors().get("bn.num_batches_tracked");
        assertEquals(DType.I64, steps.dtype());
        assertArrayEquals(new long[0], steps.shape());
        assertEquals(7L, steps.data().getLong());

        Tensor conv = f.tensors().get("conv.weight");
        assertArrayEquals(new long[] {2, 1, 1, 1}, conv.shape());
        assertArrayEquals(new float[] {0.5f, -1f}, conv.toFloats());
        assertArrayEquals(new float[] {1f, -2.5f}, f.tensors().get("fc.bias").toFloats());
        assertArrayEquals(new float[] {1f, 0f, 1f}, f.tensors().get("mask").toFloats());

        SafetensorsHeader h = Safetensors.readHeader(file);
        assertEquals(23, h.dataBytes());
        assertEquals(new TensorInfo(DType.F16, new long[] {2}, 16, 20), h.tensors().get("fc.bias"));
    }

    @Test
    void writerReproducesThePythonLayoutExactly() throws IOException {
        byte[] python = pythonWrittenFile();
        SafetensorsFile f = Safetensors.read(TestFiles.write(dir, "in.safetensors", python));
        Path out = dir.resolve("out.safetensors");
        Safetensors.write(out, f.tensors(), f.metadata());
        assertArrayEquals(python, Files.readAllBytes(out));
    }

    @Test
    void readsAnUnpaddedHeaderFromOlderWriters() throws IOException {
        // The example from the Rust crate's docs: 60-byte header, no padding, 16 data bytes.
        byte[] bytes = TestFiles.file("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new byte[16]);
        assertEquals(60, bytes[0]);
        SafetensorsFile f = Safetensors.read(TestFiles.write(dir, "doc.safetensors", bytes));
        assertArrayEquals(new float[4], f.tensors().get("test").toFloats());
    }

    @Test
    void headerOrderIsPreservedEvenWhenNotSortedByOffset() throws IOException {
        byte[] bytes = TestFiles.file("{\"z\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[] {10, 20});
        SafetensorsFile f = Safetensors.read(TestFiles.write(dir, "order.safetensors", bytes));
        assertEquals(List.of("z", "a"), List.copyOf(f.tensors().keySet()));
        assertArrayEquals(new float[] {20f}, f.tensors().get("z").toFloats());
        assertArrayEquals(new float[] {10f}, f.tensors().get("a").toFloats());
    }

    @Test
    void unknownEntryKeysAndNullMetadataAreAccepted() throws IOException {
        byte[] bytes = TestFiles.file("{\"__metadata__\":null,\"w\":{\"extra\":{\"nested\":[1,2]},\"dtype\":\"U8\","
                + "\"shape\":[2],\"data_offsets\":[0,2]}}  ", new byte[] {1, 2});
        SafetensorsFile f = Safetensors.read(TestFiles.write(dir, "lenient.safetensors", bytes));
        assertEquals(Map.of(), f.metadata());
        assertArrayEquals(new float[] {1f, 2f}, f.tensors().get("w").toFloats());
    }

    @Test
    void specialCharactersInNamesAreEscapedLikeSerdeJson() throws IOException {
        String name = "a\"b\\c\u001f\n\u00e9";
        Path file = dir.resolve("esc.safetensors");
        Safetensors.write(file, Map.of(name, new Tensor(DType.U8, new long[0], ByteBuffer.wrap(new byte[] {1}))), null);
        String header = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertTrue(header.contains("{\"a\\\"b\\\\c\\u001f\\n\u00e9\":{"), header);
        assertEquals(name, Safetensors.read(file).tensors().keySet().iterator().next());
    }
}
