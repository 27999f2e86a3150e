package dev.hsresnet.vision.instance;

import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.FcosPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs an instance segmenter on padded batches ({@link DetectionBatch}) and decodes every image
 * to its original size: the inference forward ({@link BatchDetector#forward}), then {@link
 * InstanceDecoder} on the image's valid part with its masks resized to the image file's size,
 * boxes mapped to the file's pixels as {@link BatchDetector} maps them (divided by the batch's
 * per-axis {@code scaleX}, {@code scaleY}). The transform must only have resized the images (as
 * the evaluation transform does): the file's size is taken as the valid size divided by the
 * scale, rounded.
 */
public final class BatchInstanceSegmenter {

    private final BatchDetector network;
    private final InstanceDecoder decoder;

    /**
     * @param model the segmenter (put in inference mode by the caller when wanted)
     * @param decoder the decoding settings
     */
    public BatchInstanceSegmenter(InstanceModel model, InstanceDecoder decoder) {
        this.network = new BatchDetector(model, decoder.detector());
        this.decoder = decoder;
    }

    /**
     * The decoder a spec's inference settings give, with another score threshold.
     *
     * @param spec the network
     * @param scoreThreshold the lowest score kept
     * @return the decoder (mask threshold {@value InstanceDecoder#MASK_THRESHOLD})
     */
    public static InstanceDecoder decoder(InstanceSpec spec, double scoreThreshold) {
        return new InstanceDecoder(BatchDetector.decoder(spec.detection(), scoreThreshold),
                spec.prototypes());
    }

    /**
     * @param batch normalized, padded images
     * @param keep what to keep of each instance (e.g. its mask run-length encoded); applied to
     *     an image's instances as soon as they are decoded, so at most one image's bitmaps exist
     *     at a time
     * @param <T> what is kept
     * @return per image what {@code keep} made of its instances, best first
     */
    public <T> List<List<T>> segment(DetectionBatch batch, Function<DetectedInstance, T> keep) {
        return decode(batch, network.forward(batch), keep);
    }

    /**
     * Decodes outputs of the network for a batch (what {@link #segment} does after the
     * forward).
     *
     * @param batch the batch the outputs belong to
     * @param outputs {@code [clsLogits, boxDistances, centernessLogits, coefficients,
     *     prototypes]} flattened row-major, as {@link BatchDetector#forward} gives them
     * @param keep what to keep of each instance
     * @param <T> what is kept
     * @return per image what {@code keep} made of its instances, best first
     * @throws IllegalArgumentException when the outputs do not fit the batch
     */
    public <T> List<List<T>> decode(DetectionBatch batch, float[][] outputs,
            Function<DetectedInstance, T> keep) {
        if (outputs.length != 5) {
            throw new IllegalArgumentException("expected the 5 outputs of an instance segmenter, "
                    + "got " + outputs.length);
        }
        FcosPoints points = network.points(batch.h(), batch.w());
        List<List<T>> all = new ArrayList<>(batch.n());
        for (int i = 0; i < batch.n(); i++) {
            int vh = batch.heights()[i];
            int vw = batch.widths()[i];
            InstanceDecoder.Frame frame = new InstanceDecoder.Frame(vh, vw, 1f,
                    original(vh, batch.scaleY()[i]), original(vw, batch.scaleX()[i]));
            List<DetectedInstance> found = decoder.decode(outputs[0], outputs[1], outputs[2],
                    outputs[3], outputs[4], i, points, frame);
            List<T> kept = new ArrayList<>(found.size());
            for (DetectedInstance d : found) {
                kept.add(keep.apply(new DetectedInstance(BatchDetector.toFile(d.box(), batch, i),
                        d.mask())));
            }
            all.add(kept);
        }
        return all;
    }

    /** @return the file's side of a resized side */
    private static int original(int valid, double scale) {
        return Math.max(1, (int) Math.round(valid / scale));
    }
}
