package dev.hsresnet.data;

import java.util.function.IntBinaryOperator;

/** Builders of small test images. */
final class Images {

    private Images() {}

    /** A one-channel image with value f(y, x). */
    static Image of(int h, int w, IntBinaryOperator f) {
        float[] px = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = f.applyAsInt(y, x);
            }
        }
        return new Image(1, h, w, px);
    }

    /** A c-channel image with value 1000 c + 100 y + x (unique per position up to 100 columns). */
    static Image coded(int c, int h, int w) {
        float[] px = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[(ch * h + y) * w + x] = 1000 * ch + 100 * y + x;
                }
            }
        }
        return new Image(c, h, w, px);
    }

    static Image constant(int c, int h, int w, float v) {
        float[] px = new float[c * h * w];
        java.util.Arrays.fill(px, v);
        return new Image(c, h, w, px);
    }
}
