package dev.hsresnet.core.nn;

import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state dict a {@link ResNet} of a spec has, computed from the spec alone: the same names, in
 * the same order, as {@link StateDict#of} gives for the built network, with each parameter's
 * shape. A loader compares a weights file's header with it before it allocates a network.
 *
 * <pre>{@code
 * Map<String, long[]> shapes = StateDictShapes.of(Models.spec("hs_resnet50", 1000, 3), true);
 * shapes.get("conv1.0.weight")   // [32, 3, 3, 3]
 * shapes.get("fc.weight")        // [1000, 2048]
 * }</pre>
 */
public final class StateDictShapes {

    private final Map<String, long[]> out = new LinkedHashMap<>();

    private StateDictShapes() {}

    /**
     * @param spec the architecture
     * @param classifier whether the network has its classifier ({@code fc}); false for feature
     *     mode, and ignored when {@code numClasses == 0}
     * @return PyTorch name to shape (OIHW for convolutions, {@code (C)} for BatchNorm, {@code
     *     (classes, features)} and {@code (classes)} for the classifier), in registration order;
     *     unmodifiable
     */
    public static Map<String, long[]> of(ResNetSpec spec, boolean classifier) {
        StateDictShapes s = new StateDictShapes();
        s.stem(spec);
        int in = spec.stemChannels();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            int outChannels = spec.stageChannels(i);
            for (int k = 0; k < stage.depth(); k++) {
                s.bottleneck("layer" + (i + 1) + "." + k + ".", k == 0 ? in : outChannels,
                        outChannels, k == 0 ? ResNetSpec.stageStride(i) : 1, stage,
                        spec.shortcut());
            }
            in = outChannels;
        }
        if (classifier && spec.numClasses() > 0) {
            s.out.put("fc.weight", new long[] {spec.numClasses(), spec.featureChannels()});
            s.out.put("fc.bias", new long[] {spec.numClasses()});
        }
        return Collections.unmodifiableMap(s.out);
    }

    private void stem(ResNetSpec spec) {
        int in = spec.inChannels();
        switch (spec.stem()) {
            case DEEP -> {
                int mid = spec.deepStemMidChannels();
                conv("conv1.0.", mid, in, 3);
                batchNorm("conv1.1.", mid);
                conv("conv1.3.", mid, mid, 3);
                batchNorm("conv1.4.", mid);
                conv("conv1.6.", spec.stemChannels(), mid, 3);
            }
            case RESNET -> conv("conv1.", spec.stemChannels(), in, 7);
            case CIFAR -> conv("conv1.", spec.stemChannels(), in, 3);
        }
        batchNorm("bn1.", spec.stemChannels());
    }

    private void bottleneck(
            String prefix, int in, int outChannels, int stride, StageSpec stage, Shortcut shortcut) {
        int mid = stage.midChannels();
        conv(prefix + "conv1.", mid, in, 1);
        batchNorm(prefix + "bn1.", mid);
        if (stage.usesHs()) {
            hs(prefix + "hs.", stage.hs(), stride);
        } else {
            conv(prefix + "conv2.", mid, mid, 3);
            batchNorm(prefix + "bn2.", mid);
        }
        conv(prefix + "conv3.", outChannels, mid, 1);
        batchNorm(prefix + "bn3.", outChannels);
        if (stride != 1 || in != outChannels) {
            // avg-down: [pool or identity, conv, bn]; plain: [conv with stride, bn]
            int first = shortcut == Shortcut.AVG_DOWN ? 1 : 0;
            conv(prefix + "downsample." + first + ".", outChannels, in, 1);
            batchNorm(prefix + "downsample." + (first + 1) + ".", outChannels);
        }
    }

    /** {@link HSBlock}: every conv, then every BatchNorm. */
    private void hs(String prefix, HsConfig config, int stride) {
        int[] widths = config.convChannels();
        if (stride != 1) {
            Arrays.fill(widths, config.w());
        }
        int groups = widths.length;
        for (int j = 0; j < groups; j++) {
            conv(prefix + "convs." + j + ".", widths[j], widths[j], 3);
        }
        for (int j = 0; j < groups; j++) {
            batchNorm(prefix + "bns." + j + ".", widths[j]);
        }
    }

    private void conv(String prefix, int outChannels, int in, int kernel) {
        out.put(prefix + "weight", new long[] {outChannels, in, kernel, kernel});
    }

    private void batchNorm(String prefix, int channels) {
        for (String name : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            out.put(prefix + name, new long[] {channels});
        }
    }
}
