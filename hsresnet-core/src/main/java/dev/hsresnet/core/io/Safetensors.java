package dev.hsresnet.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes safetensors files.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N, then N bytes of UTF-8 JSON mapping
 * each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} string-to-string map, then the data section. Offsets are relative to the
 * start of the data section; data is little-endian in C order.
 *
 * <p>Reading validates everything (see {@link #read}); any violation is a
 * {@link SafetensorsException} naming the file and the problem. This class is stateless and
 * thread-safe.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /**
     * Reads and validates a whole file into heap tensors. Each tensor is read straight into its own
     * buffer, so peak memory is about the file size (not twice it).
     *
     * <p>Checks: file length, header length (at most 100,000,000 bytes and inside the file), UTF-8,
     * JSON syntax, top level is an object, no duplicate names or keys, every entry has a known dtype,
     * a shape of non-negative integers and two ascending non-negative integer data_offsets whose span
     * equals numel x dtype size, metadata values are strings, and the tensors tile the data section
     * exactly (inside it, no overlap, no holes, no trailing bytes). Unknown keys inside an entry are
     * ignored. The header need not be padded (older writers did not pad).
     *
     * @param file the .safetensors file
     * @return tensors and metadata in header order
     * @throws SafetensorsException if the file is malformed, or a tensor exceeds the ~2 GiB a heap
     *     {@link Tensor} can hold
     * @throws IOException if the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static SafetensorsFile read(Path file) throws IOException {
        return SafetensorsReader.read(file);
    }

    /**
     * Reads and validates only the header: names, dtypes, shapes, byte ranges and metadata. Tensor
     * data is not read, only the file size is used, so this is cheap for any file size.
     *
     * @param file the .safetensors file
     * @return the header in header order, with the data section size in bytes
     * @throws SafetensorsException if the header is malformed (same checks as {@link #read})
     * @throws IOException if the file cannot be read
     */
    public static SafetensorsHeader readHeader(Path file) throws IOException {
        return SafetensorsReader.readHeader(file);
    }

    /**
     * Writes tensors and metadata atomically via {@link AtomicFiles#write}: the target is replaced
     * only once the complete file is on disk. Data is streamed, never assembled in one array.
     *
     * <p>The output is deterministic and byte-identical to the Python/Rust reference writer: tensors
     * are ordered by descending dtype alignment (I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL)
     * and then by name (Unicode code point order), regardless of the map's iteration order; this
     * keeps every tensor aligned to its element size. {@code __metadata__} comes first with keys
     * sorted by name, and is omitted when there is none. The JSON is compact and padded with spaces
     * to a multiple of 8 bytes.
     *
     * @param file target path; its directory must exist
     * @param tensors tensors by name; names must be non-empty and not {@code "__metadata__"}
     * @param metadata string-to-string metadata; null or empty for none
     * @throws SafetensorsException if a name or value is invalid (nothing is written then)
     * @throws IOException if writing fails (the target is left untouched)
     * @throws NullPointerException if {@code file} or {@code tensors} is null
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        if (file == null) {
            throw new NullPointerException("file");
        }
        SafetensorsWriter.write(file, tensors, metadata);
    }
}
