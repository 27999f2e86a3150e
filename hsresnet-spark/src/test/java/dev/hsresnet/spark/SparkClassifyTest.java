package dev.hsresnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.TestData;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classification on Spark {@code local[2]} against the single-JVM {@link Classifier} on 40 images
 * of the CIFAR-10 slice (4 per class) and two broken files.
 */
class SparkClassifyTest {

    @TempDir
    static Path tmp;

    static Path images;
    static Path model;
    static List<String> classes;

    @BeforeAll
    static void setUp() throws IOException {
        Path slice = TestData.cifarSlice();
        images = tmp.resolve("images");
        try (Stream<Path> dirs = Files.list(slice)) {
            classes = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .sorted().toList();
        }
        for (String c : classes) {
            Files.createDirectories(images.resolve(c));
            try (Stream<Path> files = Files.list(slice.resolve(c))) {
                for (Path f : files.sorted().limit(4).toList()) {
                    Files.copy(f, images.resolve(c).resolve(f.getFileName()));
                }
            }
        }
        model = TestModels.classifier(tmp.resolve("model"), classes);
    }

    /** The images plus a file that is not an image and an empty one. */
    private static Path withBrokenFiles() throws IOException {
        Path dir = tmp.resolve("with-broken");
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            try (Stream<Path> all = Files.walk(images)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getParent().getFileName() + "-"
                            + f.getFileName()));
                }
            }
            Files.writeString(dir.resolve("broken.jpg"), "not a JPEG at all");
            // a PNG cut after its signature (Spark's file source skips empty files)
            Files.write(dir.resolve("empty.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r',
                '\n', 0x1a, '\n', 0, 0, 0, 13});
        }
        return dir;
    }

    @Test
    void resultsEqualTheClassifiersAndBrokenImagesGetErrorRows() throws IOException {
        SparkSession spark = TestSpark.session();
        Path dir = withBrokenFiles();
        Dataset<Row> inputs = ImageInputs.files(spark, dir.toString()).repartition(3);
        String out = tmp.resolve("out").toString();
        PredictSummary s = SparkPredict.run(spark, inputs, model, JobOptions.DEFAULTS
                .withTopK(3), out, OutputFormat.PARQUET, false);
        assertEquals(42, s.rows());
        assertEquals(2, s.errors());
        assertEquals("classify", s.task());
        assertTrue(s.modelLoads() <= 1, "one executor JVM loads the model once, not per "
                + "partition: " + s.modelLoads());
        assertTrue(Files.isRegularFile(Path.of(out, PredictSummary.FILE)));

        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertEquals(42, rows.size());
        Map<String, Row> byName = new HashMap<>();
        for (Row r : rows) {
            byName.put(Path.of(java.net.URI.create(r.getString(0))).getFileName().toString(), r);
        }
        assertTrue(byName.get("broken.jpg").getString(1).contains("broken.jpg"),
                byName.get("broken.jpg").getString(1));
        assertTrue(byName.get("empty.png").getString(1) != null);
        assertNull(byName.get("empty.png").get(2), "no result on an error row");
        try (Classifier c = Classifier.open(model)) {
            int checked = 0;
            for (Map.Entry<String, Row> e : byName.entrySet()) {
                if (e.getValue().getString(1) != null) {
                    continue;
                }
                List<Prediction> want = c.classify(dir.resolve(e.getKey()), 3);
                List<Object> labels = SparkValues.list(e.getValue().getAs("labels"));
                List<Object> probs = SparkValues.list(e.getValue().getAs("probabilities"));
                for (int k = 0; k < 3; k++) {
                    assertEquals(want.get(k).label(), labels.get(k), e.getKey());
                    assertEquals(want.get(k).probability(), (Double) probs.get(k), 1e-5,
                            e.getKey());
                }
                checked++;
            }
            assertEquals(40, checked);
        }
        IOException again = assertThrows(IOException.class, () -> SparkPredict.run(spark,
                inputs, model, JobOptions.DEFAULTS, out, OutputFormat.PARQUET, false));
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithoutDuplicatingRows() throws IOException {
        SparkSession spark = TestSpark.session();
        Dataset<Row> inputs = ImageInputs.files(spark, images.toString()).repartition(4)
                .mapPartitions(new FailFirstAttempt(), org.apache.spark.sql.Encoders.row(
                        ImageInputs.files(spark, images.toString()).schema()));
        String out = tmp.resolve("retried").toString();
        PredictSummary s = SparkPredict.run(spark, inputs, model, JobOptions.DEFAULTS, out,
                OutputFormat.JSON, false);
        assertEquals(40, s.rows());
        assertEquals(0, s.errors());
        Dataset<Row> written = spark.read().json(out);
        assertEquals(40, written.count());
        assertEquals(40, written.select("id").distinct().count(), "every image once");
    }

    @Test
    void distributedAccuracyEqualsTheClassifiersOnTheSameImages() throws IOException {
        SparkSession spark = TestSpark.session();
        Dataset<Row> table = LabelledTables.classification(spark, images).repartition(3);
        SparkEval.ClassifyResult r = SparkEval.classify(spark, table, model, JobOptions.DEFAULTS);
        assertEquals(40, r.images());
        assertEquals(0, r.errors());
        long correct = 0;
        long top5 = 0;
        try (Classifier c = Classifier.open(model)) {
            for (String name : classes) {
                try (Stream<Path> files = Files.list(images.resolve(name))) {
                    for (Path f : files.toList()) {
                        List<Prediction> p = c.classify(f, 5);
                        correct += p.get(0).label().equals(name) ? 1 : 0;
                        top5 += p.stream().anyMatch(x -> x.label().equals(name)) ? 1 : 0;
                    }
                }
            }
        }
        assertEquals(correct / 40.0, r.top1(), 1e-12);
        assertEquals(top5 / 40.0, r.top5(), 1e-12);
        assertEquals(correct, r.confusion().correct());
    }

    @Test
    void pooledC5FeaturesHaveTheBackbonesWidth() throws IOException {
        SparkSession spark = TestSpark.session();
        Dataset<Row> inputs = ImageInputs.files(spark, images.resolve(classes.get(0)).toString());
        SparkPredict.Job job = SparkPredict.predict(spark, inputs, model,
                JobOptions.DEFAULTS.withTask(SparkTask.FEATURES));
        List<Row> rows = job.output().collectAsList();
        assertEquals(4, rows.size());
        for (Row r : rows) {
            assertNull(r.get(1));
            List<Object> f = SparkValues.list(r.getAs("features"));
            assertTrue(f.size() >= 128, "C5 of hs_resnet26_nano: " + f.size());
            assertTrue(f.stream().allMatch(v -> Float.isFinite((Float) v)));
        }
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> SparkPredict.predict(spark, inputs, model,
                        JobOptions.DEFAULTS.withTask(SparkTask.SEGMENT)));
        assertTrue(wrong.getMessage().contains("classify"), wrong.getMessage());
    }
}
