package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.detection.OrtFcosBackend;
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
 *     ModelConfig config = ort.detector().metadata().instanceConfig("pennfudan.onnx");
 *     InstanceBackend.RawOutputs out = ort.run(images, 1, 384, 512);
 * }
 * }</pre>
 */
public final class OrtInstanceBackend extends OrtFcosBackend<InstanceBackend.RawOutputs>
        implements InstanceBackend {

    /**
     * @param ort the opened network; the backend owns it and closes it
     * @throws IllegalArgumentException when it is a detector, not an instance segmenter (it is
     *     closed then)
     */
    public OrtInstanceBackend(OrtDetector ort) {
        super(ort);
        if (ort.instanceSpec() == null) {
            ort.close();
            throw new IllegalArgumentException(ort + " is a detector, not an instance "
                    + "segmenter: it has no coefficients and prototypes");
        }
    }

    /**
     * Opens an exported instance segmenter.
     *
     * @param onnxFile a file written by {@link OnnxExporter#exportInstance}
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException naming the file as {@link OrtDetector#open(Path, int)}
     * @throws IllegalArgumentException when it holds a detector
     */
    public static OrtInstanceBackend open(Path onnxFile, int threads) throws IOException {
        return new OrtInstanceBackend(OrtDetector.open(onnxFile, threads));
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
        return new OrtInstanceBackend(OrtDetector.open(OnnxExporter.exportInstance(model,
                options), "model '" + model.config().name() + "' (exported in memory)",
                threads));
    }

    @Override
    protected RawOutputs outputs(OrtDetector.Outputs out) {
        return new RawOutputs(out.clsLogits(), out.boxDistances(), out.centernessLogits(),
                out.coefficients(), out.prototypes());
    }
}
