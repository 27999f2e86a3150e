package dev.hsresnet.spark.cli;

import dev.hsresnet.spark.ImageInputs;
import dev.hsresnet.spark.JobOptions;
import dev.hsresnet.spark.OutputFormat;
import dev.hsresnet.spark.PredictSummary;
import dev.hsresnet.spark.SparkPredict;
import dev.hsresnet.spark.SparkTask;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hsresnet spark predict}: batch inference or feature extraction over many images. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Run a model over many images on Spark and write one row per image: id, "
                + "error (why an image could not be processed, else null) and the task's "
                + "results: labels/indices/probabilities (classify), width/height/classes/mask "
                + "(segment; mask = PNG bytes of class indices), width/height/boxes (detect), "
                + "boxes with COCO RLE masks (instances) or features (a pooled backbone level). "
                + "The model is shipped once and loaded once per executor JVM. The output "
                + "directory appears only when complete, with _summary.json inside.",
        footer = {"", "Examples:",
            "  hsresnet spark predict --model runs/a/best --input photos/ --out preds",
            "  hsresnet spark predict --model runs/a/best --task features --level 4 "
                    + "--input 'photos/*/*.jpg' --out embeddings --format json",
            "  hsresnet spark predict --model runs/camvid/best --input table.parquet --parquet "
                    + "--id-column key --image-column bytes --out masks --master local[2]"})
public final class SparkPredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Mixin
    JobOptionsMixin job;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model directory (or an exported .onnx file with --backend onnx).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A folder (searched recursively for .jpg/.jpeg/.png/.bmp/.gif), a glob, "
                    + "or with --parquet a Parquet table; any Hadoop path (file, hdfs, s3a).")
    String input;

    @Option(names = "--parquet", description = "--input is a Parquet table with an id column "
            + "and an image-bytes column.")
    boolean parquet;

    @Option(names = "--id-column", paramLabel = "NAME", defaultValue = "id",
            description = "The table's id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--image-column", paramLabel = "NAME", defaultValue = "image",
            description = "The table's binary column of encoded images (default: "
                    + "${DEFAULT-VALUE}).")
    String imageColumn;

    @Option(names = "--keep", paramLabel = "COLUMN", split = ",",
            description = "Table columns copied to the output beside the id.")
    List<String> keep = List.of();

    @Option(names = "--task", paramLabel = "TASK",
            description = "classify, segment, detect, instances or features (default: the "
                    + "model's task; features needs a classifier).")
    String task;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5",
            description = "Classes per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "Detection and instances: the lowest score kept (default: the "
                    + "model's scoreThreshold).")
    Double threshold;

    @Option(names = "--level", paramLabel = "N", defaultValue = "4",
            description = "Features: the backbone stage, 1..4 = C2..C5 (default: "
                    + "${DEFAULT-VALUE}).")
    int level;

    @Option(names = "--no-pool", description = "Features: the whole map (channels x h x w, "
            + "with its shape) instead of its global average.")
    boolean noPool;

    @Option(names = "--no-masks", description = "Segmentation: class areas only, no mask "
            + "column.")
    boolean noMasks;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Repartition the input into N partitions first (default: as read).")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The output directory (must not exist unless --overwrite).")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "parquet or json (JSON lines; binary columns as base64); default "
                    + "${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--overwrite", description = "Replace an existing --out once the new output "
            + "is complete.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        JobOptions o = job.options(task == null ? null : SparkTask.parse(task), topK,
                threshold == null ? Double.NaN : threshold, keep).withFeatures(level, !noPool)
                .withMasks(!noMasks);
        OutputFormat f = OutputFormat.parse(format);
        if (!parquet && !keep.isEmpty()) {
            throw new IllegalArgumentException("--keep copies columns of a --parquet table");
        }
        SparkSession spark = session.session();
        Dataset<Row> images = parquet
                ? ImageInputs.parquet(spark, input, idColumn, imageColumn, keep)
                : ImageInputs.files(spark, input);
        if (partitions > 0) {
            images = images.repartition(partitions);
        }
        PredictSummary s = SparkPredict.run(spark, images, model, o, out, f, overwrite);
        spec.commandLine().getOut().print(s.toText());
        spec.commandLine().getOut().flush();
        return s.rows() > s.errors() ? 0 : 1; // 1: no image could be processed
    }
}
