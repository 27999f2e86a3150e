package dev.hsresnet.vision.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.nn.GcPressure;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.detection.FcosTargets;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mask loss on hand cases: one level of stride 8 with the points (4, 4) and (12, 4) (an 8 x 16
 * input), prototypes of 2 x 4 pixels at stride 4 (centres x = 2, 6, 10, 14 and y = 2, 6), one
 * prototype {@code P = [[2, 0, -2, 4], [1, -1, 3, 0]]}. Box A {@code [0, 0, 8, 8]} takes point 0
 * and covers the stride-4 pixels x 0-1, box B {@code [8, 0, 16, 8]} point 1 and pixels x 2-3;
 * each box's area is 64 / 16 = 4 stride-4 pixels.
 */
class YolactMaskLossTest {

    private static final FcosPoints POINTS = new FcosPoints(new int[] {8}, new int[][] {{1, 2}});

    private static final float[] PROTOS = {2, 0, -2, 4, 1, -1, 3, 0};

    /** Box A's mask, then box B's; the 1 at A's x = 3 lies outside A's crop and must not count. */
    private static final float[] MASKS = {1, 0.5f, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1};

    private static final float[] BOXES = {0, 0, 8, 8, 8, 0, 16, 8};

    private static MaskTargets image(float[] boxes) {
        return new MaskTargets(FcosTargets.assign(POINTS, boxes, new int[] {0, 0}, 1), boxes,
                MASKS);
    }

