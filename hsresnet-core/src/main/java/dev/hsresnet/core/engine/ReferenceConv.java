package dev.hsresnet.core.engine;

/**
 * A plain-loop reference for square convolutions without bias, padding {@code k / 2}, NCHW: the
 * forward and the gradients of {@code sum(y * r)} with respect to input and weight, accumulated in
 * double. Slow on purpose: it is the yardstick {@link ConvCheck} holds the engine to.
 */
public final class ReferenceConv {

    private final int n;
    private final int c;
    private final int o;
    private final int h;
    private final int k;
    private final int s;
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
        this.n = n;
        this.c = c;
        this.o = o;
        this.h = h;
        this.k = k;
        this.s = s;
        this.p = k / 2;
        this.oh = (h + 2 * p - k) / s + 1;
    }

    /** @return output height = width */
    public int outSize() {
        return oh;
    }

    /** Visits every (output, input, weight) index triple that multiplies. */
    private interface Visitor {
        void visit(int yi, int xi, int wi);
    }

    private void each(Visitor v) {
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < oh; j++) {
                        int yi = ((b * o + oc) * oh + i) * oh + j;
                        for (int ic = 0; ic < c; ic++) {
                            for (int a = 0; a < k; a++) {
                                int ii = i * s + a - p;
                                if (ii < 0 || ii >= h) {
                                    continue;
                                }
                                for (int d = 0; d < k; d++) {
                                    int jj = j * s + d - p;
                                    if (jj >= 0 && jj < h) {
                                        v.visit(yi, ((b * c + ic) * h + ii) * h + jj,
                                                ((oc * c + ic) * k + a) * k + d);
                                    }
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
        double[] y = new double[n * o * oh * oh];
        each((yi, xi, wi) -> y[yi] += (double) x[xi] * w[wi]);
        return toFloats(y);
    }

    /** @return d sum(y * r) / dx */
    public float[] gradInput(float[] r, float[] w) {
        double[] g = new double[n * c * h * h];
        each((yi, xi, wi) -> g[xi] += (double) r[yi] * w[wi]);
        return toFloats(g);
    }

    /** @return d sum(y * r) / dw */
    public float[] gradWeight(float[] x, float[] r) {
        double[] g = new double[o * c * k * k];
        each((yi, xi, wi) -> g[wi] += (double) r[yi] * x[xi]);
        return toFloats(g);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
