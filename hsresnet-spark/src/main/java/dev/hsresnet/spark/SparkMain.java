package dev.hsresnet.spark;

import dev.hsresnet.spark.cli.SparkCommand;
import picocli.CommandLine;

/**
 * The {@code spark-submit} entry point: the arguments of {@code hsresnet spark}, e.g.
 *
 * <pre>
 * spark-submit --class dev.hsresnet.spark.SparkMain --master spark://host:7077 \
 *     --jars $(echo hsresnet-spark/target/submit-lib/*.jar | tr ' ' ,) \
 *     hsresnet-spark/target/hsresnet-spark-0.1.0-SNAPSHOT.jar \
 *     predict --model /shared/runs/a/best --input hdfs:///photos --out hdfs:///preds
 * </pre>
 *
 * Exit status: 0 success, 1 failure (the message on stderr), 2 usage error.
 */
public final class SparkMain {

    private SparkMain() {}

    /** @param args a {@code hsresnet spark} subcommand and its options */
    public static void main(String[] args) {
        SparkSessions.quiet();
        CommandLine cl = new CommandLine(new SparkCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("hsresnet spark " + cmd.getCommandName() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            cmd.getErr().flush();
            return 1;
        });
        int status = cl.execute(args);
        org.apache.spark.sql.SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(status);
    }
}
