package dev.hsresnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.data.TestData;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.deploy.instance.InstanceJson;
import dev.hsresnet.deploy.instance.InstanceResult;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.train.instance.InstanceEvaluator;
import dev.hsresnet.vision.instance.InstanceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instance segmentation on Spark {@code local[2]} against the single-JVM {@link
 * InstanceSegmenter} and {@code eval}'s COCO mask and box evaluation, on 4 Penn-Fudan photos.
 */
class SparkInstancesTest {

    @TempDir
    static Path tmp;

    static DetectionDataset photos;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        photos = DetectionSets.open("pennfudan-instances", TestData.pennFudan(), "test")
                .subset("four", IntStream.range(0, 4).toArray());
        model = TestModels.instanceSegmenter(tmp.resolve("model"), photos.classes());
    }

    @Test
    void masksEqualTheSegmentersAndMaskApEqualsEvalOnTheSamePhotos() throws IOException {
        SparkSession spark = TestSpark.session();
        var table = LabelledTables.detection(spark, photos).repartition(2);
        List<Row> rows = SparkPredict.predict(spark, ImageInputs.table(table, "pennfudan", "id",
                "image", List.of()), model, JobOptions.DEFAULTS.withBatch(2)
                .withThreshold(0.3)).output().collectAsList();
        assertEquals(4, rows.size());
        int masks = 0;
        try (InstanceSegmenter s = InstanceSegmenter.open(model)) {
            for (Row r : rows) {
                assertNull(r.get(1), r.getString(0));
                InstanceResult want = s.segment(Path.of(r.getString(0)), 0.3);
                List<Object> got = SparkValues.list(r.getAs("boxes"));
                assertEquals(want.count(), got.size(), r.getString(0));
                for (int i = 0; i < got.size(); i++) {
                    Row b = (Row) got.get(i);
                    assertEquals(InstanceJson.rle(want.instances().get(i).mask()).toCocoString(),
                            b.getAs("rle"), r.getString(0) + " instance " + i);
                }
                masks += got.size();
            }
        }
        assertTrue(masks > 0, "the raised prior gives masks to compare");

        SparkEval.DetectResult distributed = SparkEval.detect(spark, table, model,
                JobOptions.DEFAULTS.withBatch(1));
        InstanceEvaluator.Result single;
        try (NetworkModel loaded = ModelDir.loadAny(model, LoadOptions.DEFAULT)) {
            InstanceModel m = (InstanceModel) loaded;
            single = InstanceEvaluator.evaluate(m, TestModels.evalLoader(m, photos));
        }
        assertArrayEquals(single.mask().summary().toArray(),
                distributed.mask().summary().toArray(), 1e-4);
        assertArrayEquals(single.box().summary().toArray(),
                distributed.box().summary().toArray(), 1e-4);
    }
}
