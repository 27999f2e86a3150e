package dev.hsresnet.cli;

import dev.hsresnet.core.engine.CpuInfo;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.vision.detection.DetectionTask;
import dev.hsresnet.vision.instance.InstanceTask;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.onnx.Bf16;
import dev.hsresnet.deploy.onnx.CalibrationImages;
import dev.hsresnet.deploy.onnx.Int8Options;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OnnxQuantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsresnet export}: the model as a self-contained file for another runtime. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model as an ONNX file for ONNX Runtime or any ONNX consumer "
                + "(inference: BatchNorm uses its running statistics). A classifier: input "
                + "'input' (batch, channels, size, size), output 'logits' (batch, classes). A "
                + "segmentation model: output 'logits' (batch, classes, height, width). A "
                + "detector: the raw FCOS outputs 'cls_logits', 'box_distances' and "
                + "'centerness_logits' (decoding and NMS are the reader's). An instance "
                + "segmentation model: those three and 'coefficients' (batch, locations, k) and "
                + "'prototypes' (batch, k, h/4, w/4), raw (mask assembly is the reader's). The "
                + "file's metadata "
                + "describes the model, so the file alone is enough to serve it.")
final class ExportCommand implements Callable<Integer> {

    /** The export formats. */
    enum Format { ONNX }

    /** Number formats of the exported weights and activations. */
    enum Quantize { NONE, INT8, BF16 }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelDirOption modelDir;

