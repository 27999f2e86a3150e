package dev.hsresnet.vision.detection;

import static dev.hsresnet.core.testing.FixtureAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.testing.FixtureAsserts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.hsresnet.core.nn.GcPressure;
import java.nio.ByteBuffer;

/**
 * Targets, losses and decoding against the PyTorch reference ({@code
 * tools/reference/fcos_loss_torch.py}, fixtures by {@code generate_fcos_fixtures.py}): the
 * assigned labels, regression and centerness targets are bit-equal; the three loss parts and the
 * gradients of their total w.r.t. every head output match to 1e-4; the decoder returns the same
 * detections (classes exactly, boxes and scores to 1e-4) after threshold, top-k, clipping, NMS
 * and the detection cap.
 */
class FcosPyTorchTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    private static Map<String, Tensor> read(String name) throws IOException {
        return Safetensors.read(FIXTURES.resolve(name).resolve("io.safetensors")).tensors();
    }

    private static int[] ints(Tensor t) {
        float[] f = t.toFloats();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Math.round(f[i]);
        }
        return out;
    }

    static FcosPoints points(Map<String, Tensor> io) {
        int[] strides = ints(io.get("strides"));
        int[] sizes = ints(io.get("level_sizes"));
        int[][] levelSizes = new int[strides.length][];
        for (int i = 0; i < strides.length; i++) {
            levelSizes[i] = new int[] {sizes[2 * i], sizes[2 * i + 1]};
        }
        return new FcosPoints(strides, levelSizes);
    }

    private static NDArray array(NDManager m, Tensor t) {
        return m.create(t.toFloats(), new Shape(t.shape()));
    }

    @Test
    void targetsAreExactlyPyTorchs() throws IOException {
        Map<String, Tensor> io = read("fcos_loss");
        FcosPoints points = points(io);
        List<FcosTargets> targets = assign(io, points);
        int p = points.count();
        int[] labels = ints(io.get("targets.labels"));
        float[] boxes = io.get("targets.boxes").toFloats();
        float[] ctr = io.get("targets.centerness").toFloats();
        int positives = 0;
        for (int i = 0; i < targets.size(); i++) {
            FcosTargets t = targets.get(i);
            assertArrayEquals(Arrays.copyOfRange(labels, i * p, (i + 1) * p), t.labels(),
                    "labels of image " + i);
            assertArrayEquals(Arrays.copyOfRange(boxes, i * p * 4, (i + 1) * p * 4),
                    t.boxTargets(), "box targets of image " + i);
            assertArrayEquals(Arrays.copyOfRange(ctr, i * p, (i + 1) * p), t.centerness(),
                    "centerness targets of image " + i);
            positives += t.numPositives();
        }
        assertEquals(32, positives, "the fixture's positives");
        assertEquals(0, targets.get(1).numPositives(), "image 1 has no boxes");
    }

    private static List<FcosTargets> assign(Map<String, Tensor> io, FcosPoints points) {
        int[] counts = ints(io.get("box_counts"));
        float[] boxes = io.get("boxes").toFloats();
        int[] labels = ints(io.get("labels"));
        List<FcosTargets> out = new ArrayList<>();
        int from = 0;
        for (int c : counts) {
            out.add(FcosTargets.assign(points, Arrays.copyOfRange(boxes, 4 * from, 4 * (from + c)),
                    Arrays.copyOfRange(labels, from, from + c), 3));
            from += c;
        }
        return out;
    }

    @Test
    void lossesAndGradientsArePyTorchs() throws IOException {
        Map<String, Tensor> io = read("fcos_loss");
        FcosPoints points = points(io);
        try (NDManager m = NDManager.newBaseManager()) {
            FcosTargetBatch batch = FcosTargetBatch.of(m, assign(io, points));
            NDArray cls = array(m, io.get("cls_logits"));
            NDArray box = array(m, io.get("box_distances"));
            NDArray ctr = array(m, io.get("centerness_logits"));
            cls.setRequiresGradient(true);
            box.setRequiresGradient(true);
            ctr.setRequiresGradient(true);
            FcosLoss.Parts parts;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                parts = new FcosLoss(3).apply(new NDList(cls, box, ctr), batch);
                // what a training step does to memory before its backward (docs/engine.md)
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(parts.total());
                held.clear();
            }
            assertScalar(io, "loss.total", parts.total());
            assertScalar(io, "loss.classification", parts.classification());
            assertScalar(io, "loss.box_regression", parts.boxRegression());
            assertScalar(io, "loss.centerness", parts.centerness());
            assertClose(io.get("grad.cls_logits"), cls.getGradient(), "clsLogits gradient");
            assertClose(io.get("grad.box_distances"), box.getGradient(), "boxDistances gradient");
            assertClose(io.get("grad.centerness_logits"), ctr.getGradient(),
                    "centernessLogits gradient");
        }
    }

    /**
     * {@link FcosDecoder#decodeLocated} returns the very detections of {@code decode}, in the same
     * order, and each location is the point whose distances give the detection's box: {@code
     * clip(px - l, py - t, px + r, py + b) / scale}.
     */
    @Test
    void locatedDecodingKeepsTheDetectionsAndNamesTheirPoints() throws IOException {
        Map<String, Tensor> io = read("fcos_decode");
        FcosPoints points = points(io);
        float[] settings = io.get("settings").toFloats();
        FcosDecoder decoder = FcosDecoder.builder(3).optScoreThreshold(settings[0])
                .optTopK(Math.round(settings[1])).optNmsIou(settings[2])
                .optMaxDetections(Math.round(settings[3])).build();
        float[] cls = io.get("cls_logits").toFloats();
        float[] box = io.get("box_distances").toFloats();
        float[] ctr = io.get("centerness_logits").toFloats();
        int[] valid = ints(io.get("valid_sizes"));
        float[] scales = io.get("scales").toFloats();
        int p = points.count();
        int compared = 0;
        for (int i = 0; i < scales.length; i++) {
            int h = valid[2 * i];
            int w = valid[2 * i + 1];
            List<DetectedBox> boxes = decoder.decode(cls, box, ctr, i, points, h, w, scales[i]);
            List<FcosDecoder.Located> located = decoder.decodeLocated(cls, box, ctr, i, points, h,
                    w, scales[i]);
            assertEquals(boxes, located.stream().map(FcosDecoder.Located::box).toList());
            for (FcosDecoder.Located l : located) {
                int at = 4 * (i * p + l.location());
                float px = points.x(l.location());
                float py = points.y(l.location());
                float[] expected = {Math.max(px - box[at], 0) / scales[i],
                    Math.max(py - box[at + 1], 0) / scales[i],
                    Math.min(px + box[at + 2], w) / scales[i],
                    Math.min(py + box[at + 3], h) / scales[i]};
                DetectedBox b = l.box();
                assertArrayEquals(expected, new float[] {b.x1(), b.y1(), b.x2(), b.y2()},
                        "image " + i + " location " + l.location());
                compared++;
            }
        }
        assertTrue(compared > 20, "detections compared: " + compared);
    }

    private static void assertScalar(Map<String, Tensor> io, String name, NDArray actual) {
        float expected = io.get(name).toFloats()[0];
        assertEquals(expected, actual.getFloat(), FixtureAsserts.TOLERANCE * Math.abs(expected),
                name);
    }

    @Test
    void decodingIsPyTorchs() throws IOException {
        Map<String, Tensor> io = read("fcos_decode");
        FcosPoints points = points(io);
        float[] settings = io.get("settings").toFloats();
        FcosDecoder decoder = FcosDecoder.builder(3).optScoreThreshold(settings[0])
                .optTopK(Math.round(settings[1])).optNmsIou(settings[2])
                .optMaxDetections(Math.round(settings[3])).build();
        float[] cls = io.get("cls_logits").toFloats();
        float[] box = io.get("box_distances").toFloats();
        float[] ctr = io.get("centerness_logits").toFloats();
        int[] valid = ints(io.get("valid_sizes"));
        float[] scales = io.get("scales").toFloats();
        int[] counts = ints(io.get("det_counts"));
        float[] boxes = io.get("det_boxes").toFloats();
        float[] scores = io.get("det_scores").toFloats();
        int[] labels = ints(io.get("det_labels"));
        double scale = 0;
        for (float v : boxes) {
            scale = Math.max(scale, Math.abs(v));
        }
        int from = 0;
        for (int i = 0; i < counts.length; i++) {
            List<DetectedBox> got = decoder.decode(cls, box, ctr, i, points, valid[2 * i],
                    valid[2 * i + 1], scales[i]);
            assertEquals(counts[i], got.size(), "detections of image " + i);
            for (int d = 0; d < got.size(); d++) {
                DetectedBox b = got.get(d);
                int e = from + d;
                String what = "image " + i + " detection " + d;
                assertEquals(labels[e], b.classIndex(), what + " class");
                assertEquals(scores[e], b.score(), 1e-4 * scores[0], what + " score");
                float[] corners = {b.x1(), b.y1(), b.x2(), b.y2()};
                for (int c = 0; c < 4; c++) {
                    assertEquals(boxes[4 * e + c], corners[c], 1e-4 * scale, what + " corner " + c);
                }
            }
            from += counts[i];
        }
        assertTrue(from > 20, "detections compared: " + from);
    }
}