    /**
     * Point 0 (coefficient 0.5, box A): logits 1, 0, 0.5, -0.5 against 1, 0.5, 0, 1, BCE
     * {@code softplus(z) - z t} summed and divided by 4: 0.7386407. Point 1 (coefficient -1, box
     * B): logits 2, -4, -3, 0 against 1, 1, 0, 1: 1.2217031. The loss is their mean, 0.9801719;
     * the gradient of a coefficient is {@code sum (sigmoid(z) - t) P / 4 / 2}, and of the
     * prototype pixel (0, 0) {@code (sigmoid(1) - 1) * 0.5 / 4 / 2}.
     */
    @Test
    void theLossIsTheCroppedBceOverTheBoxAreaAveragedOverTheMasks() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray coeff = m.create(new float[] {0.5f, -1f}, new Shape(1, 2, 1));
            NDArray protos = m.create(PROTOS, new Shape(1, 1, 2, 4));
            coeff.setRequiresGradient(true);
            protos.setRequiresGradient(true);
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = new YolactMaskLoss().apply(coeff, protos, List.of(image(BOXES)));
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(loss);
                held.clear();
            }
            assertEquals(new Shape(), loss.getShape());
            assertEquals(0.9801719f, loss.getFloat(), 1e-6f);
            assertArrayEquals(new float[] {0.0883795f, -0.4434215f},
                    coeff.getGradient().toFloatArray(), 1e-6f);
            assertEquals(-0.0168088f, protos.getGradient().toFloatArray()[0], 1e-6f);
        }
    }

    @Test
    void theWeightScalesAndMaxMasksSubsamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray coeff = m.create(new float[] {0.5f, -1f}, new Shape(1, 2, 1));
            NDArray protos = m.create(PROTOS, new Shape(1, 1, 2, 4));
            List<MaskTargets> images = List.of(image(BOXES));
            assertEquals(2 * 0.9801719f,
                    new YolactMaskLoss(100, 2f).apply(coeff, protos, images).getFloat(), 2e-6f);
            // one mask of two positives: the floor(0 * 2 / 1) = 0th, point 0 alone
            assertEquals(0.7386407f,
                    new YolactMaskLoss(1, 1f).apply(coeff, protos, images).getFloat(), 1e-6f);
            assertEquals(0f, new YolactMaskLoss(5, 0f).apply(coeff, protos, images).getFloat());
        }
    }

    /** A box reaching past the prototypes' extent counts only its part inside in the area. */
    @Test
    void theAreaIsThatOfTheBoxClippedToThePrototypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray coeff = m.create(new float[] {0.5f, -1f}, new Shape(1, 2, 1));
            NDArray protos = m.create(PROTOS, new Shape(1, 1, 2, 4));
            float[] wider = {-8, -4, 8, 8, 8, 0, 16, 8};  // box A doubled to the left and up
            MaskTargets t = image(wider);
            assertArrayEquals(new int[] {0, 1}, t.assignment().matchedBoxes());
            assertEquals(0.9801719f,
                    new YolactMaskLoss().apply(coeff, protos, List.of(t)).getFloat(), 1e-6f);
            // a box under one stride-4 pixel, around point 0: area (3 x 3) / 16 clamped to 1
            float[] tiny = {1.5f, 1.5f, 4.5f, 4.5f};
            MaskTargets small = new MaskTargets(FcosTargets.assign(POINTS, tiny, new int[] {0}, 1),
                    tiny, new float[] {1, 0, 0, 0, 0, 0, 0, 0});
            assertEquals(1, small.assignment().numPositives());
            // one pixel, (0, 0) at centre (2, 2): z = 0.5 * 2 = 1, t = 1: softplus(1) - 1
            assertEquals((float) (Math.log1p(Math.E) - 1),
                    new YolactMaskLoss().apply(coeff, protos, List.of(small)).getFloat(), 1e-6f);
        }
    }

    /**
     * Box B's mask emptied (its object cropped away): its location trains no mask, so the loss
     * is point 0's alone, 0.7386407 over one selected mask; with both emptied it is 0.
     */
    @Test
    void aBoxWithAnEmptyMaskTrainsNoMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray coeff = m.create(new float[] {0.5f, -1f}, new Shape(1, 2, 1));
            NDArray protos = m.create(PROTOS, new Shape(1, 1, 2, 4));
            float[] emptyB = MASKS.clone();
            java.util.Arrays.fill(emptyB, 8, 16, 0f);
            FcosTargets a = FcosTargets.assign(POINTS, BOXES, new int[] {0, 0}, 1);
            assertEquals(0.7386407f, new YolactMaskLoss().apply(coeff, protos,
                    List.of(new MaskTargets(a, BOXES, emptyB))).getFloat(), 1e-6f);
            assertEquals(0f, new YolactMaskLoss().apply(coeff, protos,
                    List.of(new MaskTargets(a, BOXES, new float[16]))).getFloat());
        }
    }

    @Test
    void withoutPositivesTheLossIsZeroWithZeroGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray coeff = m.create(new float[] {0.5f, -1f, 0.25f, 2f}, new Shape(2, 2, 1));
            NDArray protos = m.create(new float[16], new Shape(2, 1, 2, 4));
            coeff.setRequiresGradient(true);
            MaskTargets none = new MaskTargets(FcosTargets.assign(POINTS, new float[0], new int[0],
                    1), new float[0], new float[0]);
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = new YolactMaskLoss().apply(coeff, protos, List.of(none, none));
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(loss);
                held.clear();
            }
            assertEquals(0f, loss.getFloat());
            assertArrayEquals(new float[4], coeff.getGradient().toFloatArray());
        }
    }

    /**
     * Nine positives (a box centred on point (28, 28) of a 6 x 6 grid of stride 8: centre
     * sampling takes the points within 1.5 strides, x and y in 20, 28, 36) and at most 4 masks: the 0th, 2nd, 4th and 6th ({@code floor(i * 9 / 4)}).
     */
    @Test
    void theSubsampleIsEvenlySpacedInLocationOrder() {
        FcosPoints grid = new FcosPoints(new int[] {8}, new int[][] {{6, 6}});
        FcosTargets t = FcosTargets.assign(grid, new float[] {12, 12, 44, 44}, new int[] {0}, 1);
        assertEquals(9, t.numPositives());
        int[] positives = {14, 15, 16, 20, 21, 22, 26, 27, 28};  // rows 2-4, columns 2-4
        assertArrayEquals(positives, YolactMaskLoss.select(t, 9));
        assertArrayEquals(positives, YolactMaskLoss.select(t, 100));
        assertArrayEquals(new int[] {14, 16, 21, 26}, YolactMaskLoss.select(t, 4));
        assertArrayEquals(new int[] {14}, YolactMaskLoss.select(t, 1));
        assertThrows(IllegalArgumentException.class, () -> YolactMaskLoss.select(t, 0));
    }

    @Test
    void inputsThatDisagreeAreRefusedNamingTheSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray coeff = m.create(new float[2], new Shape(1, 2, 1));
            NDArray protos = m.create(PROTOS, new Shape(1, 1, 2, 4));
            YolactMaskLoss loss = new YolactMaskLoss();
            MaskTargets shortMasks = new MaskTargets(image(BOXES).assignment(), BOXES,
                    new float[12]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(coeff, protos, List.of(shortMasks)));
            assertTrue(e.getMessage().contains("12 mask values for 2 boxes, need 2 x 2 x 4"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(coeff, protos, List.of(image(BOXES), image(BOXES))));
            assertTrue(e.getMessage().contains("each of the 1 images, got 2"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> loss.apply(coeff,
                    m.create(new float[16], new Shape(1, 2, 2, 4)), List.of(image(BOXES))));
            assertTrue(e.getMessage().contains("(N, P, k)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new MaskTargets(
                    image(BOXES).assignment(), BOXES, new float[7]));
            assertThrows(IllegalArgumentException.class, () -> new YolactMaskLoss(0, 1f));
            assertThrows(IllegalArgumentException.class, () -> new YolactMaskLoss(1, -1f));
            assertThrows(IllegalArgumentException.class,
                    () -> new YolactMaskLoss(1, Float.POSITIVE_INFINITY));
        }
    }
}
