package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.ImagePreprocessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Static int8 quantization of a model into an ONNX file in QDQ form, calibrated on the user's
 * images, entirely in Java (ONNX Runtime's quantizer is Python only). ONNX Runtime's CPU
 * execution provider fuses the file into integer kernels; {@link OrtBackend} runs it like any
 * exported file (input and output stay float32, the metadata holds {@code model.json} and the
 * {@value OnnxMetadata#QUANTIZATION} description).
 *
 * <p>Activations: uint8, one scale and zero point per tensor from the min-max range over the
 * calibration images. Weights: int8, symmetric, one scale per output channel. Bias: int32. The
 * classifier head stays float32. See {@link QdqRewriter} for the rules.
 *
 * <pre>{@code
 * try (ResNetModel model = ModelDir.load(Path.of("run/best"))) {
 *     CalibrationImages images = CalibrationImages.of(Path.of("calib"), 256);
 *     OnnxQuantizer.int8(model, OnnxOptions.defaults(), Int8Options.forCpu(CpuInfo.current()),
 *             images, System.err::println, Path.of("model-int8.onnx"));
 * }
 * }</pre>
 */
public final class OnnxQuantizer {

    private OnnxQuantizer() {}

    /**
     * Quantizes to memory.
     *
     * @param model the float32 model (a classifier or a network without classes)
     * @param options opset (13 or newer) and BatchNorm folding (must be on)
     * @param int8 the weight range
     * @param images the calibration images
     * @param progress receives progress lines
     * @return the serialized ONNX model
     * @throws IOException when no calibration image can be read or ONNX Runtime fails
     * @throws IllegalArgumentException when the options cannot be quantized (opset, folding)
     */
    public static byte[] int8(ResNetModel model, OnnxOptions options, Int8Options int8,
            CalibrationImages images, Consumer<String> progress) throws IOException {
        Objects.requireNonNull(model, "model");
        if (model.network().isFeatureMode()) {
            throw new IllegalArgumentException("model '" + model.config().name()
                    + "' is loaded as a backbone; quantization needs the classifier network");
        }
        return int8(model.config(), model.stateDict(), options, int8, images, progress);
    }

    /** Quantizes to a file, atomically; nothing is written when anything fails. */
    public static void int8(ResNetModel model, OnnxOptions options, Int8Options int8,
            CalibrationImages images, Consumer<String> progress, Path out) throws IOException {
        byte[] bytes = int8(model, options, int8, images, progress);
        AtomicFiles.write(out, bytes);
    }

    /**
     * The export options int8 quantization needs, checked before any calibration work.
     *
     * @param options the export options
     * @throws IllegalArgumentException unless BatchNorm is folded and the opset is 13 or newer
     *     (per-channel DequantizeLinear)
     */
    public static void checkOptions(OnnxOptions options) {
        if (!options.foldBn()) {
            throw new IllegalArgumentException("int8 quantization needs BatchNorm folded into "
                    + "the convolutions (drop --no-fold-bn)");
        }
        if (options.opset() < 13) {
            throw new IllegalArgumentException("int8 quantization needs --opset 13 or newer "
                    + "(per-channel DequantizeLinear), got " + options.opset());
        }
    }

    /**
     * Quantizes a network given by its configuration and weights.
     *
     * @see #int8(ResNetModel, OnnxOptions, Int8Options, CalibrationImages, Consumer)
     */
    public static byte[] int8(ModelConfig config, Map<String, Tensor> stateDict,
            OnnxOptions options, Int8Options int8, CalibrationImages images,
            Consumer<String> progress) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(images, "images");
        checkOptions(options);
        ImagePreprocessor pre = new ImagePreprocessor(config);
        GraphBuilder fp32 = OnnxExporter.graph(config, stateDict, options);
        List<String> values = QdqRewriter.valuesToCalibrate(fp32, OnnxExporter.INPUT);
        byte[] calibration = OnnxExporter.modelProto(config, fp32, options, Map.of(),
                values.subList(1, values.size())).toByteArray();
        Calibrator.Result calibrated = Calibrator.ranges(calibration, values, pre, images,
                progress);
        GraphBuilder q = QdqRewriter.rewrite(fp32, OnnxExporter.INPUT, calibrated.ranges(),
                int8.weightBits());
        String description = String.format(Locale.ROOT, "int8 static QDQ: activations uint8 per "
                + "tensor (%d tensors, min-max over %d images of %s), weights int8 per output "
                + "channel (%d bits), bias int32, classifier head float32",
                QdqRewriter.quantizedCount(q), calibrated.images(),
                images.folder().getFileName(), int8.weightBits());
        return OnnxExporter.modelProto(config, q, options,
                Map.of(OnnxMetadata.QUANTIZATION, description), List.of()).toByteArray();
    }
}
