package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The real raccoon and Penn-Fudan annotations from the shared archives, extracted to target/. */
class RealDetectionSetsTest {

    @Test
    void raccoonCountsAndSplits() throws IOException {
        Path root = TestData.raccoon();
        DetectionDataset all = DetectionSets.open("raccoon", root, "all");
        assertEquals(200, all.size());
        assertEquals(217, all.boxCount());
        assertEquals(List.of("raccoon"), all.classes());
        DetectionDataset train = DetectionSets.open("raccoon", root, "train");
        DetectionDataset test = DetectionSets.open("raccoon", root, "test");
        assertEquals(List.of(160, 173), List.of(train.size(), train.boxCount()));
        assertEquals(List.of(40, 44), List.of(test.size(), test.boxCount()));
        Set<Path> trainImages = images(train);
        Set<Path> testImages = images(test);
        assertTrue(trainImages.stream().noneMatch(testImages::contains), "train and test disjoint");
        DetectionDataset val = DetectionSets.open("raccoon", root, "val");
        DetectionDataset rest = DetectionSets.open("raccoon", root, "train-val");
        assertEquals(20, val.size());
        assertEquals(140, rest.size());
        Set<Path> union = images(val);
        union.addAll(images(rest));
        assertEquals(trainImages, union, "val and train-val partition train");
        assertEquals(train.image(7), val.image(0), "val = every 8th train image");

        DetectionDataset xml = DetectionSets.open("voc", root, "all");
        assertEquals(200, xml.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.annotations(i).image(), xml.annotations(i).image());
            assertEquals(new HashSet<>(all.annotations(i).boxes()),
                    new HashSet<>(xml.annotations(i).boxes()), "CSV and XML agree, " + all.image(i));
        }
        assertEquals(new AnnotationReport(200, 217, 0, 0, 0, List.of()), all.report());

        DetectionSample s = test.load(0);
        ImageAnnotations a = test.annotations(0);
        assertEquals(a.width(), s.width());
        assertEquals(a.height(), s.height());
        assertEquals(3, s.image().channels());
        assertEquals(root, DetectionSets.open("raccoon", root.getParent(), "test").image(0)
                .getParent().getParent(), "the extraction folder works as root too");
    }

    @Test
    void pennFudanCountsAndFixedSplit() throws IOException {
        Path root = TestData.pennFudan();
        DetectionDataset all = DetectionSets.open("pennfudan", root, "all");
        assertEquals(170, all.size());
        assertEquals(423, all.boxCount());
        assertEquals(0, all.report().clippedBoxes());
        DetectionDataset train = DetectionSets.open("pennfudan", root, "train");
        DetectionDataset test = DetectionSets.open("pennfudan", root, "test");
        assertEquals(120, train.size());
        assertEquals(50, test.size());
        assertEquals(423, train.boxCount() + test.boxCount());
        long fudan = images(test).stream()
                .filter(p -> p.getFileName().toString().startsWith("FudanPed")).count();
        assertEquals(25, fudan, "test holds 25 Fudan and 25 Penn images");
        assertEquals(all.image(0), test.image(0), "position 0 is in test");
        assertEquals(all.image(5), train.image(0), "positions 5..16 are train");
        assertEquals(20, DetectionSets.open("pennfudan", root, "val").size());
        assertEquals(100, DetectionSets.open("pennfudan", root, "train-val").size());
        for (int i = 0; i < all.size(); i++) {
            ImageAnnotations a = all.annotations(i);
            assertTrue(Files.isRegularFile(a.mask()), a.mask().toString());
            String stem = a.image().getFileName().toString().replace(".png", "");
            assertEquals(stem + "_mask.png", a.mask().getFileName().toString());
        }
        assertTrue(all.annotations(0).image().getFileName().toString().startsWith("FudanPed"));
        assertTrue(all.annotations(169).image().getFileName().toString().startsWith("PennPed"));
        DetectionSample s = all.load(0);
        assertEquals(all.annotations(0).width(), s.width());
        assertEquals(List.of(317, 106), List.of(train.boxCount(), test.boxCount()));
    }

    private static Set<Path> images(DetectionDataset d) {
        Set<Path> out = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(d.image(i));
        }
        return out;
    }
}
