package dev.hsresnet.core.nn;

import dev.hsresnet.core.spec.ResNetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature level a backbone can return: what detection and segmentation heads need to attach.
 *
 * @param index level index for {@code outIndices}: 0 = stem (after its ReLU, before the max pool),
 *     {@code k} = output of stage {@code k}
 * @param name the module the level is taken from ({@code act1}, {@code layer1}, ...)
 * @param channels channels of the level
 * @param reduction stride of the level relative to the input (2, 4, 8, 16, 32 for the ImageNet
 *     stems; 1, 1, 2, 4 for the cifar stem; a dilated backbone's last levels stay at its output
 *     stride)
 */
public record FeatureInfo(int index, String name, int channels, int reduction) {

    /**
     * @param spec the architecture
     * @return every level, index 0 to the number of stages
     */
    public static List<FeatureInfo> of(ResNetSpec spec) {
        List<FeatureInfo> levels = new ArrayList<>();
        boolean pooled = spec.stem().hasMaxPool();
        levels.add(new FeatureInfo(0, "act1", spec.stemChannels(), pooled ? 2 : 1));
        for (int i = 0; i < spec.stages().size(); i++) {
            levels.add(new FeatureInfo(i + 1, "layer" + (i + 1), spec.stageChannels(i),
                    spec.stageReduction(i)));
        }
        return levels;
    }
}
