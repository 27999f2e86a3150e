package dev.hsresnet.core.model;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.RegularFiles;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.SafetensorsFile;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDictShapes;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.text.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model directory: {@code model.json} ({@link ModelConfig}) and {@code weights.safetensors}
 * (every parameter and BN running statistic under its PyTorch name, float32).
 *
 * <p>Saving writes each file to a temporary name and renames it, weights first; {@code
 * model.json} records the weights' size and SHA-256, so a directory whose two files do not belong
 * together is detected at load. Loading checks everything before it allocates anything: {@code
 * model.json} (strict UTF-8 JSON, every field within {@link dev.hsresnet.core.spec.SpecLimits},
 * the parameter count computed from the architecture), then the weights file (a regular file, its
 * size and checksum, its header's names, dtypes and shapes against {@link StateDictShapes} of the
 * architecture), then reads the tensors and refuses NaN or infinity ({@link LoadOptions}); only
 * then is the network built. A failed load names the file and the problem and leaves nothing open.
 */
public final class ModelDir {

    /** The configuration file. */
    public static final String CONFIG_FILE = "model.json";

    /** The weights file. */
    public static final String WEIGHTS_FILE = "weights.safetensors";

    /**
     * DJL's model-directory manifest: it names hsresnet-deploy's block and translator factories,
     * so {@code Criteria.builder().optModelPath(dir)} and DJL Serving load the directory (with
     * hsresnet-deploy on the class path).
     */
    public static final String SERVING_PROPERTIES = "serving.properties";

    private static final String SERVING_TEXT = String.join("\n",
            "# Lets DJL (Criteria.optModelPath) and DJL Serving load this directory; needs hsresnet-deploy",
            "engine=PyTorch",
            "blockFactory=dev.hsresnet.deploy.djl.HsResNetBlockFactory",
            "translatorFactory=dev.hsresnet.deploy.djl.HsResNetTranslatorFactory",
            "option.hasParameter=false",
            "");

    /** The largest {@code model.json} read (a million labels fit). */
    public static final long MAX_CONFIG_BYTES = 64L << 20;

    private ModelDir() {}

    /**
     * Saves a model, creating the directory if needed and replacing a previous model there.
     *
     * @param model the model
     * @param dir the directory
     * @return the configuration as written (with its weights record)
     * @throws IOException when writing fails; the files already there are then untouched
     */
    public static ModelConfig save(NetworkModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        Safetensors.write(weights, model.stateDict(), weightsMetadata(model.config()));
        ModelConfig config = model.config().withWeights(
                new WeightsInfo(WEIGHTS_FILE, "safetensors", Files.size(weights), sha256(weights)));
        writeConfig(dir, config);
        if (config.isClassifier()) {
            byte[] serving = SERVING_TEXT.getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(dir.resolve(SERVING_PROPERTIES), out -> out.write(serving));
        }
        return config;
    }

    /**
     * Loads a model of any task ({@link ModelConfig#task()}): a classifier as {@link ResNetModel},
     * a dense-task model as its {@link ModelTask} builds it; with the same checks as {@link
     * #load(Path)}.
     *
     * @param dir the model directory
     * @param options the checks
     * @return the model with its weights
     * @throws IOException naming the file and the problem
     */
    public static NetworkModel loadAny(Path dir, LoadOptions options) throws IOException {
        ModelConfig config = readConfig(dir);
        if (config.isClassifier()) {
            return load(dir, options, new int[0]);
        }
        SafetensorsFile file = readWeights(dir, config, true, options);
        return filled(ModelTasks.get(config.task()).allocate(config), file,
                weightsPath(dir, config));
    }

