package dev.hsresnet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option of the commands that read a model directory. */
final class ModelDirOption {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory (model.json + weights.safetensors).")
    Path dir;
}
