package dev.hsresnet.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hsresnet spark}: the Spark jobs. The same command runs on an embedded {@code local[*]}
 * session ({@code hsresnet spark ...}) and under {@code spark-submit} ({@link
 * dev.hsresnet.spark.SparkMain}).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Batch inference, feature extraction and evaluation on Apache Spark: an "
                + "embedded local[*] session by default, or a cluster through spark-submit "
                + "(docs/spark.md).",
        subcommands = {SparkPredictCommand.class, SparkEvalCommand.class,
            SparkTableCommand.class, SparkBenchCommand.class, CommandLine.HelpCommand.class})
public final class SparkCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
