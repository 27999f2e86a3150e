package dev.hsresnet.deploy.detection;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OrtDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * How the backends of a task of the FCOS family are built (detection, instance segmentation):
 * DJL on the loaded model, or ONNX Runtime ({@link OrtDetector}) on the model exported in memory
 * or on an exported file, whose metadata give the configuration.
 *
 * @param name the task's name in {@code model.json}
 * @param type the task's model class
 * @param djl wraps a loaded model in the DJL backend
 * @param export exports a configuration and its weights to ONNX bytes
 * @param ort wraps an opened network in the ONNX Runtime backend
 * @param config reads the configuration an exported file describes (and refuses other tasks)
 * @param <M> the task's model type
 * @param <B> the task's backend type
 */
public record FcosTask<M extends NetworkModel, B extends FcosBackend<?>>(String name,
        Class<M> type, Function<M, B> djl, Export export, Function<OrtDetector, B> ort,
        ConfigOf config) implements TaskBackends.Task<B> {

    /** Exports a model directory's configuration and weights. */
    @FunctionalInterface
    public interface Export {
        /** @return the serialized ONNX model (BatchNorm folded, the default opset) */
        byte[] apply(ModelConfig config, Map<String, Tensor> weights);
    }

    /** Reads an exported file's configuration. */
    @FunctionalInterface
    public interface ConfigOf {
        /** @return the configuration the metadata describe, naming {@code source} on error */
        ModelConfig read(OnnxMetadata metadata, String source) throws IOException;
    }

    @Override
    public TaskBackends.Opened<B> djl(Path dir) throws IOException {
        M m = TaskBackends.loadDjl(dir, type, name);
        return new TaskBackends.Opened<>(m.config(), djl.apply(m));
    }

    @Override
    public TaskBackends.Opened<B> exported(Path dir, ModelConfig c) throws IOException {
        byte[] onnx = export.apply(c, ModelDir.readWeights(dir, c).tensors());
        OrtDetector network = OrtDetector.open(onnx, dir.resolve(ModelDir.CONFIG_FILE)
                + " (exported in memory)", 0);
        return new TaskBackends.Opened<>(c, TaskBackends.orClose(network, ort::apply));
    }

    @Override
    public TaskBackends.Opened<B> onnxFile(Path file) throws IOException {
        return TaskBackends.orClose(OrtDetector.open(file, 0), network -> {
            ModelConfig c = config.read(network.metadata(), file.toString());
            return new TaskBackends.Opened<>(c, ort.apply(network));
        });
    }
}
