package dev.hsresnet.spark.cli;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.ImageFiles;
import dev.hsresnet.deploy.Inputs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.spark.ImageInputs;
import dev.hsresnet.spark.JobOptions;
import dev.hsresnet.spark.OutputFormat;
import dev.hsresnet.spark.PredictSummary;
import dev.hsresnet.spark.SparkPredict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsresnet spark bench}: classification throughput of one configuration, as one line per
 * run. {@code --mode single} times the single-JVM path ({@link Classifier}: read, decode,
 * preprocess, forward in batches, no output written); {@code --mode spark} times {@link
 * SparkPredict#run} on the session's master (read, decode, forward, Parquet written), the first
 * run with the model's shipping and loading, the later ones with the executor's cached model.
 * bench/spark.sh runs each configuration in a fresh JVM.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time classification of a folder of images: single JVM, or Spark on "
                + "--master (run it once per configuration in a fresh JVM; bench/spark.sh).")
public final class SparkBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A classifier.")
    Path model;

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "A folder of images.")
    Path images;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "spark",
            description = "single or spark (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/spark-bench",
            description = "Where Spark runs write their output (default: ${DEFAULT-VALUE}).")
    Path work;

    @Override
    public Integer call() throws IOException {
        if (mode.equals("single")) {
            single();
        } else if (mode.equals("spark")) {
            spark();
        } else {
            throw new IllegalArgumentException("--mode must be single or spark, got '" + mode
                    + "'");
        }
        return 0;
    }

    /** The single-JVM path, as {@code hsresnet predict} classifies: decode, batch, forward. */
    private void single() throws IOException {
        List<Path> files = ImageFiles.expand(List.of(images), (p, why) -> { });
        long t0 = System.nanoTime();
        try (Classifier c = Classifier.open(model, BackendKind.DJL)) {
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            for (int run = 1; run <= runs; run++) {
                long start = System.nanoTime();
                for (int i = 0; i < files.size(); i += batch) {
                    List<Path> part = files.subList(i, Math.min(files.size(), i + batch));
                    float[][] one = new float[part.size()][];
                    for (int k = 0; k < part.size(); k++) {
                        one[k] = c.preprocess(c.decode(part.get(k)));
                    }
                    c.predict(Inputs.flatten(one), part.size(), 5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                print(line("single", run, files.size(), seconds).put("loadMs", loadMs)
                        .put("threads", System.getProperty("ai.djl.pytorch.num_threads",
                                "default")));
            }
        }
    }

    /** Spark jobs on the session's master, writing Parquet. */
    private void spark() throws IOException {
        SparkSession spark = session.session();
        Files.createDirectories(work);
        for (int run = 1; run <= runs; run++) {
            PredictSummary s = SparkPredict.run(spark, ImageInputs.files(spark,
                    images.toString()), model, JobOptions.DEFAULTS.withBatch(batch),
                    work.resolve("out").toString(), OutputFormat.PARQUET, true);
            print(line("spark", run, s.rows(), s.seconds()).put("master", s.master())
                    .put("modelLoads", s.modelLoads()).put("loadMs", s.loadMillis())
                    .put("forwardPasses", s.forwardPasses()));
        }
    }

    private static ObjectNode line(String mode, int run, long images, double seconds) {
        return SpecJson.mapper().createObjectNode().put("mode", mode).put("run", run)
                .put("images", images).put("seconds", seconds)
                .put("imagesPerSecond", seconds > 0 ? images / seconds : 0);
    }

    private void print(ObjectNode line) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        w.println(SpecJson.mapper().writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(line)); // one line per run
        w.flush();
    }
}
