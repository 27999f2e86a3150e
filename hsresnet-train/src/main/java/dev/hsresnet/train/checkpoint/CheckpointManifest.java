package dev.hsresnet.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json} of a checkpoint: the size and SHA-256 of every other file in it, the same
 * record a model directory's {@code model.json} keeps of its weights ({@link ModelDir#sha256}). It
 * is written last, atomically, so a checkpoint with a manifest whose files all match is intact.
 *
 * @param files one entry per file of the checkpoint
 */
record CheckpointManifest(List<Entry> files) {

    /** The manifest's file name. */
    static final String FILE = "manifest.json";

    /**
     * @param file a plain file name inside the checkpoint directory
     * @param bytes its size in bytes
     * @param sha256 its lower-case hex SHA-256
     */
    record Entry(String file, long bytes, String sha256) {

        @JsonCreator
        Entry(@JsonProperty(value = "file", required = true) String file,
                @JsonProperty(value = "bytes", required = true) long bytes,
                @JsonProperty(value = "sha256", required = true) String sha256) {
            if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")
                    || file.startsWith(".")) {
                throw new IllegalArgumentException("file must be a plain file name, got '" + file
                        + "'");
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
            }
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '"
                        + sha256 + "'");
            }
            this.file = file;
            this.bytes = bytes;
            this.sha256 = sha256;
        }
    }

    @JsonCreator
    CheckpointManifest(@JsonProperty(value = "files", required = true) List<Entry> files) {
        this.files = List.copyOf(files);
    }

    /**
     * Records the given files of a directory and writes the manifest beside them, atomically.
     *
     * @param dir the checkpoint directory
     * @param names the files to cover
     * @throws IOException when a file cannot be read or the manifest cannot be written
     */
    static void write(Path dir, List<String> names) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            Path f = dir.resolve(name);
            entries.add(new Entry(name, Files.size(f), ModelDir.sha256(f)));
        }
        byte[] json = (SpecJson.write(new CheckpointManifest(entries)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(FILE), json);
    }

    /**
     * Checks a checkpoint directory against its manifest.
     *
     * @param dir the checkpoint directory
     * @param required files the manifest must cover
     * @return why the checkpoint is broken, or empty when it is intact
     * @throws IOException when a file exists but cannot be read
     */
    static Optional<String> problem(Path dir, List<String> required) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.of(FILE + " is missing (the save did not finish, or the checkpoint "
                    + "predates checksums)");
        }
        CheckpointManifest manifest;
        try {
            manifest = SpecJson.read(Files.readString(file, StandardCharsets.UTF_8),
                    CheckpointManifest.class);
        } catch (IllegalArgumentException e) {
            return Optional.of(FILE + " is malformed: " + e.getMessage());
        }
        for (String name : required) {
            if (manifest.files().stream().noneMatch(e -> e.file().equals(name))) {
                return Optional.of(FILE + " does not cover " + name);
            }
        }
        for (Entry e : manifest.files()) {
            Path f = dir.resolve(e.file());
            if (!Files.isRegularFile(f)) {
                return Optional.of(e.file() + " is missing");
            }
            long size = Files.size(f);
            if (size != e.bytes()) {
                return Optional.of(e.file() + " has " + size + " bytes but " + FILE + " records "
                        + e.bytes() + " (truncated or replaced)");
            }
            String sha = ModelDir.sha256(f);
            if (!sha.equals(e.sha256())) {
                return Optional.of(e.file() + " has SHA-256 " + sha + " but " + FILE
                        + " records " + e.sha256() + " (corrupt)");
            }
        }
        return Optional.empty();
    }
}
