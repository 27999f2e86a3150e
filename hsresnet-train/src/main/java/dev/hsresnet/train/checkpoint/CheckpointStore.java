package dev.hsresnet.train.checkpoint;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.FileTrees;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints in a directory, one sub-directory per checkpoint ({@code step-000001234}):
 * {@code weights.safetensors} (the network, PyTorch names), {@code optimizer.safetensors} (momentum
 * buffers), {@code ema.safetensors} when the run keeps an average, and {@code state.json}
 * ({@link TrainState}), and last {@code manifest.json}, the size and SHA-256 of each of those files
 * (see {@link CheckpointManifest}).
 *
 * <p>A checkpoint is written into a hidden temporary directory and renamed into place, so it is
 * either complete or absent; a crash mid-write leaves only a temporary directory, which the next
 * save removes. After each save only the newest {@code keepLast} checkpoints are kept.
 *
 * <p>{@link #latest()} verifies every file against the manifest and passes over a broken checkpoint
 * (a file missing, truncated or altered, or no manifest) with a warning that names it and why.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String PREFIX = "step-";
    private static final String TMP_PREFIX = ".tmp-";
    static final String WEIGHTS = "weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String EMA = "ema.safetensors";
    static final String STATE = "state.json";

    private final Path dir;
    private final int keepLast;

    /**
     * @param dir the checkpoints directory (created on first save)
     * @param keepLast how many checkpoints to keep, at least 1
     */
    public CheckpointStore(Path dir, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        }
        this.dir = dir;
        this.keepLast = keepLast;
    }

    /**
     * A checkpoint that failed verification.
     *
     * @param dir its directory
     * @param reason what is wrong, naming the file
     */
    public record Broken(Path dir, String reason) {

        /** @return one line naming the checkpoint and the problem */
        public String describe() {
            return "checkpoint " + dir + " is broken (" + reason + "), skipping it";
        }
    }

    /**
     * What {@link #latest()} found.
     *
     * @param checkpoint the newest intact checkpoint, if any
     * @param broken the newer checkpoints passed over, newest first
     */
    public record Latest(Optional<Checkpoint> checkpoint, List<Broken> broken) {}

    /** A saved checkpoint: its directory and state; tensors are read on demand. */
    public record Checkpoint(Path dir, TrainState state) {

        /** @return the network's tensors */
        public Map<String, Tensor> weights() throws IOException {
            return Safetensors.read(dir.resolve(WEIGHTS)).tensors();
        }

        /** @return the optimizer's tensors */
        public Map<String, Tensor> optimizer() throws IOException {
            return Safetensors.read(dir.resolve(OPTIMIZER)).tensors();
        }

        /** @return the EMA network's tensors, if the run keeps one */
        public Optional<Map<String, Tensor>> ema() throws IOException {
            Path f = dir.resolve(EMA);
            return Files.exists(f) ? Optional.of(Safetensors.read(f).tensors()) : Optional.empty();
        }
    }

    /**
     * Saves a checkpoint atomically and prunes old ones.
     *
     * @param state where the run stands
     * @param weights the network
     * @param optimizer the optimizer state
     * @param ema the averaged network, or null
     * @return the checkpoint's directory
     * @throws IOException when writing fails (earlier checkpoints stay intact)
     */
    public Path save(TrainState state, Map<String, Tensor> weights, Map<String, Tensor> optimizer,
            Map<String, Tensor> ema) throws IOException {
        Files.createDirectories(dir);
        removeTemporaries();
        String name = String.format("%s%09d", PREFIX, state.globalStep());
        Path tmp = dir.resolve(TMP_PREFIX + name);
        Files.createDirectories(tmp);
        Safetensors.write(tmp.resolve(WEIGHTS), weights, Map.of());
        Safetensors.write(tmp.resolve(OPTIMIZER), optimizer, Map.of());
        if (ema != null) {
            Safetensors.write(tmp.resolve(EMA), ema, Map.of());
        }
        byte[] json = (SpecJson.write(state) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(tmp.resolve(STATE), out -> out.write(json));
        List<String> files = new ArrayList<>(List.of(WEIGHTS, OPTIMIZER, STATE));
        if (ema != null) {
            files.add(EMA);
        }
        CheckpointManifest.write(tmp, files);
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            FileTrees.delete(target);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        prune(target);
        return target;
    }

    /**
     * Finds the newest intact checkpoint: every file present with the size and SHA-256 its manifest
     * records. Each newer, broken one is logged (warning) and returned in {@link Latest#broken()}.
     *
     * @return the newest intact checkpoint and the broken ones passed over
     * @throws IOException when the directory cannot be listed, or the newest intact checkpoint's
     *     {@code state.json} is not a valid state (the message names the file and the field)
     */
    public Latest latest() throws IOException {
        List<Path> all = new ArrayList<>(checkpoints());
        Collections.reverse(all);
        List<Broken> broken = new ArrayList<>();
        for (Path p : all) {
            Optional<String> problem;
            try {
                problem = CheckpointManifest.problem(p, List.of(WEIGHTS, OPTIMIZER, STATE));
            } catch (IOException e) {
                problem = Optional.of("cannot be read: " + e.getMessage());
            }
            if (problem.isPresent()) {
                Broken b = new Broken(p, problem.get());
                LOG.warn(b.describe());
                broken.add(b);
                continue;
            }
            Path file = p.resolve(STATE);
            try {
                TrainState state = SpecJson.read(Files.readString(file, StandardCharsets.UTF_8),
                        TrainState.class);
                return new Latest(Optional.of(new Checkpoint(p, state)), List.copyOf(broken));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        return new Latest(Optional.empty(), List.copyOf(broken));
    }

    /** @return the checkpoint directories, oldest first */
    public List<Path> checkpoints() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /**
     * Deletes the checkpoints after {@code saved} (a resumed run that passed over broken ones has
     * written an earlier step: the later ones belong to the run it abandoned, and must not crowd
     * the new ones out), then all but the newest {@code keepLast}.
     */
    private void prune(Path saved) throws IOException {
        String name = saved.getFileName().toString();
        List<Path> kept = new ArrayList<>();
        for (Path p : checkpoints()) {
            if (p.getFileName().toString().compareTo(name) > 0) {
                FileTrees.delete(p);
            } else {
                kept.add(p);
            }
        }
        for (int i = 0; i < kept.size() - keepLast; i++) {
            FileTrees.delete(kept.get(i));
        }
    }

    private void removeTemporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX))
                    .toList()) {
                FileTrees.delete(p);
            }
        }
    }
}
