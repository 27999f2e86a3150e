package dev.hsresnet.deploy;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a saved model on a backend. */
public final class Backends {

    /** The batch size {@code auto} measures when the caller names none. */
    public static final int DEFAULT_BATCH = 8;

    private Backends() {}

    /**
     * Opens a model directory, or an exported {@code .onnx} file (ONNX backend only: the file
     * carries its own {@code model.json} in its metadata).
     *
     * @param model a model directory or an {@code .onnx} file
     * @param kind the backend; {@code onnx} on a directory exports it in memory (BatchNorm
     *     folded); {@code auto} picks the faster for batches of 8 ({@link BackendChoice})
     * @return the backend, owning the loaded network
     * @throws IOException naming the file when the model cannot be loaded
     */
    public static Backend open(Path model, BackendKind kind) throws IOException {
        if (kind == BackendKind.AUTO) {
            return BackendChoice.open(model, DEFAULT_BATCH, line -> { });
        }
        boolean onnxFile = Files.isRegularFile(model);
        if (onnxFile && kind != BackendKind.ONNX) {
            throw new IOException(model + " is a file; the djl backend needs a model directory "
                    + "(model.json + weights), an exported .onnx file needs --backend onnx");
        }
        return switch (kind) {
            case DJL -> new DjlBackend(ModelDir.load(model));
            case ONNX -> onnxFile ? OrtBackend.open(model, 0) : exportAndOpen(model);
            case AUTO -> throw new AssertionError("handled above");
        };
    }

    private static Backend exportAndOpen(Path dir) throws IOException {
        ModelConfig config = ModelDir.readConfig(dir);
        var weights = ModelDir.readWeights(dir, config);
        byte[] onnx = OnnxExporter.export(config, weights.tensors(), OnnxOptions.defaults());
        return OrtBackend.open(onnx, config, 0);
    }

    static ModelConfig configOf(Backend backend) {
        if (backend instanceof DjlBackend djl) {
            return djl.model().config();
        }
        if (backend instanceof OrtBackend ort) {
            return ort.config();
        }
        throw new IllegalArgumentException("unknown backend " + backend.getClass().getName());
    }
}
