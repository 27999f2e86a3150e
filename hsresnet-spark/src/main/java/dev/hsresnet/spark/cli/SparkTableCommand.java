package dev.hsresnet.spark.cli;

import dev.hsresnet.spark.LabelledTables;
import dev.hsresnet.spark.SparkTask;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet spark table}: a dataset as a labelled Parquet table for {@code spark eval}. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Write a dataset that 'hsresnet eval' reads as a labelled Parquet table "
                + "(id = the image's path, image = its bytes, label = class name, mask PNG bytes "
                + "or objects), to copy to a cluster's storage and evaluate with 'spark eval "
                + "--table'.",
        footer = {"", "Examples:",
            "  hsresnet spark table --task classify --data images/val --out val.parquet",
            "  hsresnet spark table --task segment --data CamVid --kind camvid --split test "
                    + "--out camvid-test.parquet"})
public final class SparkTableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Mixin
    LabelledData labelled;

    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "classify, segment, detect or instances: what the labels are.")
    String task;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "The Parquet directory (must not exist unless --overwrite).")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing --out once complete.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        SparkTask t = SparkTask.parse(task);
        if (labelled.table != null) {
            throw new IllegalArgumentException("spark table reads --data, not --table");
        }
        SparkSession spark = session.session();
        long rows = LabelledTables.write(spark, labelled.read(spark, t), out, overwrite);
        spec.commandLine().getOut().println("wrote " + out + ": " + rows + " labelled images "
                + "from " + labelled.describe(t));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
