package dev.hsresnet.vision.detection;

import dev.hsresnet.core.model.NetworkModel;

/**
 * A model of the FCOS family: the detector ({@link DetectionModel}) or a detector with more
 * heads (the YOLACT instance segmenter, {@code dev.hsresnet.vision.instance.InstanceModel}).
 * The first three outputs of its forward are the detector's, {@code [clsLogits (N, P, K),
 * boxDistances (N, P, 4), centernessLogits (N, P)]}, over the same points, so what works on a
 * detector's boxes (target assignment, {@link BatchDetector}, box evaluation, drawn boxes) works
 * on every member.
 */
public interface FcosModel extends NetworkModel {

    /** @return the detector's settings: backbone, strides, classes, decoding, inference size */
    DetectionSpec detectionSpec();

    /** @return the network */
    @Override
    FcosBlock block();
}
