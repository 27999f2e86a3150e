package dev.hsresnet.vision.instance;

import dev.hsresnet.data.mask.InstanceMask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosPoints;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mask decoding on hand-made prototypes: one level of stride 8 with the points (4, 4) and (12, 4)
 * (an 8 x 16 input), so the prototypes are 2 x 4 pixels at stride 4, centres x = 2, 6, 10, 14 and
 * y = 2, 6. A prototype of -30 or +30 gives probabilities 0 or 1 (to float precision), so each
 * output pixel's value is the interpolation weights alone: up by 4, a row {@code [0, 0, 1, 1]}
 * becomes {@code 0 x6, 0.125, 0.375, 0.625, 0.875, 1 x6} (input pixel X reads {@code (X + 0.5) / 4
 * - 0.5}, clamped at 0).
 */
class InstanceDecoderTest {

    private static final FcosPoints POINTS = new FcosPoints(new int[] {8}, new int[][] {{1, 2}});

    /** Left half -30, right half +30, on both rows. */
    private static final float[] STEP = {-30, -30, 30, 30, -30, -30, 30, 30};

    private static final float[] ONES = {30, 30, 30, 30, 30, 30, 30, 30};

    private static final InstanceDecoder DECODER =
            new InstanceDecoder(FcosDecoder.builder(1).build(), 1);

    private static InstanceMask mask(InstanceDecoder decoder, DetectedBox box, float[] protos,
            InstanceDecoder.Frame frame) {
        List<DetectedInstance> out = decoder.masks(List.of(new FcosDecoder.Located(box, 0)),
                new float[] {1, 1}, protos, 0, POINTS, frame);
        assertEquals(1, out.size());
        assertEquals(box, out.get(0).box());
        return out.get(0).mask();
    }

    private static DetectedBox box(float x1, float y1, float x2, float y2) {
        return new DetectedBox(0, 0.9f, x1, y1, x2, y2);
    }

