package dev.hsresnet.deploy.segmentation;

import dev.hsresnet.core.io.SafetensorsFile;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.BackendChoice;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtSegmenter;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens a saved segmentation model on a backend, as {@link dev.hsresnet.deploy.Backends} does for
 * classifiers: a model directory on DJL, or on ONNX Runtime after an in-memory export (BatchNorm
 * folded), or an exported {@code .onnx} file on ONNX Runtime.
 */
final class SegmentationBackends {

    /**
     * A backend with the configuration it runs.
     *
     * @param config the model's configuration (rebuilt from the metadata for an {@code .onnx}
     *     file, which has no labels)
     * @param backend the network
     */
    record Opened(ModelConfig config, SegmentationBackend backend) {}

    private SegmentationBackends() {}

    /**
     * @param model a segmentation model directory or an exported segmentation {@code .onnx} file
     * @param kind {@code djl}, {@code onnx}, or {@code auto}: the backend {@link
     *     BackendChoice#forced()} names, else ONNX Runtime for an {@code .onnx} file and DJL for a
     *     directory (segmentation does not measure the two yet)
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the opened backend and its configuration
     * @throws IOException naming the file when the model cannot be loaded or is not a
     *     segmentation model
     */
    static Opened open(Path model, BackendKind kind, Consumer<String> log) throws IOException {
        boolean onnxFile = Files.isRegularFile(model);
        BackendKind chosen = kind == BackendKind.AUTO ? auto(onnxFile, log) : kind;
        if (onnxFile && chosen != BackendKind.ONNX) {
            throw new IOException(model + " is a file; the djl backend needs a model directory "
                    + "(model.json + weights), an exported .onnx file needs --backend onnx");
        }
        if (onnxFile) {
            return openOnnxFile(model);
        }
        ModelConfig config = ModelDir.readConfig(model);
        requireSegmentation(config, model);
        return chosen == BackendKind.ONNX ? exportAndOpen(model, config) : openDjl(model);
    }

    private static BackendKind auto(boolean onnxFile, Consumer<String> log) {
        BackendKind forced = BackendChoice.forced();
        if (forced != null) {
            log.accept("backend " + forced.id() + " (forced by " + BackendChoice.forcedBy() + ")");
            return forced;
        }
        if (onnxFile) {
            log.accept("backend onnx (an exported .onnx file)");
            return BackendKind.ONNX;
        }
        log.accept("backend djl (segmentation models are not measured; --backend onnx runs "
                + "ONNX Runtime)");
        return BackendKind.DJL;
    }

    private static Opened openDjl(Path dir) throws IOException {
        NetworkModel loaded = ModelDir.loadAny(dir, LoadOptions.DEFAULT);
        if (!(loaded instanceof SegmentationModel m)) {
            loaded.close();
            throw new IOException(dir + " holds a '" + loaded.config().taskName()
                    + "' model, not a segmentation model");
        }
        return new Opened(m.config(), new DjlSegmentationBackend(m));
    }

    private static Opened exportAndOpen(Path dir, ModelConfig config) throws IOException {
        SafetensorsFile weights = ModelDir.readWeights(dir, config);
        byte[] onnx = OnnxExporter.exportSegmentation(SegmentationTask.spec(config),
                weights.tensors(), config.name(), config.preprocessing(), OnnxOptions.defaults());
        OrtSegmenter ort = OrtSegmenter.open(onnx, dir.resolve(ModelDir.CONFIG_FILE)
                + " (exported in memory)", 0);
        return new Opened(config, new OrtSegmentationBackend(ort));
    }

    private static Opened openOnnxFile(Path file) throws IOException {
        OrtSegmenter ort = OrtSegmenter.open(file, 0);
        try {
            return new Opened(configOf(ort.metadata(), file), new OrtSegmentationBackend(ort));
        } catch (IOException | RuntimeException e) {
            ort.close();
            throw e;
        }
    }

    /** @return the configuration an exported file describes: name, network, mean and std */
    static ModelConfig configOf(OnnxMetadata meta, Path file) throws IOException {
        String source = file.toString();
        SegmentationSpec spec = meta.segmentationSpec(source);
        String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        String name = meta.properties().getOrDefault(OnnxMetadata.MODEL_NAME, stem);
        List<String> labels = meta.labels(source);
        try {
            Preprocessing p = new Preprocessing(SegmentationModels.NOMINAL_SIZE, 1.0, "bilinear",
                    meta.numbers(OnnxMetadata.MEAN, source),
                    meta.numbers(OnnxMetadata.STD, source));
            return SegmentationModels.config(name, spec, labels).withPreprocessing(p);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": its metadata does not make a valid segmentation "
                    + "model: " + e.getMessage(), e);
        }
    }

    /** @throws IOException naming the directory when it holds a model of another task */
    static void requireSegmentation(ModelConfig config, Path dir) throws IOException {
        if (!SegmentationTask.NAME.equals(config.task())) {
            throw new IOException(dir + " holds a '" + config.taskName() + "' model, not a "
                    + SegmentationTask.NAME + " model");
        }
    }
}
