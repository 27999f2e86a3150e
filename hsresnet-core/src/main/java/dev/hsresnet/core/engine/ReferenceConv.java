package dev.hsresnet.core.engine;

import java.util.Arrays;

/**
 * A plain-loop reference for square convolutions without bias, padding {@code d * (k / 2)} for
 * dilation {@code d}, NCHW: the
 * forward and the gradients of {@code sum(y * r)} with respect to input and weight, accumulated in
 * double (as matrix products of the input's patches, each sum in one loop the JIT can vectorize):
 * the yardstick {@link ConvCheck} holds the engine to.
 */
public final class ReferenceConv {

    private final int n;
    private final int c;
    private final int o;
    private final int h;
    private final int k;
    private final int s;
    private final int dil;
    private final int p;
    private final int oh;

    /**
     * @param n batch
     * @param c input channels
     * @param o output channels
     * @param h input height = width
     * @param k kernel size
     * @param s stride
     */
    public ReferenceConv(int n, int c, int o, int h, int k, int s) {
        this(n, c, o, h, k, s, 1);
    }

    /**
     * @param n batch
     * @param c input channels
     * @param o output channels
     * @param h input height = width
     * @param k kernel size
     * @param s stride
     * @param d dilation
     */
    public ReferenceConv(int n, int c, int o, int h, int k, int s, int d) {
        this.n = n;
        this.c = c;
        this.o = o;
        this.h = h;
        this.k = k;
        this.s = s;
        this.dil = d;
        this.p = d * (k / 2);
        this.oh = (h + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    /** @return output height = width */
    public int outSize() {
        return oh;
    }

    /**
     * @return the patches of {@code x}: {@code cols[(b * oh^2 + pixel) * q + tap]} with {@code q
     *     = c * k * k} and {@code tap = (ic * k + a) * k + d}, the OIHW weight's own order; zero
     *     where the window leaves the input
     */
    private double[] patches(float[] x) {
        int q = c * k * k;
        int pixels = oh * oh;
        double[] cols = new double[n * pixels * q];
        each((b, pixel, tap, xi) -> cols[(b * pixels + pixel) * q + tap] = x[xi]);
        return cols;
    }

    /** Visits every (batch, output pixel, tap, input index) that lands inside the input. */
    private interface Tap {
        void visit(int b, int pixel, int tap, int xi);
    }

    private void each(Tap t) {
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < oh; j++) {
                    for (int ic = 0; ic < c; ic++) {
                        for (int a = 0; a < k; a++) {
                            int ii = i * s + a * dil - p;
                            if (ii < 0 || ii >= h) {
                                continue;
                            }
                            for (int d = 0; d < k; d++) {
                                int jj = j * s + d * dil - p;
                                if (jj >= 0 && jj < h) {
                                    t.visit(b, i * oh + j, (ic * k + a) * k + d,
                                            ((b * c + ic) * h + ii) * h + jj);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** @return y = conv(x, w) */
    public float[] forward(float[] x, float[] w) {
        int q = c * k * k;
        int pixels = oh * oh;
        double[] cols = patches(x);
        double[] wt = new double[q * o];
        for (int oc = 0; oc < o; oc++) {
            for (int tap = 0; tap < q; tap++) {
                wt[tap * o + oc] = w[oc * q + tap];
            }
        }
        float[] y = new float[n * o * pixels];
        double[] acc = new double[o];
        for (int b = 0; b < n; b++) {
            for (int pixel = 0; pixel < pixels; pixel++) {
                Arrays.fill(acc, 0);
                int row = (b * pixels + pixel) * q;
                for (int tap = 0; tap < q; tap++) {
                    axpy(acc, cols[row + tap], wt, tap * o, o);
                }
                for (int oc = 0; oc < o; oc++) {
                    y[(b * o + oc) * pixels + pixel] = (float) acc[oc];
                }
            }
        }
        return y;
    }

    /** @return d sum(y * r) / dx */
    public float[] gradInput(float[] r, float[] w) {
        int q = c * k * k;
        int pixels = oh * oh;
        double[] wd = new double[o * q];
        for (int i = 0; i < wd.length; i++) {
            wd[i] = w[i];
        }
        double[] dcols = new double[n * pixels * q];
        for (int b = 0; b < n; b++) {
            for (int pixel = 0; pixel < pixels; pixel++) {
                int row = (b * pixels + pixel) * q;
                for (int oc = 0; oc < o; oc++) {
                    axpy(dcols, row, r[(b * o + oc) * pixels + pixel], wd, oc * q, q);
                }
            }
        }
        double[] g = new double[n * c * h * h];
        each((b, pixel, tap, xi) -> g[xi] += dcols[(b * pixels + pixel) * q + tap]);
        return toFloats(g);
    }

    /** @return d sum(y * r) / dw */
    public float[] gradWeight(float[] x, float[] r) {
        int q = c * k * k;
        int pixels = oh * oh;
        double[] cols = patches(x);
        double[] g = new double[o * q];
        for (int oc = 0; oc < o; oc++) {
            for (int b = 0; b < n; b++) {
                for (int pixel = 0; pixel < pixels; pixel++) {
                    axpy(g, oc * q, r[(b * o + oc) * pixels + pixel], cols,
                            (b * pixels + pixel) * q, q);
                }
            }
        }
        return toFloats(g);
    }

    /** {@code acc[i] += a * v[from + i]} for {@code i < len}. */
    private static void axpy(double[] acc, double a, double[] v, int from, int len) {
        axpy(acc, 0, a, v, from, len);
    }

    /** {@code acc[at + i] += a * v[from + i]} for {@code i < len}. */
    private static void axpy(double[] acc, int at, double a, double[] v, int from, int len) {
        if (a == 0) {
            return;
        }
        for (int i = 0; i < len; i++) {
            acc[at + i] += a * v[from + i];
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
