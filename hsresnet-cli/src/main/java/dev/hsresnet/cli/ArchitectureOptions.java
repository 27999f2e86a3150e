package dev.hsresnet.cli;

import dev.hsresnet.core.spec.ResNetSpec;
import picocli.CommandLine.Option;

/** {@code --classes} and {@code --in-channels}: a registry architecture with another head or input. */
final class ArchitectureOptions {

    @Option(names = "--classes", paramLabel = "N", converter = OptionTypes.NonNegative.class,
            description = "Classifier outputs (default: the model's; 0 = none).")
    Integer classes;

    @Option(names = "--in-channels", paramLabel = "C", converter = OptionTypes.Positive.class,
            description = "Input channels (default: the model's, 3).")
    Integer inChannels;

    /** @return {@code spec} with the options applied */
    ResNetSpec apply(ResNetSpec spec) {
        ResNetSpec.Builder b = spec.toBuilder();
        if (classes != null) {
            b.numClasses(classes);
        }
        if (inChannels != null) {
            b.inChannels(inChannels);
        }
        return b.build();
    }
}
