package dev.hsresnet.deploy.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.NetworkModel;
import java.awt.image.BufferedImage;

/**
 * What the segmenter should compute, computed here by hand: the normalized input, the network's
 * logits through {@code NetworkModel.forward}, their argmax and the margin of each pixel's
 * decision.
 */
final class Reference {

    private Reference() {}

    /** @return the RGB image as {@code (3, H, W)} values {@code (v / 255 - mean) / std} */
    static float[] normalized(BufferedImage img, ModelConfig config) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        float[] x = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float mean = config.preprocessing().mean().get(c).floatValue();
            float inv = 1f / config.preprocessing().std().get(c).floatValue();
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    int v = (img.getRGB(i, y) >> (16 - 8 * c)) & 0xff;
                    x[c * plane + y * w + i] = (v / 255f - mean) * inv;
                }
            }
        }
        return x;
    }

    /** @return the logits {@code (K, H, W)} of one image, row-major */
    static float[] logits(NetworkModel model, float[] x, int h, int w) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray in = m.create(x, new Shape(1, 3, h, w));
            return model.forward(in, false).head().toFloatArray();
        }
    }

    /** @return per pixel, the first index of the largest of the {@code k} planes */
    static int[] argmax(float[] logits, int k) {
        int plane = logits.length / k;
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 1; c < k; c++) {
                if (logits[c * plane + p] > logits[out[p] * plane + p]) {
                    out[p] = c;
                }
            }
        }
        return out;
    }

    /** @return the largest minus the second largest logit at pixel {@code p} */
    static float margin(float[] logits, int k, int p) {
        int plane = logits.length / k;
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float v = logits[c * plane + p];
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return first - second;
    }
}
