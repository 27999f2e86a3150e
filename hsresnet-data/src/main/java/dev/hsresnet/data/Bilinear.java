package dev.hsresnet.data;

/**
 * Bilinear resampling on float CHW images with the half-pixel-centre convention
 * ({@code align_corners=False}; PyTorch's {@code interpolate(mode="bilinear")} and torchvision's
 * resize with {@code antialias=False}): output pixel {@code o} samples source coordinate {@code
 * (o + 0.5) * in / out - 0.5}, clamped below at 0; the right/bottom neighbour is clamped to the
 * last pixel (edge replication). No antialiasing filter, so strong downscaling aliases.
 */
public final class Bilinear {

    private Bilinear() {}

    /**
     * Resizes an image.
     *
     * @param src the image
     * @param outH output height, at least 1
     * @param outW output width, at least 1
     * @return the resized image, or {@code src} itself when the size is unchanged
     * @throws ImageBudgetException when the output would not fit one array
     */
    public static Image resize(Image src, int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outH + "x" + outW);
        }
        int h = src.height();
        int w = src.width();
        if (outH == h && outW == w) {
            return src;
        }
        int length = Image.length(src.channels(), outH, outW);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        float[] ly = new float[outH];
        table(h, outH, y0, y1, ly);
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] lx = new float[outW];
        table(w, outW, x0, x1, lx);
        float[] in = src.pixels();
        float[] out = new float[length];
        int o = 0;
        for (int c = 0; c < src.channels(); c++) {
            int plane = c * h * w;
            for (int oy = 0; oy < outH; oy++) {
                int r0 = plane + y0[oy] * w;
                int r1 = plane + y1[oy] * w;
                float fy = ly[oy];
                for (int ox = 0; ox < outW; ox++) {
                    float fx = lx[ox];
                    float top = in[r0 + x0[ox]] + fx * (in[r0 + x1[ox]] - in[r0 + x0[ox]]);
                    float bottom = in[r1 + x0[ox]] + fx * (in[r1 + x1[ox]] - in[r1 + x0[ox]]);
                    out[o++] = top + fy * (bottom - top);
                }
            }
        }
        return new Image(src.channels(), outH, outW, out);
    }

    /** Source neighbours and weights along one axis. */
    private static void table(int in, int out, int[] i0, int[] i1, float[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double s = Math.max(0.0, (o + 0.5) * scale - 0.5);
            int a = Math.min((int) s, in - 1);
            i0[o] = a;
            i1[o] = Math.min(a + 1, in - 1);
            frac[o] = (float) (s - a);
        }
    }
}
