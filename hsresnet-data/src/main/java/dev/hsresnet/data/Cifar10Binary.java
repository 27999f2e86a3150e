package dev.hsresnet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * CIFAR-10 in the official binary release ({@code cifar-10-batches-bin}): {@code data_batch_1.bin}
 * .. {@code data_batch_5.bin} (train) or {@code test_batch.bin} (test). Each record is 1 label
 * byte then 3072 pixel bytes: the 32x32 R plane, then G, then B, rows top to bottom.
 *
 * <p>Class names come from {@code batches.meta.txt} (one per non-blank line) when present, else the
 * standard 10 names. Files are memory-mapped read-only and the labels read once at {@link #open};
 * images are 3x32x32 with values {@code byte / 255}.
 */
public final class Cifar10Binary implements Dataset {

    /** Bytes per record: 1 label byte and 3 * 32 * 32 pixel bytes. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    /** The standard class names, in label order. */
    public static final List<String> CLASSES =
            List.of(
                    "airplane", "automobile", "bird", "cat", "deer",
                    "dog", "frog", "horse", "ship", "truck");

    private final List<String> classes;
    private final String[] fileNames;
    private final MappedByteBuffer[] maps;
    private final int[] starts; // first global index of each file, plus the total at the end
    private final int[] labels;

    private Cifar10Binary(
            List<String> classes, String[] fileNames, MappedByteBuffer[] maps, int[] starts,
            int[] labels) {
        this.classes = classes;
        this.fileNames = fileNames;
        this.maps = maps;
        this.starts = starts;
        this.labels = labels;
    }

    /**
     * Opens the train or test part of a {@code cifar-10-batches-bin} folder.
     *
     * @param dir the folder holding the {@code .bin} files
     * @param train true for data_batch_1..5.bin, false for test_batch.bin
     * @return the dataset; index order is file order, then record order
     * @throws IllegalArgumentException naming the file if the folder or a file is missing, a file
     *     size is not a positive multiple of {@value #RECORD_BYTES}, a label is outside the class
     *     list, or the class list has fewer than 2 names
     * @throws UncheckedIOException if a file cannot be read
     */
    public static Cifar10Binary open(Path dir, boolean train) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("CIFAR-10 binary folder does not exist: " + dir);
        }
        String[] names =
                train
                        ? new String[] {
                            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                            "data_batch_4.bin", "data_batch_5.bin"
                        }
                        : new String[] {"test_batch.bin"};
        List<String> classes = readClasses(dir.resolve("batches.meta.txt"));
        MappedByteBuffer[] maps = new MappedByteBuffer[names.length];
        int[] starts = new int[names.length + 1];
        for (int f = 0; f < names.length; f++) {
            Path file = dir.resolve(names[f]);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("CIFAR-10 file missing: " + file);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size == 0 || size % RECORD_BYTES != 0) {
                    throw new IllegalArgumentException(
                            "CIFAR-10 file " + file + " has " + size + " bytes, not a positive multiple of "
                                    + RECORD_BYTES + " (1 label byte + 3072 pixel bytes per record)");
                }
                if (size > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("CIFAR-10 file too large: " + file);
                }
                maps[f] = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                starts[f + 1] = Math.addExact(starts[f], (int) (size / RECORD_BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        int[] labels = new int[starts[names.length]];
        for (int f = 0; f < names.length; f++) {
            for (int i = starts[f]; i < starts[f + 1]; i++) {
                int label = maps[f].get((i - starts[f]) * RECORD_BYTES) & 0xff;
                if (label >= classes.size()) {
                    throw new IllegalArgumentException(
                            "CIFAR-10 file " + dir.resolve(names[f]) + " record " + (i - starts[f])
                                    + " has label " + label + ", outside 0.." + (classes.size() - 1));
                }
                labels[i] = label;
            }
        }
        return new Cifar10Binary(classes, names, maps, starts, labels);
    }

    private static List<String> readClasses(Path meta) {
        if (!Files.isRegularFile(meta)) {
            return CLASSES;
        }
        try {
            List<String> names =
                    Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList();
            if (names.size() < 2) {
                throw new IllegalArgumentException(
                        "class list " + meta + " has " + names.size() + " names, need at least 2");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta + ": " + e.getMessage(), e);
        }
    }

    private int fileOf(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (labels.length - 1));
        }
        int f = Arrays.binarySearch(starts, index);
        return f >= 0 ? f : -f - 2;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** @return e.g. {@code "cifar10 data_batch_3.bin #812"} (record number within the file) */
    @Override
    public String describe(int index) {
        int f = fileOf(index);
        return "cifar10 " + fileNames[f] + " #" + (index - starts[f]);
    }

    /** @return a 3x32x32 image, values in [0, 1] */
    @Override
    public Image load(int index) {
        int f = fileOf(index);
        byte[] raw = new byte[RECORD_BYTES - 1];
        maps[f].get((index - starts[f]) * RECORD_BYTES + 1, raw, 0, raw.length);
        float[] px = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            px[i] = (raw[i] & 0xff) / 255f;
        }
        return new Image(3, 32, 32, px);
    }
}
