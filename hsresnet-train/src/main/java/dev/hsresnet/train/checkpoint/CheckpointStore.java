package dev.hsresnet.train.checkpoint;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * ({@link TrainState}).
 *
 * <p>A checkpoint is written into a hidden temporary directory and renamed into place, so it is
 * either complete or absent; a crash mid-write leaves only a temporary directory, which the next
 * save removes. After each save only the newest {@code keepLast} checkpoints are kept.
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
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        prune();
        return target;
    }

    /**
     * @return the newest complete checkpoint, skipping (with a warning) any that cannot be read
     * @throws IOException when the directory cannot be listed
     */
    public Optional<Checkpoint> latest() throws IOException {
        List<Path> all = new java.util.ArrayList<>(checkpoints());
        java.util.Collections.reverse(all);
        for (Path p : all) {
            try {
                TrainState state = SpecJson.read(Files.readString(p.resolve(STATE)),
                        TrainState.class);
                if (Files.isRegularFile(p.resolve(WEIGHTS))
                        && Files.isRegularFile(p.resolve(OPTIMIZER))) {
                    return Optional.of(new Checkpoint(p, state));
                }
                LOG.warn("checkpoint {} is incomplete, skipping it", p);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("checkpoint {} cannot be read ({}), skipping it", p, e.getMessage());
            }
        }
        return Optional.empty();
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

    private void prune() throws IOException {
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - keepLast; i++) {
            deleteTree(all.get(i));
        }
    }

    private void removeTemporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX))
                    .toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
