package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Inputs;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtDetector;
import dev.hsresnet.vision.detection.DetectionModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

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
public final class OrtDetectionBackend implements DetectionBackend {

    private final OrtDetector ort;

    /** @param ort the opened network; the backend owns it and closes it */
    public OrtDetectionBackend(OrtDetector ort) {
        this.ort = Objects.requireNonNull(ort, "ort");
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
        byte[] onnx = OnnxExporter.exportDetection(model, options);
        return new OrtDetectionBackend(OrtDetector.open(onnx, "model '" + model.config().name()
                + "' (exported in memory)", threads));
    }

    /** @return the network it runs, with its metadata and spec */
    public OrtDetector detector() {
        return ort;
    }

    @Override
    public RawOutputs run(float[] input, int n, int height, int width) {
        Inputs.check(input, n, ort.inChannels(), height, width);
        OrtDetector.Outputs out = ort.run(input, new long[] {n, ort.inChannels(), height, width});
        return new RawOutputs(out.clsLogits(), out.boxDistances(), out.centernessLogits());
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
