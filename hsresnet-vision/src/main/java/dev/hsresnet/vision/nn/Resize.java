package dev.hsresnet.vision.nn;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Resizing of NCHW feature maps, differentiable, with PyTorch's {@code F.interpolate(x, size=(h,
 * w), mode=..., align_corners=False)} semantics.
 *
 * <p>DJL's {@code interpolation} (libtorch's interpolate as DJL's JNI calls it) antialiases when a
 * bilinear resize shrinks an axis, which PyTorch's default does not (found by the cross-check:
 * 2% relative error on a 12 -> 10 resize, equal to {@code antialias=True}). So a bilinear resize
 * that shrinks either axis is computed here as two matrix products with PyTorch's interpolation
 * weights ({@link #weights}); enlarging ones (where antialiasing changes nothing) and nearest
 * resizes use libtorch's.
 */
public final class Resize {

    private Resize() {}

    /**
     * @param x {@code (N, C, H, W)}
     * @param height output height
     * @param width output width
     * @return {@code (N, C, height, width)}, bilinear, {@code align_corners=False}
     */
    public static NDArray bilinear(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (s.dimension() == 4 && (height < s.get(2) || width < s.get(3))) {
            NDManager m = x.getManager();
            int inH = Math.toIntExact(s.get(2));
            int inW = Math.toIntExact(s.get(3));
            NDArray rows = m.create(weights(inH, Math.toIntExact(height)),
                    new Shape(height, inH));
            NDArray columns = m.create(transpose(weights(inW, Math.toIntExact(width)),
                    Math.toIntExact(width), inW), new Shape(inW, width));
            return rows.matMul(x.matMul(columns));
        }
        return interpolate(x, height, width, Image.Interpolation.BILINEAR);
    }

    /**
     * PyTorch's linear interpolation weights ({@code align_corners=False}): output {@code j} reads
     * source {@code (j + 0.5) * in / out - 0.5}, clamped at 0, between its two neighbours.
     *
     * @param in input length
     * @param out output length
     * @return the {@code (out, in)} matrix, row-major
     */
    static float[] weights(int in, int out) {
        float[] w = new float[out * in];
        double scale = (double) in / out;
        for (int j = 0; j < out; j++) {
            double src = Math.max((j + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double l1 = src - i0;
            w[j * in + i0] += (float) (1 - l1);
            w[j * in + i1] += (float) l1;
        }
        return w;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    /**
     * @param x {@code (N, C, H, W)}
     * @param height output height
     * @param width output width
     * @return {@code (N, C, height, width)}, PyTorch's {@code mode='nearest'} (source index {@code
     *     floor(dst * in / out)})
     */
    public static NDArray nearest(NDArray x, long height, long width) {
        return interpolate(x, height, width, Image.Interpolation.NEAREST);
    }

    private static NDArray interpolate(NDArray x, long height, long width,
            Image.Interpolation mode) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected NCHW, got shape " + x.getShape());
        }
        if (x.getShape().get(2) == height && x.getShape().get(3) == width) {
            return x;
        }
        // DJL's PyTorch engine maps the Image.Interpolation ordinal (NEAREST 0, BILINEAR 1) to
        // libtorch's modes and always passes align_corners = false
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, mode.ordinal(),
                false);
    }
}
