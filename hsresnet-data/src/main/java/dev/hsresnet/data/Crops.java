package dev.hsresnet.data;

/** Geometric copies of images: rectangular crops with zero fill, and mirroring. */
public final class Crops {

    private Crops() {}

    /**
     * Copies the window of rows {@code [top, top+h)} and columns {@code [left, left+w)}; parts of
     * the window outside the image are 0 (so a window partly outside acts as zero padding).
     *
     * @param src the image
     * @param top first row, may be negative
     * @param left first column, may be negative
     * @param h window height, at least 1
     * @param w window width, at least 1
     * @return a new {@code channels x h x w} image
     * @throws ImageBudgetException when the window would not fit one array
     */
    public static Image crop(Image src, int top, int left, int h, int w) {
        int c = src.channels();
        int sh = src.height();
        int sw = src.width();
        float[] in = src.pixels();
        float[] out = new float[Image.length(c, h, w)];
        int x0 = Math.max(0, left);
        int x1 = Math.min(sw, left + w);
        if (x1 > x0) {
            int len = x1 - x0;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int sy = top + y;
                    if (sy < 0 || sy >= sh) {
                        continue;
                    }
                    System.arraycopy(
                            in, (ch * sh + sy) * sw + x0, out, (ch * h + y) * w + (x0 - left), len);
                }
            }
        }
        return new Image(c, h, w, out);
    }

    /**
     * Mirrors left to right: column {@code x} becomes column {@code width-1-x}.
     *
     * @param src the image
     * @return a new mirrored image
     */
    public static Image flipHorizontal(Image src) {
        int w = src.width();
        int rows = src.channels() * src.height();
        float[] in = src.pixels();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            int base = r * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = in[base + w - 1 - x];
            }
        }
        return new Image(src.channels(), src.height(), w, out);
    }
}
