package dev.hsresnet.vision.instance;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.vision.detection.DetectionInit;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh weights of a {@link YolactNet}, reproducible from a seed: the detector's ({@link
 * DetectionInit}, which gives {@code conv_coeff} normal(0, 0.01) and zero bias), then the prototype
 * branch ({@code mask_head.*}) as mmdet's {@code YOLACTProtonet.init_weights}: Xavier-uniform
 * convolution weights ({@code U(-b, b)}, {@code b = sqrt(6 / (fanIn + fanOut))}, fans {@code
 * channels * kh * kw}) and zero biases.
 *
 * <p>Why not the backbone's He-normal: with He-normal the five ReLU convolutions keep the FPN's
 * scale, the prototypes start at a mean of 12 (largest 198) and the assembled mask logits at tens,
 * so the first mask loss was 12.4 per pixel (against about 0.7 for a logit near 0) and dwarfed the
 * box losses (focal 1.1, GIoU 0.9); Xavier's smaller weights shrink each layer's output, so the
 * masks start near probability 0.5.
 */
public final class InstanceInit {

    private static final String MASK_HEAD = "mask_head.";

    private InstanceInit() {}

    /**
     * Overwrites every parameter of an initialized network.
     *
     * @param net the initialized network
     * @param seed the seed
     * @param zeroInitLastBn whether the backbone's {@code bn3} gammas start at 0
     */
    public static void apply(YolactNet net, long seed, boolean zeroInitLastBn) {
        DetectionInit.apply(net, net.spec().detection().classBias(), seed, zeroInitLastBn);
        for (Map.Entry<String, Parameter> e : StateDict.of(net).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(MASK_HEAD)) {
                continue;
            }
            NDArray array = e.getValue().getArray();
            long[] shape = array.getShape().getShape();
            float[] v = new float[Math.toIntExact(array.size())];
            if (shape.length == 4) {
                long receptive = shape[2] * shape[3];
                double bound = Math.sqrt(6.0 / ((shape[0] + shape[1]) * receptive));
                SplittableRandom rng = new SplittableRandom(DetectionInit.mix(seed, name));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
            } else if (!name.endsWith(".bias")) {
                throw new IllegalStateException("no initialization for mask parameter " + name);
            }
            Weights.setValues(array, v);
        }
    }
}
