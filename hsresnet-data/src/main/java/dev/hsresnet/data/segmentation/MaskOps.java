package dev.hsresnet.data.segmentation;

/** Geometric copies of masks, the counterparts of the image operations in the joint transforms. */
final class MaskOps {

    private MaskOps() {}

    /**
     * Nearest-neighbour resize with pixel centres aligned like {@link dev.hsresnet.data.Bilinear}:
     * output {@code o} takes source {@code floor((o + 0.5) * in / out)} (PIL's NEAREST, PyTorch's
     * {@code "nearest-exact"}), in exact integer arithmetic.
     */
    static LabelMask resizeNearest(LabelMask src, int outH, int outW) {
        int h = src.height();
        int w = src.width();
        if (outH == h && outW == w) {
            return src;
        }
        int[] xs = new int[outW];
        for (int o = 0; o < outW; o++) {
            xs[o] = (int) Math.min(w - 1, ((2L * o + 1) * w) / (2L * outW));
        }
        int[] in = src.labels();
        int[] out = new int[Math.multiplyExact(outH, outW)];
        int k = 0;
        for (int oy = 0; oy < outH; oy++) {
            int sy = (int) Math.min(h - 1, ((2L * oy + 1) * h) / (2L * outH));
            int row = sy * w;
            for (int ox = 0; ox < outW; ox++) {
                out[k++] = in[row + xs[ox]];
            }
        }
        return new LabelMask(outH, outW, out);
    }

    /** The window {@code [top, top+h) x [left, left+w)}; positions outside the mask get {@code fill}. */
    static LabelMask crop(LabelMask src, int top, int left, int h, int w, int fill) {
        int sh = src.height();
        int sw = src.width();
        LabelMask out = LabelMask.filled(h, w, fill);
        int[] in = src.labels();
        int[] o = out.labels();
        int x0 = Math.max(0, left);
        int x1 = Math.min(sw, left + w);
        if (x1 > x0) {
            for (int y = 0; y < h; y++) {
                int sy = top + y;
                if (sy >= 0 && sy < sh) {
                    System.arraycopy(in, sy * sw + x0, o, y * w + (x0 - left), x1 - x0);
                }
            }
        }
        return out;
    }

    /** Mirrors left to right: column {@code x} becomes column {@code width-1-x}. */
    static LabelMask flipHorizontal(LabelMask src) {
        int w = src.width();
        int[] in = src.labels();
        int[] out = new int[in.length];
        for (int r = 0; r < src.height(); r++) {
            int base = r * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = in[base + w - 1 - x];
            }
        }
        return new LabelMask(src.height(), w, out);
    }
}
