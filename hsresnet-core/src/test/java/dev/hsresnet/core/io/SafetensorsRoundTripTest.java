package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** A tensor of the given dtype and shape filled with pseudo-random bytes (any bit pattern is valid). */
    private static Tensor randomTensor(DType dtype, long[] shape, long seed) {
        int bytes = (int) (Shapes.numel(shape) * dtype.byteSize());
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return new Tensor(dtype, shape, ByteBuffer.wrap(data));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsWithMatrixScalarAndZeroSizeShapes(DType dtype) throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("matrix", randomTensor(dtype, new long[] {3, 5}, 1));
        in.put("scalar", randomTensor(dtype, new long[0], 2));
        in.put("empty", randomTensor(dtype, new long[] {4, 0, 2}, 3));
        in.put("vector", randomTensor(dtype, new long[] {7}, 4));
        Path file = dir.resolve(dtype + ".safetensors");
        Safetensors.write(file, in, Map.of("dtype", dtype.name()));

        SafetensorsFile out = Safetensors.read(file);
        assertEquals(in.keySet(), out.tensors().keySet());
        for (String name : in.keySet()) {
            assertEquals(in.get(name), out.tensors().get(name), name);
        }
        assertEquals(Map.of("dtype", dtype.name()), out.metadata());
        assertArrayEquals(new long[0], out.tensors().get("scalar").shape());
        assertEquals(1, out.tensors().get("scalar").numel());
        assertEquals(0, out.tensors().get("empty").data().remaining());
        // Data section starts 8-byte aligned, as the header is space-padded.
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
    }

    @Test
    void floatValuesSurviveExactly() throws IOException {
        float[] values = {0f, -0f, 1f, -2.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY};
        Path file = dir.resolve("f.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.ofFloats(new long[] {2, 4}, values)), null);
        float[] back = Safetensors.read(file).tensors().get("w").toFloats();
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "index " + i);
        }
    }

    @Test
    void emptyFileWithNoTensorsAndNoMetadata() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of(), null);
        assertArrayEquals(TestFiles.concat(TestFiles.le64(8), TestFiles.ascii("{}      ")), Files.readAllBytes(file));
        SafetensorsFile out = Safetensors.read(file);
        assertEquals(Map.of(), out.tensors());
        assertEquals(Map.of(), out.metadata());
    }

    @Test
    void outputIsDeterministicAndIndependentOfMapOrder() throws IOException {
        Map<String, Tensor> forward = new LinkedHashMap<>();
        Map<String, Tensor> backward = new LinkedHashMap<>();
        List<String> names = List.of("layer1.weight", "layer1.bias", "fc.weight", "bn.running_mean", "a");
        for (int i = 0; i < names.size(); i++) {
            forward.put(names.get(i), randomTensor(i % 2 == 0 ? DType.F32 : DType.F16, new long[] {i + 1, 3}, i));
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            backward.put(names.get(i), forward.get(names.get(i)));
        }
        Map<String, String> meta1 = new LinkedHashMap<>();
        meta1.put("z", "1");
        meta1.put("a", "2");
        Map<String, String> meta2 = new LinkedHashMap<>();
        meta2.put("a", "2");
        meta2.put("z", "1");

        Path f1 = dir.resolve("1.safetensors");
        Path f2 = dir.resolve("2.safetensors");
        Path f3 = dir.resolve("3.safetensors");
        Safetensors.write(f1, forward, meta1);
        Safetensors.write(f2, forward, meta1);
        Safetensors.write(f3, backward, meta2);
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f3));
    }

    @Test
    void tensorsAreOrderedByDescendingAlignmentThenName() throws IOException {
        Map<String, Tensor> in = new HashMap<>();
        in.put("b_u8", randomTensor(DType.U8, new long[] {3}, 1));
        in.put("a_u8", randomTensor(DType.U8, new long[] {1}, 2));
        in.put("z_f32", randomTensor(DType.F32, new long[] {1}, 3));
        in.put("y_f16", randomTensor(DType.F16, new long[] {1}, 4));
        in.put("m_i64", randomTensor(DType.I64, new long[] {1}, 5));
        in.put("flag", randomTensor(DType.BOOL, new long[] {1}, 6));
        in.put("d_f64", randomTensor(DType.F64, new long[] {1}, 7));
        in.put("c_i32", randomTensor(DType.I32, new long[] {1}, 8));
        Path file = dir.resolve("order.safetensors");
        Safetensors.write(file, in, null);
        SafetensorsHeader header = Safetensors.readHeader(file);
        assertEquals(List.of("m_i64", "d_f64", "z_f32", "c_i32", "y_f16", "a_u8", "b_u8", "flag"),
                List.copyOf(header.tensors().keySet()));
        // Every tensor starts at a multiple of its element size.
        header.tensors().values().forEach(info -> assertEquals(0, info.begin() % info.dtype().byteSize(), info.toString()));
    }

    @Test
    void namesSortByCodePointLikeTheReferenceWriter() throws IOException {
        // U+FF5E sorts before U+1F600 by code point (and UTF-8 bytes) but after it in UTF-16 order.
        String fullwidth = "\uFF5E";
        String emoji = "\uD83D\uDE00";
        Map<String, Tensor> in = Map.of(emoji, randomTensor(DType.U8, new long[] {1}, 1),
                fullwidth, randomTensor(DType.U8, new long[] {1}, 2),
                "Z", randomTensor(DType.U8, new long[] {1}, 3));
        Path file = dir.resolve("unicode.safetensors");
        Safetensors.write(file, in, Map.of("caf\u00e9", "\u00fcber"));
        SafetensorsFile out = Safetensors.read(file);
        assertEquals(List.of("Z", fullwidth, emoji), List.copyOf(out.tensors().keySet()));
        assertEquals(Map.of("caf\u00e9", "\u00fcber"), out.metadata());
    }

    @Test
    void readHeaderMatchesReadWithoutLoadingData() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", randomTensor(DType.F32, new long[] {4, 4}, 1));
        in.put("b", randomTensor(DType.F32, new long[] {4}, 2));
        Path file = dir.resolve("h.safetensors");
        Safetensors.write(file, in, Map.of("format", "pt"));
        SafetensorsHeader h = Safetensors.readHeader(file);
        assertEquals(List.of("b", "w"), List.copyOf(h.tensors().keySet()));
        assertEquals(new TensorInfo(DType.F32, new long[] {4}, 0, 16), h.tensors().get("b"));
        assertEquals(new TensorInfo(DType.F32, new long[] {4, 4}, 16, 80), h.tensors().get("w"));
        assertEquals(80, h.dataBytes());
        assertEquals(Map.of("format", "pt"), h.metadata());
    }

    @Test
    void resultMapsAreUnmodifiable() throws IOException {
        Path file = dir.resolve("u.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.ofFloats(new long[] {1}, new float[] {1f})), Map.of("k", "v"));
        SafetensorsFile out = Safetensors.read(file);
        assertThrows(UnsupportedOperationException.class, () -> out.tensors().clear());
        assertThrows(UnsupportedOperationException.class, () -> out.metadata().put("x", "y"));
        SafetensorsHeader h = Safetensors.readHeader(file);
        assertThrows(UnsupportedOperationException.class, () -> h.tensors().remove("w"));
    }

    @Test
    void multiMegabyteTensorsStreamAndReadBack() throws IOException {
        // Larger than every internal chunk (64 KiB copy, 1 MiB read/write) and not a multiple of them.
        Tensor big = randomTensor(DType.F32, new long[] {1000, 3001}, 42); // ~12 MB
        Tensor other = randomTensor(DType.BF16, new long[] {777, 1025}, 43);
        Path file = dir.resolve("big.safetensors");
        Safetensors.write(file, Map.of("big", big, "other", other), null);
        SafetensorsFile out = Safetensors.read(file);
        assertEquals(big, out.tensors().get("big"));
        assertEquals(other, out.tensors().get("other"));
    }

    @Test
    void overwritesAnExistingFile() throws IOException {
        Path file = dir.resolve("o.safetensors");
        Safetensors.write(file, Map.of("old", randomTensor(DType.F64, new long[] {100}, 1)), null);
        Safetensors.write(file, Map.of("new", Tensor.ofFloats(new long[] {1}, new float[] {5f})), null);
        SafetensorsFile out = Safetensors.read(file);
        assertEquals(List.of("new"), List.copyOf(out.tensors().keySet()));
        assertArrayEquals(new float[] {5f}, out.tensors().get("new").toFloats());
    }
}
