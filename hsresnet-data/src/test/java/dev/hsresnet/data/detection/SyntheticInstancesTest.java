package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.SyntheticInstances;
import dev.hsresnet.data.mask.InstanceMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test fixture writer reads back as kind {@code pennfudan-instances}. */
class SyntheticInstancesTest {

    @TempDir
    Path dir;

    @Test
    void theWrittenSetOpensWithItsShapesAsMasksAndTheirBoundsAsBoxes() throws IOException {
        List<List<SyntheticInstances.Shape>> shapes = SyntheticInstances.write(dir, 17, 40, 48,
                2, true, 3);
        DetectionDataset all = DetectionSets.open("pennfudan-instances", dir, "all");
        assertEquals(17, all.size());
        assertEquals(List.of(5, 2, 10), List.of(
                DetectionSets.open("pennfudan-instances", dir, "test").size(),
                DetectionSets.open("pennfudan-instances", dir, "val").size(),
                DetectionSets.open("pennfudan-instances", dir, "train-val").size()));
        for (int i = 0; i < all.size(); i++) {
            List<InstanceMask> masks = all.masks(i);
            assertEquals(shapes.get(i).size(), masks.size());
            for (int k = 0; k < masks.size(); k++) {
                SyntheticInstances.Shape s = shapes.get(i).get(k);
                InstanceMask m = masks.get(k);
                int area = 0;
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 48; x++) {
                        assertEquals(s.contains(x, y), m.get(y, x), "image " + i);
                        area += s.contains(x, y) ? 1 : 0;
                    }
                }
                assertTrue(area > 0 && area < s.w() * s.h(), "an ellipse, not its rectangle");
                BoxAnnotation b = all.annotations(i).boxes().get(k);
                assertArrayEquals(m.bounds(), new int[] {(int) b.x1(), (int) b.y1(),
                    (int) b.x2(), (int) b.y2()});
            }
        }
    }
}
