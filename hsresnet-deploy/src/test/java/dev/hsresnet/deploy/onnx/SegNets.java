package dev.hsresnet.deploy.onnx;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.core.testing.Nets;
import dev.hsresnet.vision.segmentation.DecodeHead;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import dev.hsresnet.vision.segmentation.SegmentationNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Tiny segmentation networks for the exporter's tests, built in DJL as the vision tests build
 * them, with seeded weights, random BatchNorm statistics and random conv biases (so a misplaced
 * BN, bias or level changes the output), and logits of a trained network's order ({@link
 * #LOGIT_SCALE}).
 */
final class SegNets {

    /** The largest logit of a network from {@link #create} on a calibration input. */
    static final double LOGIT_SCALE = 10;

    private SegNets() {}

    /** HS backbone: deep stem, avg-down shortcut, HS stages in both forms, natural stride 32. */
    static SegmentationSpec hs() {
        ResNetSpec b = base(Stem.DEEP, Shortcut.AVG_DOWN)
                .stages(List.of(StageSpec.hs(1, 4, 4, 2), StageSpec.hs(2, 4, 3, 3),
                        StageSpec.plain(1, 4), StageSpec.hs(1, 4, 2, 3)))
                .stemWidth(16).build();
        return new SegmentationSpec(b, 8, 6, 5);
    }

    /** Plain backbone: ResNet stem, plain shortcut, dilated to output stride 8. */
    static SegmentationSpec plainDilated() {
        ResNetSpec b = base(Stem.RESNET, Shortcut.PLAIN)
                .stages(List.of(StageSpec.plain(1, 2), StageSpec.plain(1, 4),
                        StageSpec.plain(2, 4), StageSpec.plain(1, 4)))
                .stemWidth(8).outputStride(8).build();
        return new SegmentationSpec(b, 6, 4, 3);
    }

    /** HS backbone dilated to output stride 16 (strides 4, 8, 16, 16). */
    static SegmentationSpec hsStride16() {
        ResNetSpec b = base(Stem.DEEP, Shortcut.AVG_DOWN)
                .stages(List.of(StageSpec.hs(1, 4, 4, 2), StageSpec.plain(1, 4),
                        StageSpec.hs(1, 4, 3, 3), StageSpec.hs(1, 4, 4, 1)))
                .stemWidth(16).outputStride(16).build();
        return new SegmentationSpec(b, 8, 4, 4);
    }

    /**
     * DeepLabV3 (ASPP on C5) on an HS backbone dilated to output stride 8, with the auxiliary
     * head (training only, so its tensors are in the state dict but not in the graph).
     */
    static SegmentationSpec hsDeepLab() {
        ResNetSpec b = base(Stem.DEEP, Shortcut.AVG_DOWN)
                .stages(List.of(StageSpec.hs(1, 4, 4, 2), StageSpec.plain(1, 4),
                        StageSpec.hs(1, 4, 3, 3), StageSpec.hs(1, 4, 4, 1)))
                .stemWidth(16).outputStride(8).build();
        return new SegmentationSpec(b, 8, 6, 4, DecodeHead.ASPP, true);
    }

    /** Per-channel statistics that are not the identity. */
    static Preprocessing preprocessing() {
        return new Preprocessing(64, 1.0, "bilinear", List.of(0.485, 0.456, 0.406),
                List.of(0.229, 0.224, 0.225));
    }

    private static ResNetSpec.Builder base(Stem stem, Shortcut shortcut) {
        return ResNetSpec.builder().stem(stem).shortcut(shortcut).inChannels(3).numClasses(0)
                .expansion(4).zeroInitLastBn(false);
    }

    /**
     * A DJL network with its weights.
     *
     * @param net the network, initialized, in the model
     * @param model owns the parameters; close it
     * @param stateDict the weights by PyTorch name
     */
    record Built(SegmentationNet net, Model model, Map<String, Tensor> stateDict)
            implements AutoCloseable {

        /** @return DJL's inference-mode (eval) output for the input, row-major */
        float[] forward(float[] input, long[] shape) {
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray x = m.create(input, new Shape(shape));
                return Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** @return the network of {@code spec} with random weights, statistics and biases */
    static Built create(SegmentationSpec spec, long seed) {
        SegmentationNet net = new SegmentationNet(spec);
        Model model = Nets.initialized(net, new Shape(1, 3, 64, 96), seed);
        try {
            Map<String, Parameter> params = StateDict.of(net);
            Map<String, Tensor> weights = randomizeBiases(
                    SmallNets.randomizeBatchNorm(Weights.export(params), seed), seed);
            Weights.load(params, weights, "random", "the segmentation network", Set.of());
            Built built = new Built(net, model, weights);
            // random BNs compound over the depth (logits of a few hundred); a trained network's
            // are of order 10: conv_seg is scaled so that the largest logit is LOGIT_SCALE
            long[] shape = {1, 3, 64, 96};
            double max = 0;
            for (float v : built.forward(images(shape, seed + 1), shape)) {
                max = Math.max(max, Math.abs(v));
            }
            float f = (float) (LOGIT_SCALE / max);
            for (String name : List.of("decode_head.conv_seg.weight", "decode_head.conv_seg.bias")) {
                Tensor t = weights.get(name);
                float[] v = t.toFloats();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= f;
                }
                weights.put(name, Tensor.ofFloats(t.shape(), v));
            }
            Weights.load(params, weights, "random", "the segmentation network", Set.of());
            return new Built(net, model, Weights.export(params));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Conv biases (which start at zero) drawn N(0, 0.3). */
    static Map<String, Tensor> randomizeBiases(Map<String, Tensor> in, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 17 + 3);
        Map<String, Tensor> out = new LinkedHashMap<>(in);
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            String key = e.getKey();
            String layer = key.endsWith(".bias") ? key.substring(0, key.length() - 5) : null;
            if (layer == null || in.containsKey(layer + ".running_mean")) {
                continue;
            }
            float[] b = new float[(int) e.getValue().numel()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (0.3 * rng.nextGaussian());
            }
            out.put(key, Tensor.ofFloats(e.getValue().shape(), b));
        }
        return out;
    }

    /** @return standard-normal floats for an input of this shape */
    static float[] images(long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}
