package dev.hsresnet.data;

import dev.hsresnet.core.models.Preprocessing;

/**
 * The transforms a model's saved {@link Preprocessing} stands for, shared by evaluation,
 * prediction and serving so that all three feed the network the same pixels.
 */
public final class PreprocessingTransforms {

    private PreprocessingTransforms() {}

    /**
     * @param pre the preprocessing
     * @return the evaluation transform: resize the short side to {@code pre.resizeSize()}, center
     *     crop {@code pre.size()}, normalize; the resize step enforces {@link ImageGuard#DEFAULT}
     */
    public static Transform eval(Preprocessing pre) {
        return eval(pre, ImageGuard.DEFAULT);
    }

    /**
     * @param pre the preprocessing
     * @param guard whose resize limit the resize step enforces
     * @return the evaluation transform: resize the short side, center crop, normalize
     */
    public static Transform eval(Preprocessing pre, ImageGuard guard) {
        return Transforms.compose(new ResizeShortCenterCrop(pre.resizeSize(), pre.size(), guard),
                normalize(pre));
    }

    /**
     * @param pre the preprocessing
     * @return per-channel {@code (x - mean) / std} with the preprocessing's statistics
     */
    public static Normalize normalize(Preprocessing pre) {
        float[] mean = new float[pre.channels()];
        float[] std = new float[pre.channels()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = pre.mean().get(i).floatValue();
            std[i] = pre.std().get(i).floatValue();
        }
        return new Normalize(mean, std);
    }
}
