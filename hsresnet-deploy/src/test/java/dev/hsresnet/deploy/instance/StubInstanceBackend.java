package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.detection.DetectionBackend;
import dev.hsresnet.deploy.detection.StubDetectionBackend;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.instance.InstanceSpec;
import java.util.List;

/**
 * A network whose instances are known: the detections of {@link StubDetectionBackend} (two
 * objects per image, boxes that depend on the image), prototype 0 at {@value #PROTOTYPE}
 * everywhere and the others 0, and coefficient 0 at 1 on the two objects' locations (0 elsewhere).
 * Each object's mask is therefore {@code sigmoid(10)} on every stride-4 cell whose centre lies in
 * its box and 0 outside: after the bilinear resize and the 0.5 threshold, the union of those
 * cells (4 x 4 input pixels each), mapped to the image.
 */
public final class StubInstanceBackend implements InstanceBackend {

    /** The value of prototype 0. */
    public static final float PROTOTYPE = 10;

    private final StubDetectionBackend detection;
    private final int prototypes;

    /** @param spec the network it pretends to be */
    public StubInstanceBackend(InstanceSpec spec) {
        this.detection = new StubDetectionBackend(spec.detection());
        this.prototypes = spec.prototypes();
    }

    /** @return the {@code {n, height, width}} of every call so far */
    public List<int[]> calls() {
        return detection.calls();
    }

    @Override
    public RawOutputs run(float[] input, int n, int height, int width) {
        DetectionBackend.RawOutputs d = detection.run(input, n, height, width);
        FcosPoints points = detection.points(height, width);
        int p = points.count();
        int[] p3 = points.levelSize(0);
        int hw = 4 * p3[0] * p3[1];
        float[] coeff = new float[n * p * prototypes];
        float[] protos = new float[n * prototypes * hw];
        for (int i = 0; i < n; i++) {
            for (int point : new int[] {StubDetectionBackend.POINT_A,
                StubDetectionBackend.POINT_B}) {
                coeff[(i * p + point) * prototypes] = 1;
            }
            java.util.Arrays.fill(protos, i * prototypes * hw, (i * prototypes + 1) * hw,
                    PROTOTYPE);
        }
        return new RawOutputs(d.clsLogits(), d.boxDistances(), d.centernessLogits(), coeff,
                protos);
    }

    @Override
    public BackendKind kind() {
        return BackendKind.DJL;
    }

    @Override
    public void close() {
    }
}