    /** Loads the tensors into a freshly built model; closes it when they do not fit. */
    private static <M extends NetworkModel> M filled(M model, SafetensorsFile file, Path source) {
        try {
            model.loadStateDict(file.tensors(), source.toString());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * @param config the model's configuration
     * @return the safetensors metadata written with its weights: {@code format=pt} (what the
     *     Python safetensors library marks PyTorch state dicts with) and the model name
     */
    public static Map<String, String> weightsMetadata(ModelConfig config) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("hsresnet.model", config.name());
        return metadata;
    }

    /**
     * Loads a classifier (or whatever the configuration describes).
     *
     * @param dir the model directory
     * @return the model with its weights
     * @throws IOException naming the file and the problem
     */
    public static ResNetModel load(Path dir) throws IOException {
        return load(dir, LoadOptions.DEFAULT, new int[0]);
    }

    /**
     * Loads a classifier with other checks than the default.
     *
     * @param dir the model directory
     * @param options the checks
     * @return the model with its weights
     * @throws IOException naming the file and the problem
     */
    public static ResNetModel load(Path dir, LoadOptions options) throws IOException {
        return load(dir, options, new int[0]);
    }

    /**
     * Loads the network as a backbone returning feature levels (0 = stem, k = stage k); the
     * classifier's weights, if any, are skipped.
     *
     * @param dir the model directory
     * @param outIndices the levels to return
     * @return the model in feature mode
     * @throws IOException naming the file and the problem
     */
    public static ResNetModel loadBackbone(Path dir, int... outIndices) throws IOException {
        return loadBackbone(dir, LoadOptions.DEFAULT, outIndices);
    }

    /**
     * Loads the network as a backbone, with other checks than the default.
     *
     * @param dir the model directory
     * @param options the checks
     * @param outIndices the levels to return
     * @return the model in feature mode
     * @throws IOException naming the file and the problem
     */
    public static ResNetModel loadBackbone(Path dir, LoadOptions options, int... outIndices)
            throws IOException {
        if (outIndices.length == 0) {
            throw new IllegalArgumentException("select at least one feature level");
        }
        return load(dir, options, outIndices);
    }

    private static ResNetModel load(Path dir, LoadOptions options, int[] outIndices)
            throws IOException {
        ModelConfig config = readConfig(dir);
        if (!config.isClassifier()) {
            throw new IOException(dir.resolve(CONFIG_FILE) + ": a '" + config.task()
                    + "' model, not a classifier (load it with loadAny, or use it as a backbone "
                    + "through its task)");
        }
        SafetensorsFile file = readWeights(dir, config, outIndices.length == 0, options);
        return filled(ResNetModel.allocate(config, outIndices), file, weightsPath(dir, config));
    }

    /**
     * Reads the weights file a configuration records, after checking its size, checksum and
     * header against the architecture (nothing the size of the network is allocated before), and
     * refuses non-finite values.
     *
     * @param dir the model directory
     * @param config its configuration
     * @return the tensors, by PyTorch name, exactly those of the classifier network
     * @throws IOException naming the file when it is missing, not a regular file, truncated,
     *     altered or malformed
     * @throws dev.hsresnet.core.io.WeightsMismatchException when its names, dtypes or shapes do
     *     not fit the architecture
     * @throws dev.hsresnet.core.io.NonFiniteWeightsException when a tensor holds NaN or infinity
     */
    public static SafetensorsFile readWeights(Path dir, ModelConfig config) throws IOException {
        return readWeights(dir, config, true, LoadOptions.DEFAULT);
    }

    private static SafetensorsFile readWeights(
            Path dir, ModelConfig config, boolean classifier, LoadOptions options)
            throws IOException {
        Path weights = weightsPath(dir, config);
        checkWeightsFile(weights, config.weights());
        ResNetSpec arch = config.architecture();
        boolean withFc = config.isClassifier() && classifier && arch.numClasses() > 0;
        Map<String, long[]> shapes = config.isClassifier() ? StateDictShapes.of(arch, withFc)
                : ModelTasks.get(config.task()).stateDictShapes(config);
        Weights.check(shapes, Safetensors.readHeader(weights).tensors(),
                weights.toString(), "model '" + config.name() + "'",
                withFc || !config.isClassifier() ? Set.of() : Set.of("fc."));
        SafetensorsFile file = Safetensors.read(weights);
        if (!options.allowNonFinite()) {
            Weights.requireFinite(file.tensors(), weights.toString());
        }
        return file;
    }

    private static Path weightsPath(Path dir, ModelConfig config) throws IOException {
        if (config.weights() == null) {
            throw new IOException(dir.resolve(CONFIG_FILE) + " has no weights record");
        }
        return dir.resolve(config.weights().file());
    }

    /**
     * Reads and validates {@code model.json}: a regular file of at most {@link #MAX_CONFIG_BYTES},
     * valid UTF-8, strict JSON ({@link SpecJson}), every field within its bounds.
     *
     * @param dir the model directory
     * @return the configuration
     * @throws IOException naming the file and the field at fault
     */
    public static ModelConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such model directory");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "not a model directory: " + CONFIG_FILE + " is missing");
        }
        String json = TextFiles.readUtf8(file, MAX_CONFIG_BYTES);
        try {
            return SpecJson.read(json, ModelConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code model.json} atomically. */
    static void writeConfig(Path dir, ModelConfig config) throws IOException {
        byte[] json = (SpecJson.write(config) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(CONFIG_FILE), out -> out.write(json));
    }

    private static void checkWeightsFile(Path weights, WeightsInfo info) throws IOException {
        if (!Files.exists(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "weights file is missing");
        }
        RegularFiles.require(weights);
        long size = Files.size(weights);
        if (size != info.bytes()) {
            throw new IOException(weights + " has " + size + " bytes but model.json records "
                    + info.bytes() + " (truncated, or not the weights this model was saved with)");
        }
        String actual = sha256(weights);
        if (!actual.equals(info.sha256())) {
            throw new IOException(weights + " has SHA-256 " + actual + " but model.json records "
                    + info.sha256() + " (corrupt, or not the weights this model was saved with)");
        }
    }

    /** @return the lower-case hex SHA-256 of a file */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return the lower-case hex SHA-256 of bytes held in memory */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
