package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.TestData;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The real Penn-Fudan masks from the shared archive, extracted under target/. */
class PennFudanInstancesTest {

    @Test
    void everyPedestrianHasItsMaskAndTheMaskAgreesWithTheBox() throws IOException {
        Path root = TestData.pennFudan();
        DetectionDataset all = DetectionSets.open("pennfudan-instances", root, "all");
        assertTrue(all.hasInstanceMasks());
        assertEquals(170, all.size());
        assertEquals(423, all.boxCount());
        assertEquals(new AnnotationReport(170, 423, 0, 0, 0, List.of()), all.report(),
                "no mask problem: every value 1..N has pixels and a box, and no other value");
        int exact = 0;
        int within2 = 0;
        int worst = 0;
        int smallest = Integer.MAX_VALUE;
        List<String> far = new ArrayList<>();
        Map<String, Integer> narrower = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            ImageAnnotations a = all.annotations(i);
            List<InstanceMask> masks = InstanceIdMasks.read(a, ImageGuard.DEFAULT); // as load()
            assertEquals(a.boxes().size(), masks.size());
            LabelMask ids = MaskDecoder.decode(a.mask());
            int[] histogram = new int[256];
            for (int v : ids.labels()) {
                histogram[v]++;
            }
            int objects = 0;
            for (int k = 0; k < masks.size(); k++) {
                InstanceMask m = masks.get(k);
                assertEquals(k + 1, a.maskValues().get(k), "object k is value k");
                assertEquals(histogram[k + 1], m.area(), a.mask() + " value " + (k + 1));
                objects += m.area();
                smallest = Math.min(smallest, m.area());
                int[] e = m.bounds();
                assertNotNull(e);
                BoxAnnotation b = a.boxes().get(k);
                float[] box = {b.x1(), b.y1(), b.x2(), b.y2()};
                int d = 0;
                for (int j = 0; j < 4; j++) {
                    d = Math.max(d, (int) Math.abs(e[j] - box[j]));
                }
                exact += d == 0 ? 1 : 0;
                within2 += d <= 2 ? 1 : 0;
                worst = Math.max(worst, d);
                if (d > 2) {
                    String stem = a.image().getFileName().toString().replace(".png", "");
                    far.add(stem + " object " + (k + 1));
                    narrower.put(stem, (int) b.x2() - e[2]);
                }
            }
            assertEquals(ids.size() - histogram[0], objects, a.mask() + ": every id pixel is"
                    + " in exactly one mask");
        }
        assertEquals(407, exact, "mask's tight box = annotated box");
        assertEquals(421, within2);
        assertEquals(6, worst);
        assertEquals(List.of("PennPed00019 object 6", "PennPed00027 object 1"), far);
        assertEquals(Map.of("PennPed00019", 3, "PennPed00027", 6), narrower,
                "the annotated box is wider on the right than the mask");
        assertEquals(77, smallest, "the smallest pedestrian, in pixels");
    }

    @Test
    void theSplitsAreTheDetectionSplits() {
        Path root = TestData.pennFudan();
        for (String split : DetectionSets.FIXED_SPLITS) {
            DetectionDataset boxes = DetectionSets.open("pennfudan", root, split);
            DetectionDataset masks = DetectionSets.open("pennfudan-instances", root, split);
            assertEquals("pennfudan-instances " + split, masks.name());
            assertEquals(boxes.size(), masks.size(), split);
            for (int i = 0; i < boxes.size(); i++) {
                assertEquals(boxes.annotations(i).image(), masks.annotations(i).image(), split);
                assertEquals(boxes.annotations(i).boxes(), masks.annotations(i).boxes(), split);
            }
        }
    }

    @Test
    void batchesOfTheValSplitCarryMaskTargetsInsideTheirBoxes() {
        Path root = TestData.pennFudan();
        DetectionDataset val = DetectionSets.open("pennfudan-instances", root, "val");
        DetectionLoader loader = new DetectionLoader(val, DetectionTransforms.eval(256, 512,
                Normalize.imagenet()), 4, false, false, 0, 2, 1, 32, 8, new SkippedImages());
        int boxes = 0;
        try (DetectionLoader.Epoch it = loader.epoch(0, 0)) {
            while (it.hasNext()) {
                DetectionBatch b = it.next();
                BatchMasks m = b.masks();
                assertEquals(8, m.stride());
                assertEquals(b.h() / 8, m.height());
                assertEquals(b.w() / 8, m.width());
                for (int i = 0; i < b.n(); i++) {
                    for (int j = 0; j < b.boxCount(i); j++) {
                        boxes++;
                        float[] box = java.util.Arrays.copyOfRange(b.boxes()[i], 4 * j, 4 * j + 4);
                        double inside = 0;
                        double total = 0;
                        for (int y = 0; y < m.height(); y++) {
                            for (int x = 0; x < m.width(); x++) {
                                float v = m.get(i, j, y, x);
                                total += v;
                                // the cell overlaps the box, widened by the 6 px seen above
                                if ((x + 1) * 8 > box[0] - 6 && x * 8 < box[2] + 6
                                        && (y + 1) * 8 > box[1] - 6 && y * 8 < box[3] + 6) {
                                    inside += v;
                                }
                            }
                        }
                        assertTrue(total > 0, "image " + b.indices()[i] + " box " + j);
                        assertEquals(total, inside, 1e-9, "image " + b.indices()[i] + " box " + j
                                + ": no mask mass outside its box");
                    }
                }
            }
        }
        assertEquals(val.boxCount(), boxes);
    }
}
