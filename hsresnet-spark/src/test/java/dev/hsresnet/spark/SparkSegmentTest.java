package dev.hsresnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.TestData;
import dev.hsresnet.data.segmentation.ImageOnly;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.data.segmentation.SegmentationLoader;
import dev.hsresnet.deploy.segmentation.Segmenter;
import dev.hsresnet.train.segmentation.SegmentationEvaluator;
import dev.hsresnet.vision.segmentation.SegmentationLoss;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentation on Spark {@code local[2]} against the single-JVM {@link Segmenter} and {@code
 * eval}'s evaluator, on crops of CamVid test images (two sizes, so that batches are grouped by
 * shape) with their label masks.
 */
class SparkSegmentTest {

    @TempDir
    static Path tmp;

    static SegmentationDataset crops;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        Path camvid = TestData.camvid();
        List<Path> images = new ArrayList<>();
        List<Path> masks = new ArrayList<>();
        Files.createDirectories(tmp.resolve("images"));
        Files.createDirectories(tmp.resolve("masks"));
        try (Stream<Path> files = Files.list(camvid.resolve("test"))) {
            List<Path> some = files.sorted().limit(6).toList();
            for (int i = 0; i < some.size(); i++) {
                Path f = some.get(i);
                int w = i % 3 == 2 ? 96 : 128;
                int h = i % 3 == 2 ? 64 : 96;
                Path image = tmp.resolve("images").resolve("crop" + i + ".png");
                Path mask = tmp.resolve("masks").resolve("crop" + i + ".png");
                crop(f, image, 40 * i, 30 * i, w, h);
                String stem = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                crop(camvid.resolve("testannot").resolve(stem + ".png"), mask, 40 * i, 30 * i,
                        w, h);
                images.add(image);
                masks.add(mask);
            }
        }
        crops = SegmentationDataset.of(images, masks, SegmentationDataset.CAMVID_CLASSES,
                SegmentationDataset.CAMVID_IGNORE_INDEX);
        model = TestModels.segmenter(tmp.resolve("model"), SegmentationDataset.CAMVID_CLASSES);
    }

    private static void crop(Path from, Path to, int x, int y, int w, int h) throws IOException {
        BufferedImage src = ImageIO.read(from.toFile());
        BufferedImage part = src.getSubimage(x, y, w, h);
        BufferedImage copy = new BufferedImage(w, h, src.getType() == 0
                ? BufferedImage.TYPE_INT_RGB : src.getType());
        copy.getGraphics().drawImage(part, 0, 0, null);
        ImageIO.write(copy, "png", to.toFile());
    }

    @Test
    void masksEqualTheSegmentersAndMiouEqualsEvalOnTheSameCrops() throws IOException {
        SparkSession spark = TestSpark.session();
        var table = LabelledTables.segmentation(spark, crops).repartition(2);
        List<Row> rows = SparkPredict.predict(spark, ImageInputs.table(table, "crops", "id",
                "image", List.of()), model, JobOptions.DEFAULTS.withBatch(4)).output()
                .collectAsList();
        assertEquals(6, rows.size());
        try (Segmenter s = Segmenter.open(model)) {
            for (Row r : rows) {
                assertNull(r.get(1), r.getString(0));
                LabelMask spark1 = MaskDecoder.decode((byte[]) r.getAs("mask"), "row",
                        ImageGuard.DEFAULT);
                LabelMask single = s.segment(Path.of(r.getString(0))).mask();
                assertArrayEquals(single.labels(), spark1.labels(), r.getString(0));
                assertEquals(single.width(), r.<Integer>getAs("width"));
            }
        }

        SparkEval.SegmentResult distributed = SparkEval.segment(spark, table, model,
                JobOptions.DEFAULTS.withBatch(4), SegmentationDataset.CAMVID_IGNORE_INDEX);
        assertEquals(0, distributed.errors());
        SegmentationMetrics.Summary single;
        try (NetworkModel loaded = ModelDir.loadAny(model, LoadOptions.DEFAULT)) {
            SegmentationModel m = (SegmentationModel) loaded;
            m.block().prepareForInference();
            SegmentationLoader loader = new SegmentationLoader(crops, new ImageOnly(
                    PreprocessingTransforms.normalize(m.config().preprocessing())), 1, false,
                    false, 0, 1, 2, new SkippedImages());
            single = SegmentationEvaluator.evaluate(m, loader, new SegmentationLoss(
                    crops.numClasses(), crops.ignoreIndex(), null), crops.classes(),
                    crops.ignoreIndex()).metrics();
        }
        assertEquals(single.meanIou(), distributed.metrics().meanIou(), 1e-12);
        assertEquals(single.pixelAccuracy(), distributed.metrics().pixelAccuracy(), 1e-12);
        assertEquals(single.classIou(), distributed.metrics().classIou());
    }
}
