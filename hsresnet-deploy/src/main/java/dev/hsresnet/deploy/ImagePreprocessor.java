package dev.hsresnet.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.Transform;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A model's evaluation preprocessing (from its {@code model.json}): convert to the model's
 * channels, resize the short side, center crop, scale to [0, 1], normalize. The same code the
 * evaluator uses, so predictions see what validation saw. The resize step refuses, with an
 * {@link dev.hsresnet.data.ImageBudgetException}, an image whose resize would exceed the
 * guard's {@link ImageGuard#maxResizePixels()} (an already-decoded 1 x 20,000,000 strip), before
 * allocating it. Thread-safe.
 */
public final class ImagePreprocessor {

    private final Transform eval;
    private final int channels;
    private final int size;

    /**
     * With the {@link ImageGuard#DEFAULT default} resize limit.
     *
     * @param config the model's configuration
     * @throws IllegalArgumentException when the model does not take 1- or 3-channel images
     */
    public ImagePreprocessor(ModelConfig config) {
        this(config, ImageGuard.DEFAULT);
    }

    /**
     * @param config the model's configuration
     * @param guard whose resize limit the resize step enforces
     * @throws IllegalArgumentException when the model does not take 1- or 3-channel images
     */
    public ImagePreprocessor(ModelConfig config, ImageGuard guard) {
        int c = config.architecture().inChannels();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("model '" + config.name() + "' takes " + c
                    + "-channel input; images need 1 (gray) or 3 (RGB)");
        }
        this.channels = c;
        this.size = config.inputSize();
        this.eval = PreprocessingTransforms.eval(config.preprocessing(), guard);
    }

    /** @return input channels, 1 or 3 */
    public int channels() {
        return channels;
    }

    /** @return input height and width in pixels */
    public int size() {
        return size;
    }

    /** @return values per preprocessed image: channels x size x size */
    public int imageLength() {
        return channels * size * size;
    }

    /**
     * @param image a decoded image with the model's number of channels, values in [0, 1]
     * @return {@code channels x size x size} normalized values (CHW)
     */
    public float[] apply(Image image) {
        if (image.channels() != channels) {
            throw new IllegalArgumentException("image has " + image.channels()
                    + " channels, the model takes " + channels);
        }
        return eval.apply(image, new SplittableRandom(0)).pixels();
    }

    /** @return the preprocessed pixels of any AWT image */
    public float[] apply(BufferedImage image) {
        return apply(toImage(image));
    }

    /** @return the preprocessed pixels of a DJL image */
    public float[] apply(ai.djl.modality.cv.Image image) {
        return apply(toImage(image));
    }

    /** @return an AWT image converted to the model's channels, values in [0, 1] */
    public Image toImage(BufferedImage image) {
        return ImageDecoder.toImage(image, channels);
    }

    /**
     * Converts a DJL image: the AWT image it wraps when there is one, else its HWC RGB array.
     *
     * @return the image in the model's channels, values in [0, 1]
     */
    public Image toImage(ai.djl.modality.cv.Image image) {
        if (image.getWrappedImage() instanceof BufferedImage b) {
            return toImage(b);
        }
        int h = image.getHeight();
        int w = image.getWidth();
        Image.length(3, h, w); // refuse before the copy when it cannot fit one array
        float[] hwc;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = image.toNDArray(m, ai.djl.modality.cv.Image.Flag.COLOR);
            hwc = a.toType(DataType.FLOAT32, false).toFloatArray();
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb.setRGB(x, y, (clamp(hwc[i]) << 16) | (clamp(hwc[i + 1]) << 8) | clamp(hwc[i + 2]));
            }
        }
        return toImage(rgb);
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