    /** The columns of each row that are set, as a string per row ("8-15"). */
    private static String columns(InstanceMask m) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < m.height(); y++) {
            int first = -1;
            int last = -1;
            for (int x = 0; x < m.width(); x++) {
                if (m.get(y, x)) {
                    if (first < 0) {
                        first = x;
                    }
                    assertTrue(last < 0 || last == x - 1, "row " + y + " is not one run");
                    last = x;
                }
            }
            b.append(y == 0 ? "" : " ").append(first < 0 ? "-" : first + "-" + last);
        }
        return b.toString();
    }

    @Test
    void theUpsampleIsBilinearByFourAndTheThresholdIsStrict() {
        InstanceDecoder.Frame same = new InstanceDecoder.Frame(8, 16, 1f, 8, 16);
        DetectedBox all = box(0, 0, 16, 8);
        // 0.625 at X = 8 is above 0.5 and 0.6, not 0.65; 0.875 at X = 9 above 0.8
        assertEquals("8-15 8-15 8-15 8-15 8-15 8-15 8-15 8-15",
                columns(mask(DECODER, all, STEP, same)));
        InstanceDecoder at = new InstanceDecoder(FcosDecoder.builder(1).build(), 1, 0.6f);
        assertEquals("8-15", columns(mask(at, all, STEP, same)).substring(0, 4));
        at = new InstanceDecoder(FcosDecoder.builder(1).build(), 1, 0.65f);
        assertEquals("9-15", columns(mask(at, all, STEP, same)).substring(0, 4));
        at = new InstanceDecoder(FcosDecoder.builder(1).build(), 1, 0.8f);
        assertEquals("9-15", columns(mask(at, all, STEP, same)).substring(0, 4));
        at = new InstanceDecoder(FcosDecoder.builder(1).build(), 1, 0.9f);
        assertEquals("10-15", columns(mask(at, all, STEP, same)).substring(0, 5));
        InstanceMask m = mask(DECODER, all, STEP, same);
        assertEquals(16, m.width());
        assertEquals(8, m.height());
        assertEquals(64, m.area());
    }

    /**
     * A box around the right half ({@code x1 = 8}: centres 10 and 14 inside) zeroes the left
     * half of a uniform prototype: the same step as above. A box over the top row ({@code y2 =
     * 4}) zeroes the bottom row: rows {@code 1, 1, 0.875, 0.625, 0.375, 0.125, 0, 0}, above 0.5
     * for rows 0-3. Both: each pixel the product of its row's and its column's weight, so row 3
     * ({@code 0.625}) keeps column 8 ({@code 0.625 * 0.625 = 0.39}) out and column 9 ({@code 0.625
     * * 0.875 = 0.55}) in.
     */
    @Test
    void everythingOutsideThePredictedBoxIsZeroBeforeTheUpsample() {
        InstanceDecoder.Frame same = new InstanceDecoder.Frame(8, 16, 1f, 8, 16);
        assertEquals("8-15 8-15 8-15 8-15 8-15 8-15 8-15 8-15",
                columns(mask(DECODER, box(8, 0, 16, 8), ONES, same)));
        assertEquals("0-15 0-15 0-15 0-15 - - - -",
                columns(mask(DECODER, box(0, 0, 16, 4), ONES, same)));
        assertEquals("8-15 8-15 8-15 9-15 - - - -",
                columns(mask(DECODER, box(8, 0, 16, 4), ONES, same)));
        // the box is given in original pixels: scale 2 maps (4, 0, 8, 2) to (8, 0, 16, 4), and
        // original pixel (4, 1) reads the mean of input rows 2-3 and columns 8-9: 0.75 * 0.75
        InstanceDecoder.Frame half = new InstanceDecoder.Frame(8, 16, 2f, 4, 8);
        assertEquals("4-7 4-7 - -", columns(mask(DECODER, box(4, 0, 8, 2), ONES, half)));
        // a centre on the box's right or bottom edge is outside (x1 <= cx < x2)
        assertEquals("- - - - - - - -", columns(mask(DECODER, box(0, 0, 2, 8), ONES, same)));
    }

    /**
     * Valid 8 x 12 of the 8 x 16 input, scale 0.5, the box the whole valid image: the stride-4
     * column at centre 14 lies outside it (zeroed), so the valid columns 6-11 hold 0.125, 0.375,
     * 0.625, 0.875, 0.875, 0.625. Resized to 16 x 24, column X' reads valid column {@code X' / 2 -
     * 0.25}: X' = 15 gets {@code 0.75 * 0.375 + 0.25 * 0.625 = 0.4375}, X' = 16 {@code 0.5625},
     * X' = 23 (clamped to column 11) 0.625.
     */
    @Test
    void theMaskIsCutToTheValidSizeAndResizedToTheOriginal() {
        InstanceMask m = mask(DECODER, box(0, 0, 24, 16), STEP,
                new InstanceDecoder.Frame(8, 12, 0.5f, 16, 24));
        assertEquals(24, m.width());
        assertEquals(16, m.height());
        String row = "16-23";
        assertEquals(String.join(" ", java.util.Collections.nCopies(16, row)), columns(m));
        // not a multiple: 8 x 12 valid to 5 x 7 original, columns read 12 / 7 apart
        InstanceMask odd = mask(DECODER, box(0, 0, 7, 5), STEP,
                new InstanceDecoder.Frame(8, 12, 12f / 7, 5, 7));
        // X' = 4 reads valid column (4.5 * 12 / 7) - 0.5 = 7.21: 0.79 * 0.375 + 0.21 * 0.625 < 0.5;
        // X' = 5 reads 8.93: past 8 (0.625) and 9 (0.875), set
        assertEquals("5-6 5-6 5-6 5-6 5-6", columns(odd));
    }

    /**
     * The whole path: two images, two detections in image 1 (location 1 scoring higher than
     * location 0), each with its own coefficient; the instances are the decoder's detections in
     * its order, with the masks of their own locations and of image 1's prototypes.
     */
    @Test
    void decodingGivesTheDetectorsDetectionsWithTheMasksOfTheirLocations() {
        float[] cls = {-20, -20, 1, 3};                  // image 1: location 0 at 1, 1 at 3
        float[] ctr = new float[4];
        float[] box = new float[16];
        Arrays.fill(box, 4f);                            // location 0: (0, 0, 8, 8), 1: (8, 0, 16, 8)
        float[] coeff = {0, 0, -1, 1};                   // image 1: location 0 -1, location 1 +1
        float[] protos = new float[16];
        System.arraycopy(ONES, 0, protos, 8, 8);         // image 1's prototypes: all +30
        FcosDecoder detector = FcosDecoder.builder(1).build();
        InstanceDecoder decoder = new InstanceDecoder(detector, 1);
        InstanceDecoder.Frame frame = new InstanceDecoder.Frame(8, 16, 1f, 8, 16);
        List<DetectedInstance> out = decoder.decode(cls, box, ctr, coeff, protos, 1, POINTS,
                frame);
        List<FcosDecoder.Located> located = detector.decodeLocated(cls, box, ctr, 1, POINTS, 8,
                16, 1f);
        assertEquals(2, out.size());
        assertEquals(List.of(1, 0), located.stream().map(FcosDecoder.Located::location).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(located.get(i).box(), out.get(i).box());
        }
        assertEquals(new DetectedBox(0, out.get(0).box().score(), 8, 0, 16, 8), out.get(0).box());
        // location 1: sigmoid(+30) inside its box (the right half)
        assertEquals("8-15 8-15 8-15 8-15 8-15 8-15 8-15 8-15", columns(out.get(0).mask()));
        // location 0: sigmoid(-30) = 0 everywhere
        assertEquals(0, out.get(1).mask().area());
        // at most maxDetections masks
        InstanceDecoder one = new InstanceDecoder(FcosDecoder.builder(1).optMaxDetections(1)
                .build(), 1);
        assertEquals(1, one.decode(cls, box, ctr, coeff, protos, 1, POINTS, frame).size());
        // image 0 has nothing above the threshold
        assertEquals(List.of(), decoder.decode(cls, box, ctr, coeff, protos, 0, POINTS, frame));
    }

    @Test
    void inputsThatDisagreeAreRefused() {
        InstanceDecoder.Frame same = new InstanceDecoder.Frame(8, 16, 1f, 8, 16);
        List<FcosDecoder.Located> one = List.of(new FcosDecoder.Located(box(0, 0, 8, 8), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DECODER.masks(one, new float[] {1, 1}, new float[4], 0, POINTS, same));
        assertTrue(e.getMessage().contains("prototype values (twice P3's size), got 4"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DECODER.masks(one, new float[3], STEP, 0, POINTS, same));
        assertThrows(IllegalArgumentException.class,
                () -> DECODER.masks(one, new float[] {1, 1}, STEP, 1, POINTS, same));
        assertThrows(IllegalArgumentException.class, () -> DECODER.masks(one,
                new float[] {1, 1}, STEP, 0, POINTS, new InstanceDecoder.Frame(9, 16, 1f, 9, 16)));
        assertThrows(IllegalArgumentException.class, () -> DECODER.masks(
                List.of(new FcosDecoder.Located(box(0, 0, 8, 8), 2)), new float[] {1, 1}, STEP, 0,
                POINTS, same));
        assertThrows(IllegalArgumentException.class, () -> new InstanceDecoder.Frame(0, 1, 1f, 1,
                1));
        assertThrows(IllegalArgumentException.class, () -> new InstanceDecoder.Frame(1, 1, 0f, 1,
                1));
        assertThrows(IllegalArgumentException.class,
                () -> new InstanceDecoder(FcosDecoder.builder(1).build(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new InstanceDecoder(FcosDecoder.builder(1).build(), 1, 1f));
    }
}
