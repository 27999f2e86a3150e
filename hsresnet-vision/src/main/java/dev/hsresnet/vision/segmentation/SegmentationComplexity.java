package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.StageCost;
import java.util.List;

/**
 * Parameters and MACs of a segmentation network for one image, by the convention of {@link
 * Complexity} (a convolution costs {@code out_h * out_w * out_channels * in_channels * k * k},
 * dilated or not; BatchNorm affine parameters and conv biases count as parameters; pools and
 * resizes cost nothing).
 *
 * <p>The auxiliary head is counted apart: it is trained and saved but does not run at inference.
 * So {@link #params()} includes its parameters, {@link #macs()} (an inference forward) excludes its
 * MACs, and {@link #trainingMacs()} includes them.
 *
 * @param backbone the backbone's cost (headless)
 * @param neckParams the FPN's parameters (0 for {@code aspp}: no neck)
 * @param neckMacs the FPN's MACs
 * @param headParams the decode head's parameters
 * @param headMacs the decode head's MACs
 * @param auxParams the auxiliary head's parameters (0 without it)
 * @param auxMacs the auxiliary head's MACs (0 without it)
 */
public record SegmentationComplexity(Complexity backbone, long neckParams, long neckMacs,
        long headParams, long headMacs, long auxParams, long auxMacs) {

    /**
     * @param spec the network
     * @param height input height in pixels
     * @param width input width in pixels
     * @return its cost
     */
    public static SegmentationComplexity of(SegmentationSpec spec, int height, int width) {
        Complexity backbone = Complexity.of(spec.backbone(), height, width);
        List<StageCost> stages = backbone.stages().subList(1, 1 + spec.backbone().stages().size());
        long[] neck = {0, 0};
        long[] head = spec.decodeHead() == DecodeHead.FPN
                ? fpn(spec, stages, neck)
                : aspp(spec, stages.get(stages.size() - 1));
        long[] aux = spec.auxHead() ? aux(spec, stages.get(stages.size() - 2)) : new long[] {0, 0};
        return new SegmentationComplexity(backbone, neck[0], neck[1], head[0], head[1], aux[0],
                aux[1]);
    }

    /** @return the FPN head's {params, MACs}; the neck's into {@code neck} */
    private static long[] fpn(SegmentationSpec spec, List<StageCost> stages, long[] neck) {
        long n = spec.neckChannels();
        long h = spec.headChannels();
        long headParams = 0;
        long headMacs = 0;
        int[] strides = spec.levelStrides();
        for (int i = 0; i < stages.size(); i++) {
            StageCost level = stages.get(i);
            long pixels = level.outHeight() * level.outWidth();
            long in = level.outChannels();
            neck[0] += in * n + n + 9 * n * n + n;
            neck[1] += pixels * (in * n + 9 * n * n);
            int ups = Integer.numberOfTrailingZeros(strides[i])
                    - Integer.numberOfTrailingZeros(strides[0]);
            long lh = level.outHeight();
            long lw = level.outWidth();
            long channels = n;
            for (int k = 0; k < Math.max(1, ups); k++) {
                headParams += 9 * channels * h + 2 * h;
                headMacs += lh * lw * 9 * channels * h;
                channels = h;
                if (ups > 0) {
                    lh *= 2;
                    lw *= 2;
                }
            }
        }
        StageCost finest = stages.get(0);
        long classes = spec.numClasses();
        headParams += h * classes + classes;
        headMacs += finest.outHeight() * finest.outWidth() * h * classes;
        return new long[] {headParams, headMacs};
    }

    /**
     * @return the DeepLabV3 head's {params, MACs} on C5: four branch convs ({@code 1 + 3 * 3 * 3}
     *     taps per input channel), the pooling branch's 1x1 on one pixel, the 1x1 projection of
     *     five branches, the 3x3 conv and the classifier
     */
    private static long[] aspp(SegmentationSpec spec, StageCost c5) {
        long pixels = c5.outHeight() * c5.outWidth();
        long in = c5.outChannels();
        long h = spec.headChannels();
        long classes = spec.numClasses();
        int rates = spec.asppRates().length;
        long branchTaps = in * (1 + 9L * rates);
        long concat = h * (rates + 2);
        long params = branchTaps * h + (rates + 1) * 2 * h // 1x1 and rates, with their BNs
                + in * h + 2 * h // pooling branch
                + concat * h + 2 * h // projection
                + 9 * h * h + 2 * h // 3x3
                + h * classes + classes; // classifier
        long macs = pixels * (branchTaps * h + concat * h + 9 * h * h + h * classes) + in * h;
        return new long[] {params, macs};
    }

    /** @return the auxiliary FCN head's {params, MACs} on C4 */
    private static long[] aux(SegmentationSpec spec, StageCost c4) {
        long pixels = c4.outHeight() * c4.outWidth();
        long in = c4.outChannels();
        long mid = spec.auxChannels();
        long classes = spec.numClasses();
        long params = 9 * in * mid + 2 * mid + mid * classes + classes;
        long macs = pixels * (9 * in * mid + mid * classes);
        return new long[] {params, macs};
    }

    /** @return all parameters, the auxiliary head's included (what is trained and saved) */
    public long params() {
        return backbone.params() + neckParams + headParams + auxParams;
    }

    /** @return the parameters an inference forward uses: {@link #params()} less the auxiliary head's */
    public long inferenceParams() {
        return params() - auxParams;
    }

    /** @return the MACs of an inference forward (no auxiliary head) */
    public long macs() {
        return backbone.macs() + neckMacs + headMacs;
    }

    /** @return the MACs of a training forward: {@link #macs()} plus the auxiliary head's */
    public long trainingMacs() {
        return macs() + auxMacs;
    }

    /** @return {@link #macs()} in billions */
    public double gmacs() {
        return macs() / 1e9;
    }
}
