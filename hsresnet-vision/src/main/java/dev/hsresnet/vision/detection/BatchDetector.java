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
 * Runs a model of the FCOS family ({@link FcosModel}: a detector, or an instance segmenter for
 * its boxes) on padded batches ({@link DetectionBatch}) and decodes every image: the network's
 * inference forward, then {@link FcosDecoder} on the image's valid part, boxes mapped back to the
 * image file's pixels (divided by the batch's {@code scaleX}, {@code scaleY}). The points of each
 * padded size are built once and kept.
 */
public final class BatchDetector {

    private final FcosModel model;
    private final FcosDecoder decoder;
    private final Map<Long, FcosPoints> points = new HashMap<>();

    /**
     * @param model the detector (put in inference mode by the caller when wanted)
     * @param decoder the decoding settings
     */
    public BatchDetector(FcosModel model, FcosDecoder decoder) {
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
                model.detectionSpec().strides(), model.block().levelSizes(h, w)));
    }

    /**
     * @param batch normalized, padded images
     * @return per image its detections in the file's pixels, best first
     */
    public List<List<DetectedBox>> detect(DetectionBatch batch) {
        float[][] out = forward(batch);
        FcosPoints p = points(batch.h(), batch.w());
        List<List<DetectedBox>> all = new ArrayList<>(batch.n());
        for (int i = 0; i < batch.n(); i++) {
            List<DetectedBox> found = decoder.decode(out[0], out[1], out[2], i, p,
                    batch.heights()[i], batch.widths()[i], 1f);
            List<DetectedBox> scaled = new ArrayList<>(found.size());
            for (DetectedBox d : found) {
                scaled.add(toFile(d, batch, i));
            }
            all.add(scaled);
        }
        return all;
    }

    /**
     * The network's inference forward on a batch, every output flattened to a float array in
     * its order (the detector's three, then any the model adds).
     *
     * @param batch normalized, padded images
     * @return the outputs, row-major
     */
    public float[][] forward(DetectionBatch batch) {
        try (NDManager m = model.manager().newSubManager()) {
            NDList out = model.forward(m.create(batch.images(),
                    new Shape(batch.n(), batch.c(), batch.h(), batch.w())), false);
            float[][] flat = new float[out.size()][];
            for (int k = 0; k < flat.length; k++) {
                flat[k] = out.get(k).toFloatArray();
            }
            return flat;
        }
    }

    /**
     * @param d a detection of image {@code i} in the batch's input pixels
     * @param batch the batch
     * @param i the image's index in it
     * @return the detection in the image file's pixels ({@code x / scaleX}, {@code y / scaleY})
     */
    public static DetectedBox toFile(DetectedBox d, DetectionBatch batch, int i) {
        double sx = batch.scaleX()[i];
        double sy = batch.scaleY()[i];
        return new DetectedBox(d.classIndex(), d.score(), (float) (d.x1() / sx),
                (float) (d.y1() / sy), (float) (d.x2() / sx), (float) (d.y2() / sy));
    }
}
