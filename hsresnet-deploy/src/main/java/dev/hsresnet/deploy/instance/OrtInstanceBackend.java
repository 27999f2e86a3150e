package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Inputs;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtDetector;
import dev.hsresnet.vision.instance.InstanceModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The ONNX Runtime path of instance segmentation: an exported instance segmenter ({@link
 * OrtDetector} on a file of {@link OnnxExporter#exportInstance}), from an {@code .onnx} file or
 * exported in memory from a model, the five outputs copied to the Java heap.
 *
 * <pre>{@code
 * try (OrtInstanceBackend ort = OrtInstanceBackend.open(Path.of("pennfudan.onnx"), 0)) {
 *     ModelConfig config = ort.network().metadata().instanceConfig("pennfudan.onnx");
 *     InstanceBackend.RawOutputs out = ort.run(images, 1, 384, 512);
 * }
 * }</pre>
 */
public final class OrtInstanceBackend implements InstanceBackend {

    private final OrtDetector ort;

    /**
     * @param ort the opened network; the backend owns it and closes it
     * @throws IllegalArgumentException when it is a detector, not an instance segmenter
     */
    public OrtInstanceBackend(OrtDetector ort) {
        if (ort.instanceSpec() == null) {
            ort.close();
            throw new IllegalArgumentException(ort + " is a detector, not an instance "
                    + "segmenter: it has no coefficients and prototypes");
        }
        this.ort = ort;
    }

    /**
     * Opens an exported instance segmenter.
     *
     * @param onnxFile a file written by {@link OnnxExporter#exportInstance}
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException naming the file as {@link OrtDetector#open(Path, int)}, or when it
     *     holds a detector
     */
    public static OrtInstanceBackend open(Path onnxFile, int threads) throws IOException {
        OrtDetector ort = OrtDetector.open(onnxFile, threads);
        if (ort.instanceSpec() == null) {
            ort.close();
            throw new IOException(onnxFile + " is a detector exported by hsresnet (task '"
                    + ort.metadata().task() + "'), not an instance segmenter");
        }
        return new OrtInstanceBackend(ort);
    }

    /**
     * Exports a model in memory and opens it in ONNX Runtime. The model stays the caller's; it is
     * not prepared for inference.
     *
     * @param model the instance segmenter
     * @param options opset and BatchNorm folding ({@link OnnxOptions#defaults()}: folded)
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException when ONNX Runtime refuses the graph
     */
    public static OrtInstanceBackend of(InstanceModel model, OnnxOptions options, int threads)
            throws IOException {
        byte[] onnx = OnnxExporter.exportInstance(model, options);
        return new OrtInstanceBackend(OrtDetector.open(onnx, "model '" + model.config().name()
                + "' (exported in memory)", threads));
    }

    /** @return the network it runs, with its metadata and specs */
    public OrtDetector network() {
        return ort;
    }

    @Override
    public RawOutputs run(float[] input, int n, int height, int width) {
        Inputs.check(input, n, ort.inChannels(), height, width);
        OrtDetector.Outputs out = ort.run(input, new long[] {n, ort.inChannels(), height, width});
        return new RawOutputs(out.clsLogits(), out.boxDistances(), out.centernessLogits(),
                out.coefficients(), out.prototypes());
    }

    @Override
    public BackendKind kind() {
        return BackendKind.ONNX;
    }

    @Override
    public void close() {
        ort.close();
    }
}
