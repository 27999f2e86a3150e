package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The loss on values worked out by hand (the arithmetic is in the comments). */
class FcosLossTest {

    private static FcosTargetBatch targets(NDManager m, int[] labels, float[] boxes, float[] ctr,
            int n) {
        int p = labels.length / n;
        int positives = 0;
        for (int l : labels) {
            positives += l >= 0 ? 1 : 0;
        }
        return new FcosTargetBatch(m.create(labels, new Shape(n, p)),
                m.create(boxes, new Shape(n, p, 4)), m.create(ctr, new Shape(n, p)), positives);
    }

    @Test
    void focalLossOfOneLogit() {
        try (NDManager m = NDManager.newBaseManager()) {
            FcosLoss loss = new FcosLoss(1);
            // background, x = 0: p = 0.5, ce = log 2, (1 - p_t)^2 = 0.25, alpha_t = 0.75:
            // 0.75 * 0.25 * 0.693147 = 0.1299651 over max(1, 0) = 1; nothing else counts
            FcosLoss.Parts bg = loss.apply(new NDList(m.zeros(new Shape(1, 1, 1)),
                    m.ones(new Shape(1, 1, 4)), m.zeros(new Shape(1, 1))),
                    targets(m, new int[] {-1}, new float[4], new float[1], 1));
            assertEquals(0.1299651f, bg.classification().getFloat(), 1e-6f);
            assertEquals(0f, bg.boxRegression().getFloat());
            assertEquals(0f, bg.centerness().getFloat());
            assertEquals(0.1299651f, bg.total().getFloat(), 1e-6f);
            // positive, x = 1: p = 0.731059, ce = log(1 + e^-1) = 0.313262,
            // (1 - p)^2 = 0.0723295, alpha_t = 0.25: 0.0056645
            NDArray one = m.ones(new Shape(1, 1, 1));
            FcosLoss.Parts pos = loss.apply(new NDList(one, m.create(new float[] {1, 1, 3, 3},
                    new Shape(1, 1, 4)), m.zeros(new Shape(1, 1))), targets(m, new int[] {0},
                    new float[] {1, 1, 3, 3}, new float[] {1 / 3f}, 1));
            assertEquals(0.0056645f, pos.classification().getFloat(), 1e-7f);
        }
    }

    @Test
    void giouAndCenternessOfKnownBoxes() {
        try (NDManager m = NDManager.newBaseManager()) {
            // around one point: predicted ltrb (2, 2, 2, 2) is the box [-2, 2]^2 (area 16), the
            // target (1, 1, 3, 3) the box [-1, 3]^2 (area 16); intersection 3 x 3 = 9, union 23,
            // enclosing 5 x 5 = 25: GIoU = 9/23 - 2/25 = 0.311304, loss 0.688696.
            // centerness target sqrt(1/3 * 1/3) = 1/3 at logit 0: BCE = log 2 = 0.693147
            FcosLoss.Parts parts = new FcosLoss(1).apply(new NDList(
                    m.full(new Shape(1, 1, 1), -30f), m.full(new Shape(1, 1, 4), 2f),
                    m.zeros(new Shape(1, 1))), targets(m, new int[] {0},
                    new float[] {1, 1, 3, 3}, new float[] {1 / 3f}, 1));
            assertEquals(0.688696f, parts.boxRegression().getFloat(), 1e-6f);
            assertEquals(0.693147f, parts.centerness().getFloat(), 1e-6f);
            // the same pair as a second image's point, with one background point in the first:
            // each sum now has one term and the normaliser stays 1 positive
            FcosLoss.Parts two = new FcosLoss(1).apply(new NDList(
                    m.full(new Shape(2, 1, 1), -30f), m.full(new Shape(2, 1, 4), 2f),
                    m.zeros(new Shape(2, 1))), targets(m, new int[] {-1, 0},
                    new float[] {0, 0, 0, 0, 1, 1, 3, 3}, new float[] {0, 1 / 3f}, 2));
            assertEquals(0.688696f, two.boxRegression().getFloat(), 1e-6f);
            assertEquals(0.693147f, two.centerness().getFloat(), 1e-6f);
            // two positives: the sums are divided by 2
            FcosLoss.Parts both = new FcosLoss(1).apply(new NDList(
                    m.full(new Shape(1, 2, 1), -30f), m.full(new Shape(1, 2, 4), 2f),
                    m.zeros(new Shape(1, 2))), targets(m, new int[] {0, 0},
                    new float[] {1, 1, 3, 3, 2, 2, 2, 2}, new float[] {1 / 3f, 1}, 1));
            // second point: identical boxes, GIoU 1 (up to eps), loss ~0; BCE(0, 1) = log 2
            assertEquals(0.688696f / 2, both.boxRegression().getFloat(), 1e-6f);
            assertEquals(0.693147f, both.centerness().getFloat(), 1e-6f);
        }
    }

