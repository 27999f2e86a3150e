package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtDetector;
import dev.hsresnet.vision.detection.DetectionModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The ONNX Runtime path of detection: an exported detector ({@link OrtDetector}), from an {@code
 * .onnx} file or exported in memory from a model, the outputs copied to the Java heap.
 *
 * <pre>{@code
 * try (OrtDetectionBackend ort = OrtDetectionBackend.open(Path.of("raccoon.onnx"), 0)) {
 *     ModelConfig config = ort.detector().metadata().detectionConfig("raccoon.onnx");
 *     DetectionBackend.RawOutputs out = ort.run(images, 1, 384, 512);
 * }
 * }</pre>
 */
public final class OrtDetectionBackend extends OrtFcosBackend<DetectionBackend.RawOutputs>
        implements DetectionBackend {

    /** @param ort the opened network; the backend owns it and closes it */
    public OrtDetectionBackend(OrtDetector ort) {
        super(ort);
    }

    /**
     * Opens an exported detector.
     *
     * @param onnxFile a file written by {@link OnnxExporter#exportDetection}
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException naming the file as {@link OrtDetector#open(Path, int)}
     */
    public static OrtDetectionBackend open(Path onnxFile, int threads) throws IOException {
        return new OrtDetectionBackend(OrtDetector.open(onnxFile, threads));
    }

    /**
     * Exports a model in memory and opens it in ONNX Runtime. The model stays the caller's (it
     * may be closed once this returns); it is not prepared for inference.
     *
     * @param model the detector
     * @param options opset and BatchNorm folding ({@link OnnxOptions#defaults()}: folded)
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return the backend
     * @throws IOException when ONNX Runtime refuses the graph
     */
    public static OrtDetectionBackend of(DetectionModel model, OnnxOptions options, int threads)
            throws IOException {
        return new OrtDetectionBackend(OrtDetector.open(OnnxExporter.exportDetection(model,
                options), "model '" + model.config().name() + "' (exported in memory)",
                threads));
    }

    @Override
    protected RawOutputs outputs(OrtDetector.Outputs out) {
        return new RawOutputs(out.clsLogits(), out.boxDistances(), out.centernessLogits());
    }
}
