package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.StageCost;
import java.util.List;

/**
 * Parameters and MACs of a semantic FPN network for one image, by the convention of {@link
 * Complexity} (a convolution costs {@code out_h * out_w * out_channels * in_channels * k * k};
 * BatchNorm affine parameters and conv biases count as parameters; resizes cost nothing).
 *
 * @param backbone the backbone's cost (headless)
 * @param neckParams the FPN's parameters
 * @param neckMacs the FPN's MACs
 * @param headParams the head's parameters
 * @param headMacs the head's MACs
 */
public record SegmentationComplexity(
        Complexity backbone, long neckParams, long neckMacs, long headParams, long headMacs) {

    /**
     * @param spec the network
     * @param height input height in pixels
     * @param width input width in pixels
     * @return its cost
     */
    public static SegmentationComplexity of(FpnSegmentationSpec spec, int height, int width) {
        Complexity backbone = Complexity.of(spec.backbone(), height, width);
        List<StageCost> stages = backbone.stages().subList(1, 1 + spec.backbone().stages().size());
        long n = spec.neckChannels();
        long h = spec.headChannels();
        long neckParams = 0;
        long neckMacs = 0;
        long headParams = 0;
        long headMacs = 0;
        int[] strides = spec.levelStrides();
        for (int i = 0; i < stages.size(); i++) {
            StageCost level = stages.get(i);
            long pixels = level.outHeight() * level.outWidth();
            long in = level.outChannels();
            neckParams += in * n + n + 9 * n * n + n;
            neckMacs += pixels * (in * n + 9 * n * n);
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
        return new SegmentationComplexity(backbone, neckParams, neckMacs, headParams, headMacs);
    }

    /** @return all parameters */
    public long params() {
        return backbone.params() + neckParams + headParams;
    }

    /** @return all MACs */
    public long macs() {
        return backbone.macs() + neckMacs + headMacs;
    }

    /** @return all MACs in billions */
    public double gmacs() {
        return macs() / 1e9;
    }
}
