package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * The evaluation transform {@code Resize(resizeShort)} then {@code CenterCrop(crop)}, with
 * torchvision's arithmetic: the shorter side becomes {@code resizeShort} and the longer {@code
 * floor(resizeShort * long / short)} (bilinear, no resampling when the short side already
 * matches); the crop starts at {@code round((side - crop) / 2)} (half to even). Deterministic.
 *
 * <p>The resized size is computed in {@code long} and checked against {@link
 * ImageGuard#maxResizePixels()} before anything is allocated, so an elongated image (1 x 20,000,000
 * resized to a short side of 32 would be 640 million pixels long) is an {@link
 * ImageBudgetException}, not an overflow or an {@code OutOfMemoryError}.
 */
public final class ResizeShortCenterCrop implements Transform {

    private final int resizeShort;
    private final int crop;
    private final ImageGuard guard;

    /**
     * With the {@link ImageGuard#DEFAULT default} resize limit.
     *
     * @param resizeShort target length of the shorter side, at least 1
     * @param crop side of the square centre crop, in {@code [1, resizeShort]}
     */
    public ResizeShortCenterCrop(int resizeShort, int crop) {
        this(resizeShort, crop, ImageGuard.DEFAULT);
    }

    /**
     * @param resizeShort target length of the shorter side, at least 1
     * @param crop side of the square centre crop, in {@code [1, resizeShort]}
     * @param guard whose {@link ImageGuard#maxResizePixels()} bounds the resized image
     */
    public ResizeShortCenterCrop(int resizeShort, int crop, ImageGuard guard) {
        if (resizeShort < 1 || crop < 1 || crop > resizeShort) {
            throw new IllegalArgumentException(
                    "need 1 <= crop <= resizeShort, got crop " + crop + ", resizeShort " + resizeShort);
        }
        this.resizeShort = resizeShort;
        this.crop = crop;
        this.guard = guard;
    }

    /**
     * @throws ImageBudgetException when the resized image would exceed the resize limit
     */
    @Override
    public Image apply(Image image, SplittableRandom rng) {
        int h = image.height();
        int w = image.width();
        long[] size = ImageGuard.resizeShort(h, w, resizeShort);
        guard.checkResize(h, w, size[0], size[1]);
        Image.length(image.channels(), size[0], size[1]); // a limit above what an array holds
        int newH = (int) size[0];
        int newW = (int) size[1];
        Image resized = Bilinear.resize(image, newH, newW);
        int top = (int) Math.rint((newH - crop) / 2.0);
        int left = (int) Math.rint((newW - crop) / 2.0);
        return Crops.crop(resized, top, left, crop, crop);
    }
}
