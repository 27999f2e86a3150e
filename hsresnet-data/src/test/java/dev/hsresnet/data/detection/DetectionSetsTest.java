package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.SyntheticDetection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic set in all three formats reads back the same; kinds and splits by name. */
class DetectionSetsTest {

    @TempDir
    Path dir;

    @Test
    void everyFormatOfTheSyntheticSetReadsTheSameBoxes() throws IOException {
        List<List<SyntheticDetection.Rect>> rects = SyntheticDetection.rects(9, 24, 32, 5);
        for (SyntheticDetection.Format f : SyntheticDetection.Format.values()) {
            Path root = SyntheticDetection.write(dir.resolve(f.name()), f, 9, 24, 32, 5);
            String kind = f.name().toLowerCase(java.util.Locale.ROOT);
            DetectionDataset all = DetectionSets.open(kind, root, "all");
            assertEquals(List.of(SyntheticDetection.CLASSES), all.classes(), kind);
            assertEquals(9, all.size(), kind);
            for (int i = 0; i < 9; i++) {
                List<BoxAnnotation> boxes = all.annotations(i).boxes();
                assertEquals(rects.get(i).size(), boxes.size(), kind + " image " + i);
                for (int k = 0; k < boxes.size(); k++) {
                    SyntheticDetection.Rect r = rects.get(i).get(k);
                    assertEquals(new BoxAnnotation(r.cls(), r.x(), r.y(), r.x() + r.w(),
                            r.y() + r.h()), boxes.get(k), kind + " image " + i + " box " + k);
                }
            }
            DetectionDataset test = DetectionSets.open(kind, root, "test");
            assertEquals(2, test.size(), kind + ": images 3 and 7");
            assertEquals(all.image(3), test.image(0));
            assertEquals(7, DetectionSets.open(kind, root, "train").size());
            DetectionSample s = all.load(4);
            assertEquals(24, s.height());
            assertEquals(32, s.width());
        }
    }

    @Test
    void unknownKindsSplitsAndFilesAreNamed() throws IOException {
        Path root = SyntheticDetection.write(dir.resolve("csv"), SyntheticDetection.Format.CSV, 4,
                16, 16, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectionSets.open("yolo", root, "all"));
        assertTrue(e.getMessage().contains("yolo") && e.getMessage().contains("raccoon"));
        e = assertThrows(IllegalArgumentException.class, () -> DetectionSets.open("csv", root, "val"));
        assertTrue(e.getMessage().contains("val.csv") && e.getMessage().contains("train.csv"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DetectionSets.open("raccoon", root, "dev"));
        assertTrue(e.getMessage().contains("raccoon split \"dev\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DetectionSets.open("coco", root, "train"));
        assertTrue(e.getMessage().contains("instances_train.json"), e.getMessage());
        Files.delete(root.resolve("classes.txt"));
        assertEquals(List.of(SyntheticDetection.CLASSES).stream().sorted().toList(),
                DetectionSets.open("csv", root, "test").classes(),
                "without classes.txt: the names of every CSV of the folder");
    }
}
