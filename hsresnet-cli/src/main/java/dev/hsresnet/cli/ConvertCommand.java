package dev.hsresnet.cli;

import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.model.DjlParams;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet convert}: the weights in another on-disk format. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write a model's weights as a standalone safetensors file (PyTorch names, "
                + "loadable with load_state_dict(strict=True)) or as a DJL .params file "
                + "(Model.load reads it when named PREFIX-0000.params).")
final class ConvertCommand implements Callable<Integer> {

    /** The target formats. */
    enum Format { SAFETENSORS, DJL }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelDirOption modelDir;

    @Mixin
    private NonFiniteOption nonFinite;

    @Option(names = "--to", required = true, paramLabel = "FORMAT",
            description = "safetensors or djl.")
    private Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "File to write (replaced atomically).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        try (ResNetModel model = ModelDir.load(modelDir.dir, nonFinite.loadOptions())) {
            if (format == Format.DJL) {
                DjlParams.write(model, out);
            } else {
                Safetensors.write(out, model.stateDict(), ModelDir.weightsMetadata(model.config()));
            }
            var o = spec.commandLine().getOut();
            o.println("wrote " + out + " (" + format.name().toLowerCase(java.util.Locale.ROOT) + ", " + model.parameters().size()
                    + " tensors)");
            o.flush();
        }
        return 0;
    }
}
