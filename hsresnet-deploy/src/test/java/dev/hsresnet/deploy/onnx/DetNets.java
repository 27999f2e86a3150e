package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.deploy.DjlOutputs;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.task.DenseModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tiny FCOS detectors for the exporter's and the backends' tests, built as the vision tests build
 * them (C3-C5 of 16 channels, 8-channel neck): seeded weights, random BatchNorm statistics, conv
 * biases, GroupNorm affine parameters and level scales (so a misplaced BN, GN, bias, scale or
 * level changes the output), output layers whose predictions vary over the locations, and
 * outputs of a trained network's order: class logits up to {@value #CLS_SCALE}, centerness up to
 * {@value #CTR_SCALE}, distances up to {@value #DISTANCE_SCALE} pixels on a 64x96 input. The
 * same detectors with YOLACT's coefficients and prototypes ({@link #createInstance}): the
 * coefficients spread over (-1, 1), the prototypes up to {@value #PROTO_SCALE}.
 */
public final class DetNets {

    static final double CLS_SCALE = 8;
    static final double CTR_SCALE = 4;
    /** Pixels: twice the calibration input's height, the most a trained detector predicts there. */
    static final double DISTANCE_SCALE = 128;
    /** The largest prototype value: masks that are neither empty nor whole. */
    static final double PROTO_SCALE = 4;

    private DetNets() {}

    /** HS backbone (deep stem, avg-down, HS stages), P3-P7, 2-unit towers, 3 classes. */
    public static DetectionSpec hs5() {
        return spec(hsBackbone(), 3, 5, 2, 4);
    }

    /** The same HS backbone with P3-P5 and 1-unit towers of 8 groups (one channel per group). */
    public static DetectionSpec hs3() {
        return spec(hsBackbone(), 3, 3, 1, 8);
    }

    /** Plain backbone (ResNet stem, plain shortcut), P3-P5, 1-unit towers, 2 classes. */
    public static DetectionSpec plain3() {
        return spec(plainBackbone(), 2, 3, 1, 2);
    }

    /** The plain backbone with P3-P7, 3-unit towers of one group, 1 class. */
    public static DetectionSpec plain5() {
        return spec(plainBackbone(), 1, 5, 3, 1);
    }

    private static DetectionSpec spec(ResNetSpec backbone, int classes, int levels, int tower,
            int groups) {
        return new DetectionSpec(backbone, 8, classes, levels, tower, groups, 0.01, 1.5, 0.05,
                0.6, 1000, 100, 384, 640);
    }

    private static ResNetSpec hsBackbone() {
        return base(Stem.DEEP, Shortcut.AVG_DOWN)
                .stages(List.of(StageSpec.hs(1, 4, 4, 2), StageSpec.hs(2, 4, 3, 3),
                        StageSpec.plain(1, 4), StageSpec.hs(1, 4, 2, 3)))
                .stemWidth(16).build();
    }

    private static ResNetSpec plainBackbone() {
        return base(Stem.RESNET, Shortcut.PLAIN)
                .stages(List.of(StageSpec.plain(1, 2), StageSpec.plain(1, 4),
                        StageSpec.plain(2, 4), StageSpec.plain(1, 4)))
                .stemWidth(8).build();
    }

    private static ResNetSpec.Builder base(Stem stem, Shortcut shortcut) {
        return ResNetSpec.builder().stem(stem).shortcut(shortcut).inChannels(3).numClasses(0)
                .expansion(4).zeroInitLastBn(false);
    }

    /** @return the configuration of a spec: labels {@code c0, c1, ...}, SegNets' mean and std */
    public static ModelConfig config(String name, DetectionSpec spec) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < spec.numClasses(); i++) {
            labels.add("c" + i);
        }
        return DetectionModels.config(name, spec, labels).withPreprocessing(preprocessing());
    }

    /** Per-channel statistics that are not the identity. */
    public static Preprocessing preprocessing() {
        return SegNets.preprocessing();
    }

    /**
     * @param spec the network
     * @param seed the weights' seed
     * @return a model with random weights as the class javadoc says; close it
     */
    public static DetectionModel create(DetectionSpec spec, long seed) {
        return randomize(DetectionModel.create(config("tiny-fcos", spec), seed), seed);
    }

    /**
     * @param spec the detector
     * @param prototypes k
     * @param seed the weights' seed
     * @return the detector as a YOLACT instance segmenter with random weights; close it
     */
    public static InstanceModel createInstance(DetectionSpec spec, int prototypes, long seed) {
        return randomize(InstanceModel.create(instanceConfig("tiny-yolact",
                new InstanceSpec(spec, prototypes)), seed), seed);
    }

    /** @return the configuration of an instance spec: labels and statistics as {@link #config} */
    public static ModelConfig instanceConfig(String name, InstanceSpec spec) {
        ModelConfig detector = config(name, spec.detection());
        return InstanceModels.config(name, spec, detector.labels())
                .withPreprocessing(detector.preprocessing());
    }

    /** Randomizes a fresh model's weights as the class javadoc says. */
    private static <M extends DenseModel<?, ?>> M randomize(M model, long seed) {
        try {
            Map<String, Tensor> w = SegNets.randomizeBiases(
                    SmallNets.randomizeBatchNorm(model.stateDict(), seed), seed);
            w = randomizeGroupNormsAndScales(w, seed);
            model.loadStateDict(w, "random");
            // a calibration forward: each head output is scaled to a trained network's range
            long[] shape = {1, 3, 64, 96};
            float[][] out = forward(model, images(shape, seed + 1), shape);
            scale(w, "bbox_head.conv_cls", CLS_SCALE / maxAbs(out[0]));
            scale(w, "bbox_head.conv_reg", DISTANCE_SCALE / maxAbs(out[1]));
            scale(w, "bbox_head.conv_centerness", CTR_SCALE / maxAbs(out[2]));
            if (out.length == 5) {
                scale(w, "mask_head.protonet.9", PROTO_SCALE / maxAbs(out[4]));
            }
            model.loadStateDict(w, "random, scaled");
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * GroupNorm weights of either sign in 0.5..1.5, biases N(0, 0.3), scales 0.5..1.5; the
     * head's last convolutions' weights N(0, 1 / fan_in), {@code conv_reg}'s biases N(1, 0.3).
     */
    private static Map<String, Tensor> randomizeGroupNormsAndScales(Map<String, Tensor> in,
            long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 13 + 5);
        Map<String, Tensor> out = new LinkedHashMap<>(in);
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            String key = e.getKey();
            float[] v = new float[(int) e.getValue().numel()];
            if (key.contains(".gn.weight")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextBoolean() ? 1 : -1) * rng.nextDouble(0.5, 1.5));
                }
            } else if (key.contains(".gn.bias")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.3 * rng.nextGaussian());
                }
            } else if (key.startsWith("bbox_head.scales.")) {
                v[0] = (float) rng.nextDouble(0.5, 1.5);
            } else if (key.matches("bbox_head\\.conv_(cls|reg|centerness|coeff)\\.weight")) {
                // as a trained head's: the features, not the biases, decide (mmdet's init,
                // normal(0, 0.01), would make every location predict nearly the same)
                double std = 1 / Math.sqrt(v.length / e.getValue().shape()[0]);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (std * rng.nextGaussian());
                }
            } else if (key.equals("bbox_head.conv_reg.bias")) {
                // distances mostly positive, so that most boxes are not empty
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (1 + 0.3 * rng.nextGaussian());
                }
            } else {
                continue;
            }
            out.put(key, Tensor.ofFloats(e.getValue().shape(), v));
        }
        return out;
    }

    private static void scale(Map<String, Tensor> w, String conv, double factor) {
        for (String name : List.of(conv + ".weight", conv + ".bias")) {
            Tensor t = w.get(name);
            float[] v = t.toFloats();
            for (int i = 0; i < v.length; i++) {
                v[i] *= (float) factor;
            }
            w.put(name, Tensor.ofFloats(t.shape(), v));
        }
    }

    /**
     * @return DJL's inference-mode (eval) outputs {@code [cls, box, ctr]} (and {@code coeff,
     *     protos} of an instance segmenter), row-major, of the model as it is (BatchNorm folded
     *     only if the model was prepared)
     */
    public static float[][] forward(DenseModel<?, ?> model, float[] input, long[] shape) {
        return DjlOutputs.run(model, (int) shape[1], input, (int) shape[0], (int) shape[2],
                (int) shape[3]);
    }

    /** @return standard-normal floats for an input of this shape */
    public static float[] images(long[] shape, long seed) {
        return SegNets.images(shape, seed);
    }

    static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
