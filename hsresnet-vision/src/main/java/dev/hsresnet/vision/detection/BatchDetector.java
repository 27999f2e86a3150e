package dev.hsresnet.vision.detection;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.data.detection.DetectionBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a detector on padded batches ({@link DetectionBatch}) and decodes every image: the
 * network's inference forward, then {@link FcosDecoder} on the image's valid part, boxes mapped
 * back to the image file's pixels (divided by the batch's {@code scaleX}, {@code scaleY}). The
 * points of each padded size are built once and kept.
 */
public final class BatchDetector {

    private final DetectionModel model;
    private final FcosDecoder decoder;
    private final Map<Long, FcosPoints> points = new HashMap<>();

    /**
     * @param model the detector (put in inference mode by the caller when wanted)
     * @param decoder the decoding settings
     */
    public BatchDetector(DetectionModel model, FcosDecoder decoder) {
        this.model = model;
        this.decoder = decoder;
    }

    /**
     * The decoder a spec's inference settings give, with another score threshold.
     *
     * @param spec the network
     * @param scoreThreshold the lowest score kept
     * @return the decoder
     */
    public static FcosDecoder decoder(DetectionSpec spec, double scoreThreshold) {
        return FcosDecoder.builder(spec.numClasses())
                .optScoreThreshold((float) scoreThreshold)
                .optTopK(spec.topK())
                .optNmsIou((float) spec.nmsIou())
                .optMaxDetections(spec.maxDetections())
                .build();
    }

    /**
     * @param h padded input height
     * @param w padded input width
     * @return the points of that input size
     */
    public FcosPoints points(int h, int w) {
        return points.computeIfAbsent(((long) h << 32) | w, k -> new FcosPoints(
                model.spec().strides(), model.block().levelSizes(h, w)));
    }

    /**
     * @param batch normalized, padded images
     * @return per image its detections in the file's pixels, best first
     */
    public List<List<DetectedBox>> detect(DetectionBatch batch) {
        try (NDManager m = model.manager().newSubManager()) {
            NDList out = model.forward(m.create(batch.images(),
                    new Shape(batch.n(), batch.c(), batch.h(), batch.w())), false);
            float[] cls = out.get(0).toFloatArray();
            float[] box = out.get(1).toFloatArray();
            float[] ctr = out.get(2).toFloatArray();
            FcosPoints p = points(batch.h(), batch.w());
            List<List<DetectedBox>> all = new ArrayList<>(batch.n());
            for (int i = 0; i < batch.n(); i++) {
                List<DetectedBox> found = decoder.decode(cls, box, ctr, i, p, batch.heights()[i],
                        batch.widths()[i], 1f);
                double sx = batch.scaleX()[i];
                double sy = batch.scaleY()[i];
                List<DetectedBox> scaled = new ArrayList<>(found.size());
                for (DetectedBox d : found) {
                    scaled.add(new DetectedBox(d.classIndex(), d.score(), (float) (d.x1() / sx),
                            (float) (d.y1() / sy), (float) (d.x2() / sx), (float) (d.y2() / sy)));
                }
                all.add(scaled);
            }
            return all;
        }
    }
}
