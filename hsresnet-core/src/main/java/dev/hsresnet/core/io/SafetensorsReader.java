package dev.hsresnet.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** File I/O for {@link Safetensors#read} and {@link Safetensors#readHeader}. */
final class SafetensorsReader {
    private SafetensorsReader() {
    }

    /**
     * Reads at most this many bytes per channel call. FileChannel copies a heap buffer through a
     * temporary direct buffer as large as the request and caches it per thread, so reading a 500 MB
     * tensor in one call would cost another 500 MB of native memory.
     */
    private static final int READ_CHUNK = 1 << 20;

    /** Header plus where the data section starts in the file. */
    private record Layout(SafetensorsHeader header, long dataStart) {
    }

    static SafetensorsHeader readHeader(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return readLayout(file, ch).header();
        }
    }

    static SafetensorsFile read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            Layout layout = readLayout(file, ch);
            Map<String, TensorInfo> infos = layout.header().tensors();
            // Read in file order so the disk sees one sequential pass; return in header order.
            List<Map.Entry<String, TensorInfo>> byOffset = new ArrayList<>(infos.entrySet());
            byOffset.sort(Comparator.comparingLong(e -> e.getValue().begin()));
            Map<String, Tensor> loaded = new LinkedHashMap<>();
            for (Map.Entry<String, TensorInfo> e : byOffset) {
                loaded.put(e.getKey(), readTensor(file, ch, layout.dataStart(), e.getKey(), e.getValue()));
            }
            Map<String, Tensor> inHeaderOrder = new LinkedHashMap<>();
            for (String name : infos.keySet()) {
                inHeaderOrder.put(name, loaded.get(name));
            }
            return new SafetensorsFile(inHeaderOrder, layout.header().metadata());
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new SafetensorsException(file, "is a directory, not a safetensors file");
        }
        // a FIFO would block the open until something writes to it
        RegularFiles.require(file);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static Layout readLayout(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < SafetensorsFormat.LENGTH_PREFIX_BYTES) {
            throw new SafetensorsException(file, "file is " + size + " bytes long, too short for the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(SafetensorsFormat.LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, prefix, 0, "the header length");
        long headerLength = prefix.getLong(0); // unsigned u64 on disk; compare unsigned below
        if (Long.compareUnsigned(headerLength, SafetensorsFormat.MAX_HEADER_BYTES) > 0) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the " + SafetensorsFormat.MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
        }
        long available = size - SafetensorsFormat.LENGTH_PREFIX_BYTES;
        if (headerLength > available) {
            throw new SafetensorsException(file, "header length " + headerLength + " exceeds the " + available
                    + " bytes that follow the length prefix (file truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(file, ch, headerBytes, SafetensorsFormat.LENGTH_PREFIX_BYTES, "the header");
        long dataStart = SafetensorsFormat.LENGTH_PREFIX_BYTES + headerLength;
        long dataBytes = size - dataStart;
        HeaderParser.Parsed parsed = HeaderParser.parse(file, headerBytes.array());
        LayoutValidator.validate(file, parsed.tensors(), dataBytes);
        return new Layout(new SafetensorsHeader(parsed.tensors(), parsed.metadata(), dataBytes), dataStart);
    }

    private static Tensor readTensor(Path file, FileChannel ch, long dataStart, String name, TensorInfo info)
            throws IOException {
        long length = info.byteLength();
        if (length > SafetensorsFormat.MAX_TENSOR_BYTES) {
            throw new SafetensorsException(file, "tensor '" + name + "' is " + length + " bytes; a heap Tensor holds at most "
                    + SafetensorsFormat.MAX_TENSOR_BYTES + " bytes");
        }
        ByteBuffer data = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, data, dataStart + info.begin(), "tensor '" + name + "'");
        data.flip();
        return new Tensor(info.dtype(), info.shape(), data);
    }

    /** Fills {@code dst} from {@code position}, in bounded chunks (see {@link #READ_CHUNK}). */
    private static void readFully(Path file, FileChannel ch, ByteBuffer dst, long position, String what)
            throws IOException {
        int end = dst.limit();
        long pos = position;
        while (dst.position() < end) {
            dst.limit((int) Math.min(end, (long) dst.position() + READ_CHUNK)); // long: no int overflow near 2 GiB
            int n = ch.read(dst, pos);
            if (n < 0) {
                // Sizes were checked up front, so only a concurrent truncation gets here.
                throw new SafetensorsException(file, "file ended at byte " + pos + " while reading " + what
                        + " (was it modified while being read?)");
            }
            pos += n;
        }
        dst.limit(end);
    }
}
