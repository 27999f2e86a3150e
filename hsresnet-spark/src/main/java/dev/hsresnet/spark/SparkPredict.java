package dev.hsresnet.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference on Spark, for every task: classification, segmentation, detection, instance
 * segmentation and feature extraction.
 *
 * <p>The model is shipped to the executors once ({@link ShippedModel}) and loaded once per
 * executor JVM ({@link ExecutorModels}); each partition runs its images in batches ({@link
 * BatchingIterator}). An image that cannot be decoded or run gets a row whose {@code error} says
 * why; it never fails the job.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessions.local("local[*]");
 * Dataset<Row> images = ImageInputs.files(spark, "photos/");
 * PredictSummary s = SparkPredict.run(spark, images, Path.of("runs/a/best"),
 *         JobOptions.DEFAULTS, "out/predictions", OutputFormat.PARQUET, false);
 * }</pre>
 */
public final class SparkPredict {

    /**
     * A job not yet run.
     *
     * @param output the lazy output table ({@link ResultSchema}): {@code id}, {@code error}, the
     *     kept columns, the task's result columns
     * @param options the options, task resolved
     * @param counters what the executors report while it runs
     */
    public record Job(Dataset<Row> output, JobOptions options, JobCounters counters) {}

    private SparkPredict() {}

    /**
     * Plans the job; nothing runs until the output is written or collected.
     *
     * @param spark the session
     * @param inputs {@code (id string, image binary, options.keep()...)}, e.g. from {@link
     *     ImageInputs}
     * @param model a model directory, or an exported {@code .onnx} file (backend onnx)
     * @param options how to run it; a null task means the model's own
     * @return the job
     * @throws IOException naming the file when the model cannot be read
     * @throws IllegalArgumentException when the task does not fit the model
     */
    public static Job predict(SparkSession spark, Dataset<Row> inputs, Path model,
            JobOptions options) throws IOException {
        JobOptions o = options.withTask(ModelTasks.resolve(model, options.task()));
        if (o.task() == SparkTask.FEATURES && o.backend() != dev.hsresnet.deploy.BackendKind.DJL) {
            throw new IllegalArgumentException("feature extraction runs on djl only, not "
                    + o.backend().id());
        }
        StructType schema = ResultSchema.of(inputs.schema(), o);
        ShippedModel shipped = ShippedModel.ship(spark, model);
        JobCounters counters = JobCounters.register(spark);
        Dataset<Row> out = inputs.mapPartitions(new PartitionPredict(shipped, o,
                ResultSchema.results(o).size(), counters), Encoders.row(schema));
        return new Job(out, o, counters);
    }

    /**
     * Runs a job and writes its output atomically ({@link OutputFiles}): into a temporary
     * directory beside {@code out}, renamed to {@code out} once complete, with {@code
     * _summary.json} inside. A task that fails and is retried does not duplicate rows (Spark's
     * commit protocol keeps one attempt's files per task).
     *
     * @param spark the session
     * @param inputs as {@link #predict}
     * @param model as {@link #predict}
     * @param options as {@link #predict}
     * @param out the output directory (any Hadoop path); must not exist unless {@code overwrite}
     * @param format Parquet or JSON lines
     * @param overwrite replace an existing {@code out} once the new output is complete
     * @return the summary
     * @throws IOException when the model cannot be read or the output cannot be written
     */
    public static PredictSummary run(SparkSession spark, Dataset<Row> inputs, Path model,
            JobOptions options, String out, OutputFormat format, boolean overwrite)
            throws IOException {
        OutputFiles files = OutputFiles.of(spark, out, overwrite);
        long start = System.nanoTime();
        Job job = predict(spark, inputs, model, options);
        PredictSummary[] summary = new PredictSummary[1];
        files.writeAtomically(tmp -> {
            format.write(job.output(), tmp);
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset<Row> written = format.read(spark, tmp, job.output().schema());
            Row counts = written.agg(functions.count(functions.lit(1)),
                    functions.count(functions.col("error"))).first(); // one pass: rows, errors
            long rows = counts.getLong(0);
            long errors = counts.getLong(1);
            List<String> firstErrors = errors == 0 ? List.of() : written
                    .filter(functions.col("error").isNotNull()).select("id", "error")
                    .limit(PredictSummary.ERRORS_SHOWN).collectAsList().stream()
                    .map(r -> r.getString(0) + ": " + r.getString(1)).toList();
            summary[0] = new PredictSummary(job.options().task().id(),
                    job.options().backend().id(), model.toString(), out, format.id(), rows,
                    errors, firstErrors, job.counters().loads().value(),
                    job.counters().loadMillis().value(), job.counters().batches().value(),
                    seconds, seconds > 0 ? rows / seconds : 0, spark.sparkContext().master(),
                    spark.sparkContext().defaultParallelism());
            files.writeText(tmp + "/" + PredictSummary.FILE, summary[0].toJson());
        });
        return summary[0];
    }
}
