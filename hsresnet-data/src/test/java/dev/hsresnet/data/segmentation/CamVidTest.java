package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The real CamVid files (SegNet copy) from the shared data, extracted under target/. */
class CamVidTest {

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    @Test
    void splitsHaveTheirPairsSortedAndPaired() {
        Path root = TestData.camvid();
        int[] expected = {367, 101, 233};
        String[] splits = {"train", "val", "test"};
        for (int s = 0; s < 3; s++) {
            SegmentationDataset ds = SegmentationDataset.camvid(root, splits[s]);
            assertEquals(expected[s], ds.size(), splits[s]);
            assertEquals(11, ds.numClasses());
            assertEquals(11, ds.ignoreIndex());
            for (int i = 0; i < ds.size(); i++) {
                assertEquals(stem(ds.image(i)), stem(ds.mask(i)));
                if (i > 0) {
                    assertTrue(ds.image(i - 1).getFileName().toString()
                            .compareTo(ds.image(i).getFileName().toString()) < 0);
                }
            }
        }
    }

    @Test
    void loadedSampleIs360x480WithLabelsUpToVoid() throws IOException {
        SegmentationDataset ds = SegmentationDataset.camvid(TestData.camvid(), "train");
        SegmentationSample s = ds.load(0);
        assertEquals(3, s.image().channels());
        assertEquals(360, s.height());
        assertEquals(480, s.width());
        int max = 0;
        boolean[] seen = new boolean[12];
        for (int v : s.mask().labels()) {
            assertTrue(v >= 0 && v <= 11, "label " + v);
            seen[v] = true;
            max = Math.max(max, v);
        }
        int distinct = 0;
        for (boolean b : seen) {
            distinct += b ? 1 : 0;
        }
        assertTrue(distinct >= 5, "a road scene shows several classes, got " + distinct);

        JointTransform train = JointTransforms.compose(new RandomScale(0.5, 2.0),
                new RandomCrop(360, 480, ds.ignoreIndex()), new JointHorizontalFlip(),
                new PhotometricJitter(0.3, 0.3, 0.3), new ImageOnly(Normalize.imagenet()));
        SegmentationSample out = train.apply(s, new SplittableRandom(7));
        assertEquals(360, out.height());
        assertEquals(480, out.width());
        for (int v : out.mask().labels()) {
            assertTrue(v >= 0 && v <= 11 && (seen[v] || v == 11), "label " + v);
        }
    }

    @Test
    void validateAllOnValCountsEveryPixelAndGivesPositiveWeights() {
        SegmentationDataset ds = SegmentationDataset.camvid(TestData.camvid(), "val");
        SegmentationDataset.ValidationReport r = ds.validateAll(ImageGuard.DEFAULT);
        assertEquals(101, r.pairs());
        assertEquals(101, r.valid(), () -> r.unreadable().toString());
        assertEquals(101L * 360 * 480, r.totalPixels());
        assertTrue(r.ignoredPixels() > 0);
        float[] w = r.medianFrequencyWeights();
        assertEquals(11, w.length);
        for (int c = 0; c < 11; c++) {
            assertTrue(w[c] > 0 && Float.isFinite(w[c]), "class " + c + " weight " + w[c]);
            assertTrue(r.classImagePixels()[c] >= r.classPixels()[c]);
        }
        // road scenes: Road and Sky are frequent (weight < 1), Pole and Bicyclist rare (> 1)
        assertTrue(w[3] < 1 && w[0] < 1, java.util.Arrays.toString(w));
        assertTrue(w[2] > 1 && w[10] > 1, java.util.Arrays.toString(w));
    }
}