    @Test
    void zeroPredictionsGiveFiniteLossAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            // a zero-size prediction on a positive: no intersection, enclosing = target:
            // GIoU = 0 - 0 = 0, loss 1; background points predicting 0 (against zero targets)
            // must not produce NaN either
            NDArray cls = m.zeros(new Shape(1, 3, 2));
            NDArray box = m.zeros(new Shape(1, 3, 4));
            NDArray ctr = m.zeros(new Shape(1, 3));
            cls.setRequiresGradient(true);
            box.setRequiresGradient(true);
            ctr.setRequiresGradient(true);
            FcosLoss.Parts parts;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                parts = new FcosLoss(2).apply(new NDList(cls, box, ctr), targets(m,
                        new int[] {-1, 1, -1}, new float[] {0, 0, 0, 0, 1, 1, 3, 3, 0, 0, 0, 0},
                        new float[] {0, 1 / 3f, 0}, 1));
                gc.backward(parts.total());
            }
            assertEquals(1f, parts.boxRegression().getFloat(), 1e-6f);
            for (NDArray g : new NDArray[] {cls.getGradient(), box.getGradient(),
                    ctr.getGradient()}) {
                for (float v : g.toFloatArray()) {
                    assertTrue(Float.isFinite(v), "gradient " + v);
                }
            }
            // background points get no box or centerness gradient
            float[] gb = box.getGradient().toFloatArray();
            float[] gc = ctr.getGradient().toFloatArray();
            for (int c = 0; c < 4; c++) {
                assertEquals(0f, gb[c]);
                assertEquals(0f, gb[8 + c]);
            }
            assertEquals(0f, gc[0]);
            assertEquals(0f, gc[2]);
            // the centerness gradient of the positive: sigmoid(0) - 1/3
            assertEquals(0.5f - 1 / 3f, gc[1], 1e-6f);
        }
    }

    @Test
    void badShapesAndSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FcosLoss(0));
        assertThrows(IllegalArgumentException.class, () -> new FcosLoss(2, 1.5f, 2));
        assertThrows(IllegalArgumentException.class, () -> new FcosLoss(2, 0.25f, Float.NaN));
        try (NDManager m = NDManager.newBaseManager()) {
            FcosTargetBatch t = targets(m, new int[] {-1}, new float[4], new float[1], 1);
            FcosLoss loss = new FcosLoss(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(new NDList(m.zeros(new Shape(1, 1, 3)),
                            m.zeros(new Shape(1, 1, 4)), m.zeros(new Shape(1, 1))), t));
            assertTrue(e.getMessage().contains("(N, P, 2)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(new NDList(m.zeros(new Shape(1, 1, 2)),
                            m.zeros(new Shape(1, 1, 3)), m.zeros(new Shape(1, 1))), t));
            assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(new NDList(m.zeros(new Shape(1, 2, 2)),
                            m.zeros(new Shape(1, 2, 4)), m.zeros(new Shape(1, 2))), t));
            assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(new NDList(m.zeros(new Shape(1, 1, 2))), t));
        }
    }
}
