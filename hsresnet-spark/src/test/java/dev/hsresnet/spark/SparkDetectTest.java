package dev.hsresnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.data.TestData;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.train.detection.DetectionEvaluator;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import java.io.IOException;
import java.nio.file.Path;
import dev.hsresnet.data.detection.BoxAnnotation;
import dev.hsresnet.data.detection.ImageAnnotations;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection on Spark {@code local[2]} against the single-JVM {@link Detector} and {@code eval}'s
 * COCO evaluation, on 6 raccoon photos.
 */
class SparkDetectTest {

    @TempDir
    static Path tmp;

    static DetectionDataset photos;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        DetectionDataset all = DetectionSets.open("raccoon", TestData.raccoon(), "test");
        DetectionDataset six = all.subset("six", IntStream.range(0, 6).toArray());
        model = TestModels.detector(tmp.resolve("model"), six.classes());
        // the untrained detector finds no raccoon; for AP to have something to measure, each
        // photo's truth is the single-JVM detector's best box, beside the photo's first raccoon
        List<ImageAnnotations> found = new ArrayList<>();
        try (Detector d = Detector.open(model)) {
            for (int i = 0; i < six.size(); i++) {
                ImageAnnotations a = six.annotations(i);
                DetectedBox best = d.detect(d.decode(a.image()), 0.3).boxes().get(0);
                found.add(new ImageAnnotations(a.image(), a.width(), a.height(), List.of(
                        new BoxAnnotation(0, best.x1(), best.y1(), best.x2(), best.y2()),
                        a.boxes().get(0)), List.of(), a.annotationFile(), null));
            }
        }
        photos = DetectionDataset.of("six, best boxes", found, six.classes());
    }

    @Test
    void boxesEqualTheDetectorsAndApEqualsEvalOnTheSamePhotos() throws IOException {
        SparkSession spark = TestSpark.session();
        var table = LabelledTables.detection(spark, photos).repartition(2);
        List<Row> rows = SparkPredict.predict(spark, ImageInputs.table(table, "raccoon", "id",
                "image", List.of()), model, JobOptions.DEFAULTS.withBatch(1)
                .withThreshold(0.3)).output().collectAsList();
        assertEquals(6, rows.size());
        int boxes = 0;
        try (Detector d = Detector.open(model)) {
            for (Row r : rows) {
                assertNull(r.get(1), r.getString(0));
                DetectionResult want = d.detect(d.decode(Path.of(r.getString(0))), 0.3);
                List<Object> got = SparkValues.list(r.getAs("boxes"));
                assertEquals(want.boxes().size(), got.size(), r.getString(0));
                for (int i = 0; i < got.size(); i++) {
                    Row b = (Row) got.get(i);
                    DetectedBox w = want.boxes().get(i);
                    assertEquals(w.score(), b.<Float>getAs("score"), 1e-5f);
                    assertEquals(w.x1(), b.<Float>getAs("x1"), 1e-3f);
                    assertEquals(w.y2(), b.<Float>getAs("y2"), 1e-3f);
                    assertEquals("raccoon", b.getAs("label"));
                }
                boxes += got.size();
            }
        }
        assertTrue(boxes > 0, "the raised prior gives boxes to compare");

        SparkEval.DetectResult distributed = SparkEval.detect(spark, table, model,
                JobOptions.DEFAULTS.withBatch(1));
        assertEquals(6, distributed.images());
        CocoSummary single;
        try (NetworkModel loaded = ModelDir.loadAny(model, LoadOptions.DEFAULT)) {
            DetectionModel m = (DetectionModel) loaded;
            single = DetectionEvaluator.evaluate(m, TestModels.evalLoader(m, photos)).summary();
        }
        CocoSummary spark1 = distributed.box().summary();
        assertTrue(single.ap50() > 0.2, "some precision to compare: " + single.ap50());
        assertEquals(single.ap(), spark1.ap(), 1e-4);
        assertEquals(single.ap50(), spark1.ap50(), 1e-4);
        assertEquals(single.ar100(), spark1.ar100(), 1e-4);
    }
}
