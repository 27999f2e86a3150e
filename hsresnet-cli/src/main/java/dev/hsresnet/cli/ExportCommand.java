package dev.hsresnet.cli;

import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet export}: the model as a self-contained file for another runtime. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model as an ONNX file for ONNX Runtime or any ONNX consumer "
                + "(inference: BatchNorm uses its running statistics). Input 'input' "
                + "(batch, channels, size, size), output 'logits' (batch, classes); the file's "
                + "metadata holds model.json, so the file alone is enough to serve the model.")
final class ExportCommand implements Callable<Integer> {

    /** The export formats. */
    enum Format { ONNX }

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

    @Override
    public Integer call() throws IOException {
        OnnxOptions options = OptionTypes.usageChecked(spec, "--opset",
                () -> new OnnxOptions(opset, foldBn));
        try (ResNetModel model = ModelDir.load(modelDir.dir, nonFinite.loadOptions())) {
            OnnxExporter.export(model, options, out);
        }
        OnnxMetadata written = OnnxMetadata.read(out);
        var o = spec.commandLine().getOut();
        o.println("wrote " + out + " (" + format.name().toLowerCase(Locale.ROOT) + ", "
                + String.format(Locale.ROOT, "%.1f MB", Files.size(out) / 1e6) + ", opset "
                + written.opset() + ", " + written.nodeCount() + " nodes, BatchNorm "
                + (foldBn ? "folded" : "kept") + ")");
        o.flush();
        return 0;
    }
}
