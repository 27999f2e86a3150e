package dev.hsresnet.train.data;

import java.util.SplittableRandom;

/**
 * The evaluation transform {@code Resize(resizeShort)} then {@code CenterCrop(crop)}, with
 * torchvision's arithmetic: the shorter side becomes {@code resizeShort} and the longer {@code
 * floor(resizeShort * long / short)} (bilinear, no resampling when the short side already
 * matches); the crop starts at {@code round((side - crop) / 2)} (half to even). Deterministic.
 */
public final class ResizeShortCenterCrop implements Transform {

    private final int resizeShort;
    private final int crop;

    /**
     * @param resizeShort target length of the shorter side, at least 1
     * @param crop side of the square centre crop, in {@code [1, resizeShort]}
     */
    public ResizeShortCenterCrop(int resizeShort, int crop) {
        if (resizeShort < 1 || crop < 1 || crop > resizeShort) {
            throw new IllegalArgumentException(
                    "need 1 <= crop <= resizeShort, got crop " + crop + ", resizeShort " + resizeShort);
        }
        this.resizeShort = resizeShort;
        this.crop = crop;
    }

    @Override
    public Image apply(Image image, SplittableRandom rng) {
        int h = image.height();
        int w = image.width();
        int newH;
        int newW;
        if (w <= h) {
            newW = resizeShort;
            newH = (int) ((long) resizeShort * h / w);
        } else {
            newH = resizeShort;
            newW = (int) ((long) resizeShort * w / h);
        }
        Image resized = Bilinear.resize(image, newH, newW);
        int top = (int) Math.rint((newH - crop) / 2.0);
        int left = (int) Math.rint((newW - crop) / 2.0);
        return Crops.crop(resized, top, left, crop, crop);
    }
}