    @Mixin
    private NonFiniteOption nonFinite;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "onnx.")
    private Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "File to write (replaced atomically).")
    private Path out;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + OnnxOptions.DEFAULT_OPSET,
            description = "ONNX operator set, " + OnnxOptions.MIN_OPSET + " to "
                    + OnnxOptions.MAX_OPSET + " (default: ${DEFAULT-VALUE}).")
    private int opset;

    @Option(names = "--fold-bn", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Fold each BatchNorm into the convolution before it (default); "
                    + "--no-fold-bn keeps BatchNormalization nodes and the tensors as saved.")
    private boolean foldBn;

    @Option(names = "--quantize", paramLabel = "KIND", defaultValue = "none",
            converter = QuantizeConverter.class,
            description = "none (float32, default), int8 (static: calibrated on --calibration; "
                    + "QDQ form, which ONNX Runtime runs on integer kernels) or bf16.")
    private Quantize quantize;

    @Option(names = "--calibration", paramLabel = "DIR",
            description = "int8: a folder of .jpg/.png images like the ones the model will see "
                    + "(searched recursively; a few hundred are enough).")
    private Path calibration;

    @Option(names = "--calibration-images", paramLabel = "N",
            defaultValue = "" + CalibrationImages.DEFAULT_LIMIT,
            converter = OptionTypes.Positive.class,
            description = "int8: use at most N of the folder's images, evenly spaced in name "
                    + "order (default: ${DEFAULT-VALUE}).")
    private int calibrationImages;

    @Option(names = "--weight-bits", paramLabel = "N", converter = OptionTypes.Positive.class,
            description = "int8: 8, or 7 for CPUs without VNNI (default: 8 where this CPU has "
                    + "avx512_vnni, avx_vnni or amx_int8, else 7).")
    private Integer weightBits;

    @Override
    public Integer call() throws IOException {
        OnnxOptions options = OptionTypes.usageChecked(spec, "--opset",
                () -> new OnnxOptions(opset, foldBn));
        var o = spec.commandLine().getOut();
        switch (quantize) {
            case NONE -> {
                if (calibration != null) {
                    throw new ParameterException(spec.commandLine(),
                            "--calibration is only used with --quantize int8");
                }
                ModelConfig config = ModelDir.readConfig(modelDir.dir);
                DenseExport dense = denseExport(config.task());
                if (dense != null) {
                    try (NetworkModel model = ModelDir.loadAny(modelDir.dir,
                            nonFinite.loadOptions())) {
                        dense.write(config, model.stateDict(), options, out);
                    }
                } else {
                    try (ResNetModel model = ModelDir.load(modelDir.dir,
                            nonFinite.loadOptions())) {
                        OnnxExporter.export(model, options, out);
                    }
                }
            }
            case INT8 -> {
                ModelConfig config = ModelDir.readConfig(modelDir.dir);
                if (!config.isClassifier()) {
                    String task = config.taskName();
                    throw new ParameterException(spec.commandLine(), "--quantize int8 is built "
                            + "for classifiers only; export " + ("aeiou".indexOf(task.charAt(0))
                            >= 0 ? "an " : "a ") + task + " model as float32 (--quantize none, "
                            + "the default)");
                }
                int8(options, o);
            }
            case BF16 -> throw new ParameterException(spec.commandLine(), Bf16.unsupported(
                    CpuInfo.current()));
        }
        OnnxMetadata written = OnnxMetadata.read(out);
        o.println("wrote " + out + " (" + format.name().toLowerCase(Locale.ROOT) + ", "
                + String.format(Locale.ROOT, "%.1f MB", Files.size(out) / 1e6) + ", opset "
                + written.opset() + ", " + written.nodeCount() + " nodes, BatchNorm "
                + (foldBn ? "folded" : "kept") + ", quantization: " + written.quantization()
                + ")");
        o.flush();
        return 0;
    }

    /** Writes a dense task's network (its spec in the configuration) to an ONNX file. */
    @FunctionalInterface
    private interface DenseExport {
        void write(ModelConfig config, Map<String, Tensor> stateDict, OnnxOptions options,
                Path out) throws IOException;
    }

    /** @return how a dense task is exported, or null for a classifier */
    private static DenseExport denseExport(String task) {
        if (SegmentationTask.NAME.equals(task)) {
            return (c, w, o, out) -> OnnxExporter.exportSegmentation(SegmentationTask.spec(c), w,
                    c.name(), c.preprocessing(), o, out);
        }
        if (DetectionTask.NAME.equals(task)) {
            return (c, w, o, out) -> OnnxExporter.exportDetection(DetectionTask.spec(c), w,
                    c.name(), c.preprocessing(), c.labels(), o, out);
        }
        if (InstanceTask.NAME.equals(task)) {
            return (c, w, o, out) -> OnnxExporter.exportInstance(InstanceTask.spec(c), w,
                    c.name(), c.preprocessing(), c.labels(), o, out);
        }
        return null;
    }

    private void int8(OnnxOptions options, java.io.PrintWriter o) throws IOException {
        if (calibration == null) {
            throw new ParameterException(spec.commandLine(), "--quantize int8 needs "
                    + "--calibration DIR, a folder of images to calibrate the activations on");
        }
        Int8Options int8 = weightBits == null ? Int8Options.forCpu(CpuInfo.current())
                : OptionTypes.usageChecked(spec, "--weight-bits",
                        () -> new Int8Options(weightBits));
        OptionTypes.usageChecked(spec, "--quantize int8", () -> {
            OnnxQuantizer.checkOptions(options);
            return options;
        });
        // every check on the folder happens before the model is loaded or a file is written
        CalibrationImages images = CalibrationImages.of(calibration, calibrationImages);
        var err = spec.commandLine().getErr();
        err.println("calibrating on " + images.files().size() + " of " + images.found()
                + " images in " + calibration + " (" + int8.weightBits() + "-bit weights)");
        err.flush();
        try (ResNetModel model = ModelDir.load(modelDir.dir, nonFinite.loadOptions())) {
            OnnxQuantizer.int8(model, options, int8, images, line -> {
                err.println(line);
                err.flush();
            }, out);
        }
    }

    /** Case-insensitive {@link Quantize}. */
    static final class QuantizeConverter implements picocli.CommandLine.ITypeConverter<Quantize> {
        @Override
        public Quantize convert(String text) {
            try {
                return Quantize.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("must be none, int8 or "
                        + "bf16, got '" + text + "'");
            }
        }
    }
}
