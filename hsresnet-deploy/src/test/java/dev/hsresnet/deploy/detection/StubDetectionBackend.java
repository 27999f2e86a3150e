package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.detection.FcosPoints;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network that finds exactly what it is told, to check what {@link Detector} does around the
 * network: on every image it "sees" two objects, one of class 0 around the point {@link
 * #POINT_A} and one of class {@code numClasses - 1} around {@link #POINT_B}, both at logit 10
 * (score {@code sigmoid(10)}); all else is at -10. The distances of the first box depend on the
 * image's first input value {@code v}: {@code l = t = 10 + 4 |v|}, {@code r = b = 6}, so images
 * with different pixels get different boxes, each computed from its own slice of the batch.
 * Records the shape of every call.
 */
public final class StubDetectionBackend implements DetectionBackend {

    /** The point of the first object: in the finest level. */
    public static final int POINT_A = 5;

    /** The point of the second object. */
    public static final int POINT_B = 9;

    /** The distances of the second object, {@code l, t, r, b}, in input pixels. */
    public static final float[] DISTANCES_B = {3, 5, 7, 2};

    private final DetectionSpec spec;
    private final FcosNet shapes;
    private final int channels;
    private final List<int[]> calls = new CopyOnWriteArrayList<>();

    /** @param spec the network it pretends to be */
    public StubDetectionBackend(DetectionSpec spec) {
        this.spec = spec;
        this.shapes = new FcosNet(spec);
        this.channels = spec.backbone().inChannels();
    }

    /** @return the {@code {n, height, width}} of every call so far */
    public List<int[]> calls() {
        return calls;
    }

    /** @return the points of an input size, as the detector builds them */
    public FcosPoints points(int height, int width) {
        return new FcosPoints(spec.strides(), shapes.levelSizes(height, width));
    }

    /** @return the {@code l, t, r, b} of the first object for an image's first input value */
    public static float[] distancesA(float firstValue) {
        float d = 10 + 4 * Math.abs(firstValue);
        return new float[] {d, d, 6, 6};
    }

    @Override
    public RawOutputs run(float[] input, int n, int height, int width) {
        dev.hsresnet.deploy.Inputs.check(input, n, channels, height, width);
        calls.add(new int[] {n, height, width});
        int p = points(height, width).count();
        int k = spec.numClasses();
        float[] cls = new float[n * p * k];
        float[] box = new float[n * p * 4];
        float[] ctr = new float[n * p];
        java.util.Arrays.fill(cls, -10);
        java.util.Arrays.fill(ctr, -10);
        int per = channels * height * width;
        for (int i = 0; i < n; i++) {
            float[] a = distancesA(input[i * per]);
            set(cls, box, ctr, i, p, k, POINT_A, 0, a);
            set(cls, box, ctr, i, p, k, POINT_B, k - 1, DISTANCES_B);
        }
        return new RawOutputs(cls, box, ctr);
    }

    private static void set(float[] cls, float[] box, float[] ctr, int image, int p, int k,
            int point, int cl, float[] ltrb) {
        int at = image * p + point;
        cls[at * k + cl] = 10;
        ctr[at] = 10;
        System.arraycopy(ltrb, 0, box, 4 * at, 4);
    }

    @Override
    public BackendKind kind() {
        return BackendKind.DJL;
    }

    @Override
    public void close() {
    }
}
