package dev.hsresnet.vision.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.detection.AnnotationPolicy;
import dev.hsresnet.data.detection.CocoReader;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.vision.detection.eval.CocoGroundTruth;
import dev.hsresnet.vision.detection.eval.GroundTruth;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mask ground truth of a COCO instance file: objects' masks and crowds' own regions. */
class InstanceConversionsTest {

    @TempDir
    Path dir;

    @Test
    void objectsGetTheirMasksAndCrowdsTheirSegmentationOrElseTheirBox() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("images/a.png").toFile());
        Path json = Files.writeString(dir.resolve("instances.json"), """
                {"images": [{"id": 1, "file_name": "a.png", "width": 20, "height": 10}],
                 "categories": [{"id": 7, "name": "dog"}],
                 "annotations": [
                  {"id": 1, "image_id": 1, "category_id": 7, "bbox": [2, 3, 10, 5],
                   "segmentation": [[2, 3, 12, 3, 12, 8, 2, 8]]},
                  {"id": 2, "image_id": 1, "category_id": 7, "bbox": [10, 0, 10, 10],
                   "iscrowd": 1, "segmentation": {"size": [10, 20], "counts": [150, 50]}},
                  {"id": 3, "image_id": 1, "category_id": 7, "bbox": [0, 0, 4, 4], "iscrowd": 1}]}
                """);
        DetectionDataset ds = CocoReader.readInstances(json, dir.resolve("images"),
                AnnotationPolicy.STRICT);
        CocoGroundTruth truth = InstanceConversions.groundTruth(ds);
        List<GroundTruth> objects = truth.annotations(0);
        assertEquals(3, objects.size());
        assertFalse(objects.get(0).crowd());
        assertEquals(50, objects.get(0).area(), "the 10 x 5 polygon");
        assertEquals(1, objects.get(0).categoryId(), "class index 0 + 1");
        assertTrue(objects.get(1).crowd());
        assertEquals(50, objects.get(1).area(), "the crowd's runs (columns 15..19), not its"
                + " 100-pixel box");
        assertEquals(Rle.fromCounts(10, 20, 150, 50), objects.get(1).mask());
        assertEquals(Rle.fromBox(0, 0, 4, 4, 10, 20), objects.get(2).mask(),
                "a crowd without segmentation: its box");
    }
}
