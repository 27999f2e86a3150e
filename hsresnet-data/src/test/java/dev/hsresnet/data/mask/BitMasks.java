package dev.hsresnet.data.mask;

import java.util.Random;

/** Pixel-array references for the run-based operations, and masks written as text. */
final class BitMasks {

    private BitMasks() {}

    /**
     * @param rows one string per row, {@code '#'} set, {@code '.'} not
     * @return the mask, row-major
     */
    static boolean[] parse(String... rows) {
        int w = rows[0].length();
        boolean[] m = new boolean[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return m;
    }

    /** @return the mask of these rows, encoded */
    static Rle rle(String... rows) {
        return Rle.encode(parse(rows), rows.length, rows[0].length());
    }

    /** @return a random mask with about {@code density} of its pixels set */
    static boolean[] random(Random r, int h, int w, double density) {
        boolean[] m = new boolean[h * w];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextDouble() < density;
        }
        return m;
    }

    /** @return a random mask of one to three filled rectangles (few runs, as real masks) */
    static boolean[] blobs(Random r, int h, int w) {
        boolean[] m = new boolean[h * w];
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
            int x0 = r.nextInt(w);
            int y0 = r.nextInt(h);
            int x1 = x0 + r.nextInt(w - x0);
            int y1 = y0 + r.nextInt(h - y0);
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    m[y * w + x] = true;
                }
            }
        }
        return m;
    }

    static long count(boolean[] m) {
        long n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    static boolean[] and(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] && b[i];
        }
        return out;
    }

    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] || b[i];
        }
        return out;
    }

    /** @return the set pixels' box {x, y, w, h} by scanning every pixel; zeros when empty */
    static MaskBox box(boolean[] m, int h, int w) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new MaskBox(0, 0, 0, 0) : new MaskBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }
}
