package dev.hsresnet.deploy.segmentation;

import dev.hsresnet.core.io.SafetensorsFile;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtSegmenter;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a saved segmentation model on a backend ({@link TaskBackends} makes the choice, as for
 * detection): a model directory on DJL, or on ONNX Runtime after an in-memory export (BatchNorm
 * folded), or an exported {@code .onnx} file on ONNX Runtime.
 */
final class SegmentationBackends {

    /**
     * How a segmentation model's backends are built, for {@link TaskBackends#open}: {@code djl},
     * {@code onnx} (exported in memory), or {@code auto} (the backend {@code HSRESNET_BACKEND}
     * forces, else ONNX Runtime for an {@code .onnx} file and DJL for a directory: segmentation
     * does not measure the two yet).
     */
    static final TaskBackends.Task<SegmentationBackend> TASK = new TaskBackends.Task<>() {
        @Override
        public String name() {
            return SegmentationTask.NAME;
        }

        @Override
        public TaskBackends.Opened<SegmentationBackend> djl(Path dir) throws IOException {
            SegmentationModel m = TaskBackends.loadDjl(dir, SegmentationModel.class, name());
            return new TaskBackends.Opened<>(m.config(), new DjlSegmentationBackend(m));
        }

        @Override
        public TaskBackends.Opened<SegmentationBackend> exported(Path dir, ModelConfig config)
                throws IOException {
            SafetensorsFile weights = ModelDir.readWeights(dir, config);
            byte[] onnx = OnnxExporter.exportSegmentation(SegmentationTask.spec(config),
                    weights.tensors(), config.name(), config.preprocessing(),
                    OnnxOptions.defaults());
            OrtSegmenter ort = OrtSegmenter.open(onnx, dir.resolve(ModelDir.CONFIG_FILE)
                    + " (exported in memory)", 0);
            return new TaskBackends.Opened<>(config, new OrtSegmentationBackend(ort));
        }

        @Override
        public TaskBackends.Opened<SegmentationBackend> onnxFile(Path file) throws IOException {
            return TaskBackends.orClose(OrtSegmenter.open(file, 0), ort ->
                    new TaskBackends.Opened<>(configOf(ort.metadata(), file),
                            new OrtSegmentationBackend(ort)));
        }
    };

    private SegmentationBackends() {}

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
}
