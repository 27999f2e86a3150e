package dev.hsresnet.vision.instance;

import dev.hsresnet.vision.detection.DetectionComplexity;

/**
 * Parameters and MACs of a YOLACT-on-FCOS network for one image, by the convention of {@link
 * DetectionComplexity} (a convolution costs {@code out_h * out_w * out_channels * in_channels * k
 * * k}; biases and normalization affine parameters count as parameters; activations, {@code
 * tanh}, the upsample, and the assembly of masks from prototypes cost nothing here). With neck
 * width {@code n}, k prototypes and P3 of {@code H3 x W3}:
 *
 * <ul>
 *   <li>mask coefficients ({@code conv_coeff}, 3x3 on the regression tower of every level):
 *       {@code 9 n k + k} parameters, {@code P * 9 n k} MACs;
 *   <li>prototype branch: {@code 4 (9 n^2 + n) + n k + k} parameters; {@code 3 H3 W3 9 n^2} MACs
 *       before the upsample and {@code 4 H3 W3 (9 n^2 + n k)} after it.
 * </ul>
 *
 * @param detection the FCOS detector's cost (backbone, neck, head without coefficients)
 * @param prototypeSize {@code {H4, W4}}, the prototypes' size at this input
 * @param coefficientParams {@code conv_coeff}'s parameters
 * @param coefficientMacs {@code conv_coeff}'s MACs, summed over the levels
 * @param prototypeParams the prototype branch's parameters
 * @param prototypeMacs the prototype branch's MACs
 */
public record InstanceComplexity(DetectionComplexity detection, int[] prototypeSize,
        long coefficientParams, long coefficientMacs, long prototypeParams, long prototypeMacs) {

    /**
     * @param spec the network
     * @param height input height in pixels
     * @param width input width in pixels
     * @return its cost
     * @throws IllegalArgumentException when the input size is not positive
     */
    public static InstanceComplexity of(InstanceSpec spec, int height, int width) {
        DetectionComplexity d = DetectionComplexity.of(spec.detection(), height, width);
        long n = spec.detection().neckChannels();
        long k = spec.prototypes();
        long coeffParams = 9 * n * k + k;
        long coeffMacs = d.locations() * 9 * n * k;
        long h3 = d.levelSizes()[0][0];
        long w3 = d.levelSizes()[0][1];
        long conv3 = 9 * n * n + n;
        long protoParams = (ProtoNet.CONVS_BEFORE_UPSAMPLE + 1) * conv3 + n * k + k;
        long protoMacs = ProtoNet.CONVS_BEFORE_UPSAMPLE * h3 * w3 * 9 * n * n
                + 4 * h3 * w3 * (9 * n * n + n * k);
        int[] size = {Math.toIntExact(2 * h3), Math.toIntExact(2 * w3)};
        return new InstanceComplexity(d, size, coeffParams, coeffMacs, protoParams, protoMacs);
    }

    /** @return all learnable parameters (BN running statistics excluded) */
    public long params() {
        return detection.params() + coefficientParams + prototypeParams;
    }

    /** @return the MACs of a forward */
    public long macs() {
        return detection.macs() + coefficientMacs + prototypeMacs;
    }

    /** @return {@link #macs()} in billions */
    public double gmacs() {
        return macs() / 1e9;
    }

    /** @return the parameters the instance parts add to the detector */
    public long addedParams() {
        return coefficientParams + prototypeParams;
    }

    /** @return the MACs the instance parts add to the detector */
    public long addedMacs() {
        return coefficientMacs + prototypeMacs;
    }
}
