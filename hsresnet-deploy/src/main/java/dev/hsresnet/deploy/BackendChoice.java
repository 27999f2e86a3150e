package dev.hsresnet.deploy;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import dev.hsresnet.core.engine.CacheDir;
import dev.hsresnet.core.engine.CpuInfo;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtBackend;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The {@code auto} backend: the faster of DJL and ONNX Runtime for this model on this machine,
 * measured once and cached.
 *
 * <p>In order: {@value #PROPERTY} (system property) or {@value #VARIABLE} (environment) set to
 * {@code djl} or {@code onnx} forces that backend; an exported {@code .onnx} file runs on ONNX
 * Runtime; otherwise the cached measurement for this machine and model is used, and when there
 * is none both backends are opened, each timed on random input at the caller's batch size
 * ({@link BackendTiming}: a few calls, at most about 2 s each), the slower one is closed and the
 * result is written to {@code CACHE/backend/<key>.json} ({@link CacheDir}). The key covers the
 * CPU (model name and flags), the thread counts, the libtorch, DJL and ONNX Runtime versions,
 * the preloaded libraries and OpenMP wait policy, the architecture, input size and batch: a
 * change to any of them measures again. When ONNX Runtime cannot run the model, DJL is used and
 * nothing is cached.
 */
public final class BackendChoice {

    /** System property that forces a backend ({@code djl} or {@code onnx}). */
    public static final String PROPERTY = "hsresnet.backend";

    /** Environment variable that forces a backend ({@code djl} or {@code onnx}). */
    public static final String VARIABLE = "HSRESNET_BACKEND";

    /** The version of the measurement; a change invalidates cached choices. */
    static final int VERSION = 1;

    private static final long MAX_CACHE_BYTES = 64 * 1024;

    /**
     * A measured choice as cached.
     *
     * @param key the text the file name hashes (checked on read)
     * @param chosen {@code djl} or {@code onnx}
     * @param djlMs DJL's median milliseconds per call
     * @param onnxMs ONNX Runtime's median milliseconds per call
     * @param batch the batch size measured
     * @param measuredAt when, ISO-8601 UTC
     */
    record Measured(String key, String chosen, double djlMs, double onnxMs, int batch,
            String measuredAt) {

        String describe() {
            return String.format(Locale.ROOT, "djl %.2f ms, onnx %.2f ms per batch of %d",
                    djlMs, onnxMs, batch);
        }
    }

    private BackendChoice() {}

    /**
     * Opens the faster backend for {@code model}.
     *
     * @param model a model directory or an exported {@code .onnx} file
     * @param batch the batch size the caller will mostly run (predict's {@code --batch}, the
     *     server's largest batch), at least 1
     * @param log receives one line saying which backend and why
     * @return the opened backend, owning its network
     * @throws IOException naming the file when the model cannot be loaded
     */
    public static Backend open(Path model, int batch, Consumer<String> log) throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        BackendKind forced = forced();
        if (forced != null) {
            log.accept("backend " + forced.id() + " (forced by " + forcedBy() + ")");
            return Backends.open(model, forced);
        }
        if (Files.isRegularFile(model)) {
            log.accept("backend onnx (an exported .onnx file)");
            return Backends.open(model, BackendKind.ONNX);
        }
        ModelConfig config = ModelDir.readConfig(model);
        String key = key(config, batch);
        Path cacheFile = cacheFile(key);
        Measured cached = readCache(cacheFile, key);
        if (cached != null) {
            BackendKind kind = BackendKind.parse(cached.chosen());
            Backend b = openOrFallBack(model, kind, log);
            if (b.kind() == kind) {
                log.accept("backend " + kind.id() + " (measured on this machine "
                        + cached.measuredAt() + ": " + cached.describe() + "; " + cacheFile + ")");
            }
            return b;
        }
        return measure(model, batch, key, cacheFile, log);
    }

    /**
     * Loads the weights once: the ONNX model is exported from the DJL model before the DJL
     * backend folds its BatchNorms.
     */
    private static Backend measure(Path model, int batch, String key, Path cacheFile,
            Consumer<String> log) throws IOException {
        ResNetModel loaded = ModelDir.load(model);
        ModelConfig config = loaded.config();
        Backend onnx;
        try {
            onnx = OrtBackend.open(OnnxExporter.export(loaded, OnnxOptions.defaults()), config, 0);
        } catch (IOException | RuntimeException e) {
            log.accept(djlInstead(e));
            return new DjlBackend(loaded);
        }
        Backend djl = new DjlBackend(loaded);
        try {
            int channels = config.architecture().inChannels();
            int size = config.inputSize();
            double onnxMs = BackendTiming.medianMillis(onnx, channels, size, batch);
            double djlMs = BackendTiming.medianMillis(djl, channels, size, batch);
            BackendKind chosen = onnxMs <= djlMs ? BackendKind.ONNX : BackendKind.DJL;
            Measured m = new Measured(key, chosen.id(), djlMs, onnxMs, batch,
                    Instant.now().toString());
            writeCache(cacheFile, m, log);
            log.accept("backend " + chosen.id() + " (measured now: " + m.describe()
                    + "; cached in " + cacheFile + ")");
            Backend keep = chosen == BackendKind.ONNX ? onnx : djl;
            (keep == onnx ? djl : onnx).close();
            return keep;
        } catch (RuntimeException e) {
            onnx.close();
            djl.close();
            throw e;
        }
    }

    /** Opens {@code kind}; when that is ONNX Runtime and it cannot run the model, DJL. */
    private static Backend openOrFallBack(Path model, BackendKind kind, Consumer<String> log)
            throws IOException {
        try {
            return Backends.open(model, kind);
        } catch (IOException | RuntimeException e) {
            if (kind != BackendKind.ONNX) {
                throw e;
            }
            log.accept(djlInstead(e));
            return Backends.open(model, BackendKind.DJL);
        }
    }

    private static String djlInstead(Exception e) {
        return "backend djl (ONNX Runtime cannot run this model: " + e.getMessage() + ")";
    }

    /**
     * @return the backend {@value #PROPERTY} or {@value #VARIABLE} forces, or null
     * @throws IllegalArgumentException naming the setting when it is neither djl nor onnx
     */
    public static BackendKind forced() {
        String value = setting();
        if (value == null) {
            return null;
        }
        BackendKind k;
        try {
            k = BackendKind.parse(value);
        } catch (IllegalArgumentException e) {
            k = null;
        }
        if (k == null || k == BackendKind.AUTO) {
            throw new IllegalArgumentException(forcedBy() + " must be djl or onnx, got '"
                    + value.strip() + "'");
        }
        return k;
    }

    private static String setting() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return p;
        }
        String v = System.getenv(VARIABLE);
        return v == null || v.isBlank() ? null : v;
    }

    /** @return which setting forces the backend ({@link #forced()}), for messages */
    public static String forcedBy() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank() ? "system property " + PROPERTY : VARIABLE;
    }

    /** @return everything the measured speeds depend on, one line per fact */
    static String key(ModelConfig config, int batch) {
        return String.join("\n",
                "version " + VERSION,
                "cpu " + CpuInfo.current().fingerprint(),
                "processors " + Runtime.getRuntime().availableProcessors(),
                "libtorch threads " + System.getProperty("ai.djl.pytorch.num_threads", "default"),
                "libtorch " + Engine.getInstance().getVersion() + ", DJL " + Engine.getDjlVersion(),
                "onnxruntime " + OrtEnvironment.getEnvironment().getVersion(),
                "LD_PRELOAD " + System.getenv().getOrDefault("LD_PRELOAD", ""),
                "OMP_WAIT_POLICY " + System.getenv().getOrDefault("OMP_WAIT_POLICY", ""),
                "architecture " + SpecJson.toJson(config.architecture()),
                "input " + config.inputSize(),
                "batch " + batch);
    }

    static Path cacheFile(String key) {
        String hash = ModelDir.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        return CacheDir.root().resolve("backend").resolve("choice-" + hash + ".json");
    }

    /** @return the cached choice, or null when absent, unreadable, malformed or for another key */
    static Measured readCache(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Measured m = SpecJson.read(TextFiles.readUtf8(file, MAX_CACHE_BYTES), Measured.class);
            if (m == null || !key.equals(m.key()) || m.chosen() == null) {
                return null;
            }
            BackendKind k = BackendKind.parse(m.chosen());
            return k == BackendKind.AUTO ? null : m;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeCache(Path file, Measured m, Consumer<String> log) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, SpecJson.write(m).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            log.accept("could not cache the backend choice in " + file + ": " + e.getMessage());
        }
    }
}
