package dev.hsresnet.core.complexity;

import dev.hsresnet.core.nn.Layers;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parameter count and MACs of a network, computed from the architecture's definition (no network
 * is built): per stage and in total, for one image of a given size.
 *
 * <p>Convention (that of the spec's model table): a convolution costs {@code out_h * out_w *
 * out_channels * in_channels * kh * kw} MACs, a linear layer {@code in * out}; nothing else is
 * counted. Parameters include BN gamma and beta and the classifier bias, not BN running statistics.
 *
 * @param spec the architecture
 * @param inputHeight input height in pixels
 * @param inputWidth input width in pixels
 * @param stages stem, each stage, and the head (absent when the spec has no classifier)
 */
public record Complexity(ResNetSpec spec, int inputHeight, int inputWidth, List<StageCost> stages) {

    /** @return total learnable parameters */
    public long params() {
        return stages.stream().mapToLong(StageCost::params).sum();
    }

    /** @return total multiply-accumulates for one image */
    public long macs() {
        return stages.stream().mapToLong(StageCost::macs).sum();
    }

    /** @return MACs in units of 10^9, as model tables print them */
    public double gmacs() {
        return macs() / 1e9;
    }

    /**
     * Computes the cost of a square input.
     *
     * @param spec the architecture
     * @param size input height and width in pixels
     * @return the cost
     */
    public static Complexity of(ResNetSpec spec, int size) {
        return of(spec, size, size);
    }

    /**
     * Computes the cost of an input of {@code height x width} pixels.
     *
     * @throws IllegalArgumentException when the input is too small for the network's strides
     */
    public static Complexity of(ResNetSpec spec, int height, int width) {
        return compute(spec, height, width, null);
    }

    /**
     * The distinct convolutions of a network, in the order the network first runs them (stem,
     * then each stage's bottlenecks: 1x1, the 3x3 stage, 1x1, the projection shortcut).
     *
     * @param spec the architecture
     * @return each distinct (in, out, kernel, stride, dilation) once
     */
    public static List<ConvShape> convShapes(ResNetSpec spec) {
        Set<ConvShape> shapes = new LinkedHashSet<>();
        // the shapes do not depend on the input size; 224 fits every stride of the registry
        compute(spec, 224, 224, shapes);
        return List.copyOf(shapes);
    }

    private static Complexity compute(
            ResNetSpec spec, int height, int width, Set<ConvShape> shapes) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input size must be positive, got " + height + "x" + width);
        }
        List<StageCost> stages = new ArrayList<>();
        Tally stem = new Tally(height, width, shapes);
        stemCost(spec, stem);
        stages.add(stem.done("stem", spec.stemChannels(), spec.stem().reduction()));

        int in = spec.stemChannels();
        long h = stem.h;
        long w = stem.w;
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            int out = spec.stageChannels(i);
            Tally t = new Tally(h, w, shapes);
            for (int k = 0; k < stage.depth(); k++) {
                bottleneckCost(t, k == 0 ? in : out, out, spec.layout(i, k), stage,
                        spec.shortcut());
            }
            stages.add(t.done("layer" + (i + 1), out, spec.stageReduction(i)));
            in = out;
            h = t.h;
            w = t.w;
        }
        if (spec.numClasses() > 0) {
            long features = spec.featureChannels();
            long params = features * spec.numClasses() + spec.numClasses();
            stages.add(new StageCost(
                    "head", spec.numClasses(), 1, 1, 1, params, features * spec.numClasses()));
        }
        return new Complexity(spec, height, width, List.copyOf(stages));
    }

    private static void stemCost(ResNetSpec spec, Tally t) {
        int in = spec.inChannels();
        switch (spec.stem()) {
            case DEEP -> {
                int mid = spec.deepStemMidChannels();
                t.conv(in, mid, 3, 2).bn(mid);
                t.conv(mid, mid, 3, 1).bn(mid);
                t.conv(mid, spec.stemChannels(), 3, 1).bn(spec.stemChannels());
            }
            case RESNET -> t.conv(in, spec.stemChannels(), 7, 2).bn(spec.stemChannels());
            case CIFAR -> t.conv(in, spec.stemChannels(), 3, 1).bn(spec.stemChannels());
        }
        if (spec.stem() != Stem.CIFAR) {
            t.resize(Layers.outSize(t.h, 3, 2, 1), Layers.outSize(t.w, 3, 2, 1));
        }
    }

    private static void bottleneckCost(
            Tally t, int in, int out, BlockLayout layout, StageSpec stage, Shortcut shortcut) {
        long h = t.h;
        long w = t.w;
        int stride = layout.stride();
        int mid = stage.midChannels();
        t.conv(in, mid, 1, 1).bn(mid);
        if (stage.usesHs()) {
            hsCost(t, stage.hs(), layout);
        } else {
            t.conv(mid, mid, 3, stride, layout.dilation()).bn(mid);
        }
        long oh = t.h;
        long ow = t.w;
        t.conv(mid, out, 1, 1).bn(out);
        if (layout.stageForm() || stride != 1 || in != out) {
            // the projection sees the block input: pool (d) or stride (b) to the output size
            t.resize(h, w);
            if (shortcut == Shortcut.AVG_DOWN && stride > 1) {
                t.resize(Layers.outSizeCeil(h, stride, stride, 0),
                        Layers.outSizeCeil(w, stride, stride, 0));
                t.conv(in, out, 1, 1).bn(out);
            } else {
                t.conv(in, out, 1, stride).bn(out);
            }
            if (t.h != oh || t.w != ow) {
                throw new IllegalStateException("shortcut and residual sizes differ: "
                        + t.h + "x" + t.w + " vs " + oh + "x" + ow);
            }
        }
    }

    private static void hsCost(Tally t, HsConfig hs, BlockLayout layout) {
        long h = t.h;
        long w = t.w;
        int[] widths = hs.convChannels();
        if (layout.stageForm()) {
            java.util.Arrays.fill(widths, hs.w());
        }
        for (int c : widths) {
            t.resize(h, w);
            t.conv(c, c, 3, layout.stride(), layout.dilation()).bn(c);
        }
    }

    /** Accumulates cost while tracking the current spatial size. */
    private static final class Tally {
        long h;
        long w;
        long params;
        long macs;
        private final Set<ConvShape> shapes;

        /** @param shapes collects every convolution's shape, or null */
        Tally(long h, long w, Set<ConvShape> shapes) {
            this.h = h;
            this.w = w;
            this.shapes = shapes;
        }

        Tally conv(int in, int out, int kernel, int stride) {
            return conv(in, out, kernel, stride, 1);
        }

        /** A convolution with padding {@code dilation * (kernel / 2)}: the size as without. */
        Tally conv(int in, int out, int kernel, int stride, int dilation) {
            if (shapes != null) {
                shapes.add(new ConvShape(in, out, kernel, stride, kernel == 1 ? 1 : dilation));
            }
            h = Layers.outSize(h, kernel, stride, kernel / 2);
            w = Layers.outSize(w, kernel, stride, kernel / 2);
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("input too small: a feature map shrinks to "
                        + h + "x" + w);
            }
            long weights = (long) in * out * kernel * kernel;
            params += weights;
            macs += weights * h * w;
            return this;
        }

        Tally bn(int channels) {
            params += 2L * channels;
            return this;
        }

        void resize(long height, long width) {
            h = height;
            w = width;
        }

        StageCost done(String name, int channels, int reduction) {
            return new StageCost(name, channels, reduction, h, w, params, macs);
        }
    }
}
