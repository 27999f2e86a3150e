package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading checks the decoded size; views and the report. */
class DetectionDatasetTest {

    @TempDir
    Path dir;

    private ImageAnnotations annotated(String name, int w, int h, int declaredW)
            throws IOException {
        Path img = DetectionFixtures.image(dir.resolve(name), w, h);
        return new ImageAnnotations(img, declaredW, h, List.of(new BoxAnnotation(0, 1, 1, 3, 3)),
                List.of(new BoxAnnotation(0, 0, 0, 2, 2)), dir.resolve("a.json"), null);
    }

    @Test
    void loadDecodesThreeChannelsAndRefusesASizeMismatch() throws IOException {
        DetectionDataset ds = DetectionDataset.of("t", List.of(annotated("a.png", 8, 6, 8),
                annotated("b.png", 8, 6, 9)), List.of("x"));
        DetectionSample s = ds.load(0);
        assertEquals(3, s.image().channels());
        assertEquals(List.of(new BoxAnnotation(0, 1, 1, 3, 3)), s.boxes(), "ignored boxes stay out");
        IOException e = assertThrows(IOException.class, () -> ds.load(1));
        assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("declares 9x6"),
                e.getMessage());
    }

    @Test
    void subsetsKeepClassesAndCountTheirOwnImages() throws IOException {
        DetectionDataset ds = DetectionDataset.of("t", List.of(annotated("a.png", 8, 6, 8),
                annotated("b.png", 8, 6, 8), annotated("c.png", 4, 4, 4)), List.of("x"));
        DetectionDataset sub = ds.subset("t sub", new int[] {2, 0});
        assertEquals(2, sub.size());
        assertEquals(dir.resolve("c.png"), sub.image(0));
        assertEquals(List.of("x"), sub.classes());
        assertEquals(new AnnotationReport(2, 2, 2, 0, 0, List.of()), sub.report());
        assertThrows(IllegalArgumentException.class, () -> ds.subset("bad", new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> ds.subset("bad", new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> DetectionDataset.of("t", List.of(
                annotated("a.png", 8, 6, 8), annotated("a.png", 8, 6, 8)), List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> DetectionDataset.of("t", List.of(
                annotated("a.png", 8, 6, 8)), List.of()));
        assertEquals("t sub", sub.name());
    }
}
