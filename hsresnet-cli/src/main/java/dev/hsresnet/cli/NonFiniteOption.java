package dev.hsresnet.cli;

import dev.hsresnet.core.model.LoadOptions;
import picocli.CommandLine.Option;

/**
 * {@code --allow-non-finite}: load a model whose weights hold NaN or infinity (refused by default),
 * on the commands that inspect or convert a model directory.
 */
final class NonFiniteOption {

    @Option(names = "--allow-non-finite",
            description = "Load weights that hold NaN or infinity (refused by default), e.g. to "
                    + "inspect a diverged run.")
    boolean allow;

    /** @return the load checks these options ask for */
    LoadOptions loadOptions() {
        return allow ? LoadOptions.allowingNonFinite() : LoadOptions.DEFAULT;
    }
}
