package dev.hsresnet.vision.instance;

import dev.hsresnet.data.mask.InstanceMask;

import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosPoints;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw outputs of a {@link YolactNet} for one image into instances: the FCOS detections
 * ({@link FcosDecoder#decodeLocated}, unchanged), each with its mask. Plain Java on float arrays.
 *
 * <p>A detection's mask, from the coefficients {@code c} (k) at its location and the image's
 * prototypes {@code P} (k, H4, W4):
 *
 * <ol>
 *   <li>{@code sigmoid(sum_i c_i P_i)} at stride 4, set to 0 at every stride-4 pixel whose centre
 *       {@code ((x + 0.5) * 4, (y + 0.5) * 4)} lies outside the predicted box ({@code x1 <= cx <
 *       x2}, {@code y1 <= cy < y2}, input pixels: the box in original pixels times {@code scale},
 *       as the loss crops to the ground-truth box);
 *   <li>bilinear ({@code align_corners=False}) up by exactly 4 and cut to the valid input size:
 *       input pixel {@code Y} reads the stride-4 row {@code (Y + 0.5) / 4 - 0.5}, clamped at 0,
 *       between its two neighbours (so the prototypes' pixel centres stay at {@code 4y + 2}
 *       whatever the padding). When the padded input size is {@code 4 H4 x 4 W4} (a multiple of
 *       8) this is PyTorch's {@code F.interpolate(size=(H, W), mode='bilinear')} to the padded
 *       size followed by the crop;
 *   <li>bilinear ({@code align_corners=False}, no antialiasing: PyTorch's default) from the valid
 *       input size to the original image size;
 *   <li>pixels above {@code threshold} (0.5 by default) are the object.
 * </ol>
 *
 * <p>Memory: at most {@code maxDetections} masks per call, each a bitmap of {@code
 * originalWidth * originalHeight / 8} bytes (100 masks of a 640x480 image: 3.8 MB; of a 1920x1080
 * one: 26 MB) built from one {@code originalWidth * originalHeight}-byte buffer shared by the
 * call's masks, plus
 * working buffers of {@code 4 (H4 W4 + H4 validWidth + validHeight validWidth + validHeight
 * originalWidth)} bytes, allocated once per call and shared by its masks.
 */
public final class InstanceDecoder {

    /** The default mask threshold (YOLACT's and mmdet's {@code mask_thr}). */
    public static final float MASK_THRESHOLD = 0.5f;

    private final FcosDecoder detector;
    private final int prototypes;
    private final float threshold;

    /**
     * @param detector the detections' decoder (its settings: threshold, top-k, NMS, the cap)
     * @param prototypes k, the prototypes and coefficients of the network, positive
     */
    public InstanceDecoder(FcosDecoder detector, int prototypes) {
        this(detector, prototypes, MASK_THRESHOLD);
    }

    /**
     * @param detector the detections' decoder
     * @param prototypes k, positive
     * @param threshold a pixel belongs to the object when its probability is above this, in
     *     {@code [0, 1)}
     */
    public InstanceDecoder(FcosDecoder detector, int prototypes, float threshold) {
        if (detector == null) {
            throw new IllegalArgumentException("need a detection decoder");
        }
        if (prototypes < 1) {
            throw new IllegalArgumentException("prototypes must be positive, got " + prototypes);
        }
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("mask threshold must be in [0, 1), got "
                    + threshold);
        }
        this.detector = detector;
        this.prototypes = prototypes;
        this.threshold = threshold;
    }

    /** @return the detections' decoder */
    public FcosDecoder detector() {
        return detector;
    }

    /** @return k */
    public int prototypes() {
        return prototypes;
    }

    /** @return the mask threshold */
    public float threshold() {
        return threshold;
    }

    /**
     * Where an image lies in the network's input and how large it was.
     *
     * @param validHeight the image's height in input pixels, padding excluded, positive
     * @param validWidth the image's width in input pixels, padding excluded, positive
     * @param scale input pixels per original pixel (the resize factor), positive
     * @param originalHeight the original image's height in pixels, positive
     * @param originalWidth the original image's width in pixels, positive
     */
    public record Frame(int validHeight, int validWidth, float scale, int originalHeight,
            int originalWidth) {

        /** Checks the values. */
        public Frame {
            if (validHeight < 1 || validWidth < 1 || originalHeight < 1 || originalWidth < 1) {
                throw new IllegalArgumentException("sizes must be positive, got valid "
                        + validHeight + "x" + validWidth + ", original " + originalHeight + "x"
                        + originalWidth);
            }
            if (!(scale > 0) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("scale must be positive and finite, got "
                        + scale);
            }
        }
    }

    /**
     * Decodes image {@code image} of a batch's flattened outputs.
     *
     * @param clsLogits {@code N * P * K} classification logits
     * @param boxDistances {@code N * P * 4} distances, input pixels
     * @param centernessLogits {@code N * P} centerness logits
     * @param coefficients {@code N * P * k} mask coefficients
     * @param prototypeMaps {@code N * k * H4 * W4} prototypes, {@code H4 x W4} twice the finest
     *     level's size of {@code points} (as {@link YolactNet} makes them)
     * @param image the image's index in the batch
     * @param points the points of the batch's input size
     * @param frame the image's valid size, scale and original size
     * @return at most {@code maxDetections} instances, by score descending
     * @throws IllegalArgumentException when an array's length does not fit the others
     */
    public List<DetectedInstance> decode(float[] clsLogits, float[] boxDistances,
            float[] centernessLogits, float[] coefficients, float[] prototypeMaps, int image,
            FcosPoints points, Frame frame) {
        List<FcosDecoder.Located> kept = detector.decodeLocated(clsLogits, boxDistances,
                centernessLogits, image, points, frame.validHeight(), frame.validWidth(),
                frame.scale());
        return masks(kept, coefficients, prototypeMaps, image, points, frame);
    }

    /**
     * The masks of detections already decoded.
     *
     * @param detections the image's detections with their locations (original-pixel boxes)
     * @param coefficients {@code N * P * k} mask coefficients
     * @param prototypeMaps {@code N * k * H4 * W4} prototypes, {@code H4 x W4} twice the finest
     *     level's size of {@code points}
     * @param image the image's index in the batch
     * @param points the points of the batch's input size
     * @param frame the image's valid size, scale and original size
     * @return one instance per detection, in their order
     * @throws IllegalArgumentException when an array's length does not fit the others
     */
    public List<DetectedInstance> masks(List<FcosDecoder.Located> detections,
            float[] coefficients, float[] prototypeMaps, int image, FcosPoints points,
            Frame frame) {
        int p = points.count();
        int k = prototypes;
        int[] p3 = points.levelSize(0);
        int h4 = 2 * p3[0];
        int w4 = 2 * p3[1];
        int hw = h4 * w4;
        if (coefficients == null || prototypeMaps == null || coefficients.length % (p * k) != 0) {
            throw new IllegalArgumentException("expected N * " + p + " * " + k
                    + " coefficients, got " + (coefficients == null ? "none"
                            : coefficients.length));
        }
        int batch = coefficients.length / (p * k);
        if (prototypeMaps.length != (long) batch * k * hw) {
            throw new IllegalArgumentException("expected " + batch + " * " + k + " * " + h4
                    + " * " + w4 + " prototype values (twice P3's size), got "
                    + prototypeMaps.length);
        }
        if (image < 0 || image >= batch) {
            throw new IllegalArgumentException("image " + image + " outside the batch of "
                    + batch);
        }
        int vh = frame.validHeight();
        int vw = frame.validWidth();
        if (vh > 4 * h4 || vw > 4 * w4) {
            throw new IllegalArgumentException("valid size " + vh + "x" + vw + " exceeds the "
                    + 4 * h4 + "x" + 4 * w4 + " input the prototypes cover");
        }
        int oh = frame.originalHeight();
        int ow = frame.originalWidth();
        Axis upRows = Axis.scaled(h4, vh, 0.25);
        Axis upColumns = Axis.scaled(w4, vw, 0.25);
        Axis outRows = Axis.scaled(vh, oh, (double) vh / oh);
        Axis outColumns = Axis.scaled(vw, ow, (double) vw / ow);
        float[] small = new float[hw];
        float[] wide = new float[h4 * vw];
        float[] valid = new float[vh * vw];
        float[] tall = new float[vh * ow];
        // threshold writes every pixel and InstanceMask copies them: one buffer serves all masks
        byte[] pixels = new byte[oh * ow];
        int protoBase = image * k * hw;
        List<DetectedInstance> out = new ArrayList<>(detections.size());
        for (FcosDecoder.Located d : detections) {
            if (d.location() < 0 || d.location() >= p) {
                throw new IllegalArgumentException("location " + d.location() + " outside the "
                        + p + " points");
            }
            int coeffBase = (image * p + d.location()) * k;
            assemble(d.box(), frame.scale(), coefficients, coeffBase, prototypeMaps, protoBase,
                    h4, w4, small);
            upColumns.resizeRows(small, h4, wide);
            upRows.resizeColumns(wide, vw, valid);
            outColumns.resizeRows(valid, vh, tall);
            outRows.threshold(tall, ow, threshold, pixels);
            out.add(new DetectedInstance(d.box(), new InstanceMask(oh, ow, pixels)));
        }
        return out;
    }

    /** Step 1: the stride-4 probabilities inside the box (input pixels), 0 outside it. */
    private void assemble(DetectedBox box, float scale, float[] coefficients, int coeffBase,
            float[] protos, int protoBase, int h4, int w4, float[] out) {
        float x1 = box.x1() * scale;
        float y1 = box.y1() * scale;
        float x2 = box.x2() * scale;
        float y2 = box.y2() * scale;
        int hw = h4 * w4;
        java.util.Arrays.fill(out, 0f);
        for (int y = 0; y < h4; y++) {
            float cy = (y + 0.5f) * YolactMaskLoss.STRIDE;
            if (!(cy >= y1 && cy < y2)) {
                continue;
            }
            for (int x = 0; x < w4; x++) {
                float cx = (x + 0.5f) * YolactMaskLoss.STRIDE;
                if (!(cx >= x1 && cx < x2)) {
                    continue;
                }
                int at = y * w4 + x;
                double z = 0;
                for (int c = 0; c < prototypes; c++) {
                    z += (double) coefficients[coeffBase + c] * protos[protoBase + c * hw + at];
                }
                out[at] = (float) (1 / (1 + Math.exp(-z)));
            }
        }
    }

    /**
     * PyTorch's linear interpolation along one axis ({@code align_corners=False}): output {@code
     * j} reads source {@code max((j + 0.5) * step - 0.5, 0)} between its neighbours {@code i0}
     * and {@code i1 = min(i0 + 1, in - 1)}, with weight {@code l1} on {@code i1}.
     */
    private record Axis(int[] i0, int[] i1, float[] l1) {

        static Axis scaled(int in, int out, double step) {
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] l1 = new float[out];
            for (int j = 0; j < out; j++) {
                double src = Math.max((j + 0.5) * step - 0.5, 0);
                int a = Math.min((int) Math.floor(src), in - 1);
                i0[j] = a;
                i1[j] = Math.min(a + 1, in - 1);
                l1[j] = (float) (src - a);
            }
            return new Axis(i0, i1, l1);
        }

        int size() {
            return i0.length;
        }

        /** Resizes each of {@code rows} rows of {@code in} (width from this axis) into {@code out}. */
        void resizeRows(float[] in, int rows, float[] out) {
            int inWidth = in.length / rows;
            int w = size();
            for (int r = 0; r < rows; r++) {
                int src = r * inWidth;
                int dst = r * w;
                for (int j = 0; j < w; j++) {
                    float l = l1[j];
                    out[dst + j] = (1 - l) * in[src + i0[j]] + l * in[src + i1[j]];
                }
            }
        }

        /** Resizes the columns of {@code in} ({@code width} wide) to this axis's height. */
        void resizeColumns(float[] in, int width, float[] out) {
            int h = size();
            for (int j = 0; j < h; j++) {
                float l = l1[j];
                int a = i0[j] * width;
                int b = i1[j] * width;
                int dst = j * width;
                for (int x = 0; x < width; x++) {
                    out[dst + x] = (1 - l) * in[a + x] + l * in[b + x];
                }
            }
        }

        /** As {@link #resizeColumns}, writing 1 where the result is above {@code t}, else 0. */
        void threshold(float[] in, int width, float t, byte[] out) {
            int h = size();
            for (int j = 0; j < h; j++) {
                float l = l1[j];
                int a = i0[j] * width;
                int b = i1[j] * width;
                int dst = j * width;
                for (int x = 0; x < width; x++) {
                    out[dst + x] = (1 - l) * in[a + x] + l * in[b + x] > t ? (byte) 1 : 0;
                }
            }
        }
    }
}
