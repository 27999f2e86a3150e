package dev.hsresnet.data.mask;

import java.util.Arrays;

/**
 * Rasterises a polygon with the rule of pycocotools' {@code rleFrPoly}, so that masks and areas
 * agree with pycocotools pixel for pixel:
 *
 * <ol>
 *   <li>Each vertex is scaled by 5 and rounded as C does, {@code (int) (5 * v + 0.5)} (a
 *       truncation, so negative values round towards 0), and the polygon is closed.
 *   <li>Each edge is walked one fine-grid step at a time along its longer axis, the other
 *       coordinate rounded the same way; the edge is always computed from the end with the
 *       smaller coordinate on that axis, so an edge gives the same points in both directions.
 *   <li>Wherever two consecutive points of the walk lie in different fine columns, the walk
 *       crosses the boundary between fine column {@code xd} (the smaller of the two when they
 *       are 1 apart) and {@code xd + 1}. Only crossings at pixel centres count: {@code xd = 5 c
 *       + 2} for an image column {@code c} in {@code 0..width-1}. The crossing's row is
 *       {@code ceil((v - 2) / 5)} of the smaller fine row {@code v} of the two points, clamped to
 *       {@code 0..height}: the first pixel of column {@code c} whose centre is below the edge.
 *   <li>Each crossing toggles the mask at column-major position {@code c * height + row}; toggles
 *       at one position cancel in pairs, and the runs between the remaining toggles are the RLE.
 * </ol>
 *
 * <p>Instead of stepping through every fine point, each edge is searched for its pixel-centre
 * crossings only (its fine column is monotone along the walk), so the work is proportional to
 * the columns an edge spans inside the image, not to its length. Points of the walk are computed
 * with the same double arithmetic as the C code, so the rounding is the same. The one value the
 * C code computes as {@code 0/0}, the slope of an edge of length 0, is taken as 0 here: that
 * edge's single point shares its fine column with its neighbours wherever the column can be
 * inside the image, so its row is never read.
 */
final class PolygonRaster {

    private static final double SCALE = 5;
    /** Farther than this from 0, the fine grid's coordinates would leave 32-bit ints. */
    static final double MAX_COORDINATE = 1e8;

    private final int height;
    private final long width;
    private int[] positions = new int[16];
    private int size;

    private PolygonRaster(int height, int width) {
        this.height = height;
        this.width = width;
    }

    /**
     * @param xy vertices {@code x0, y0, x1, y1, ...}, pixels
     * @return canonical counts of the polygon's mask
     * @throws IllegalArgumentException on an odd or zero number of coordinates, or a coordinate
     *     that is not finite or beyond {@link #MAX_COORDINATE}
     */
    static int[] rasterise(double[] xy, int height, int width) {
        check(xy);
        int k = xy.length / 2;
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (SCALE * xy[2 * j] + .5);
            y[j] = (int) (SCALE * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        PolygonRaster raster = new PolygonRaster(height, width);
        Edge previous = null;
        for (int j = 0; j < k; j++) {
            Edge e = new Edge(x[j], y[j], x[j + 1], y[j + 1]);
            if (previous != null) {
                // the walk goes on from the previous edge's last point to this edge's first
                raster.junction(previous.u(previous.lastT()), previous.v(previous.lastT()),
                        e.u(e.firstT()), e.v(e.firstT()));
            }
            raster.walk(e);
            previous = e;
        }
        return raster.runs();
    }

    private static void check(double[] xy) {
        if (xy.length == 0 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("polygon has " + xy.length + " coordinates;"
                    + " x, y pairs are expected (at least one)");
        }
        for (int i = 0; i < xy.length; i++) {
            if (!Double.isFinite(xy[i])) {
                throw new IllegalArgumentException("polygon coordinate " + i + " is " + xy[i]
                        + ", not a finite number");
            }
            if (Math.abs(xy[i]) > MAX_COORDINATE) {
                throw new IllegalArgumentException("polygon coordinate " + i + " is " + xy[i]
                        + ", farther than 1e8 pixels from the origin");
            }
        }
    }

    /**
     * One edge of the fine-grid walk, oriented as pycocotools orients it: from the end with the
     * smaller coordinate along the longer axis ({@code xs, ys}) to the other ({@code xe, ye});
     * {@code flipped} when that is against the polygon's order, in which case the walk visits
     * the points at {@code t = n, n-1, ..., 0}.
     */
    private static final class Edge {
        final int xs;
        final int ys;
        final boolean alongX;
        final boolean flipped;
        final int n;
        final double slope;

        Edge(int x0, int y0, int x1, int y1) {
            int dx = Math.abs(x1 - x0);
            int dy = Math.abs(y0 - y1);
            alongX = dx >= dy;
            flipped = alongX ? x0 > x1 : y0 > y1;
            xs = flipped ? x1 : x0;
            ys = flipped ? y1 : y0;
            int xe = flipped ? x0 : x1;
            int ye = flipped ? y0 : y1;
            n = alongX ? dx : dy;
            slope = n == 0 ? 0 : alongX ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
        }

        int firstT() {
            return flipped ? n : 0;
        }

        int lastT() {
            return flipped ? 0 : n;
        }

        /** @return the fine column of point t; monotone in t */
        int u(int t) {
            return alongX ? t + xs : (int) (xs + slope * t + .5);
        }

        /** @return the fine row of point t */
        int v(int t) {
            return alongX ? (int) (ys + slope * t + .5) : t + ys;
        }
    }

    /** Consecutive walk points in different edges: tested as pycocotools tests any pair. */
    private void junction(int prevU, int prevV, int curU, int curV) {
        if (prevU == curU) {
            return;
        }
        long xd = crossedColumn(prevU, curU);
        if (isPixelCentre(xd)) {
            add(xd, Math.min(prevV, curV));
        }
    }

    /**
     * Finds, for each pixel-centre boundary between the edge's first and last fine column, the
     * pair of consecutive points that crosses it (by bisection, as the column is monotone), and
     * keeps it when pycocotools' rule puts that pair's crossing on this boundary.
     */
    private void walk(Edge e) {
        int u0 = e.u(0);
        int un = e.u(e.n);
        if (u0 == un) {
            return;
        }
        boolean increasing = un > u0;
        long lo = Math.max(2, Math.min(u0, un));
        long hi = Math.min(5 * width - 3, (long) Math.max(u0, un) - 1);
        long first = lo + Math.floorMod(2 - lo, 5);
        for (long c = first; c <= hi; c += 5) {
            int t = firstPast(e, c, increasing);
            int prev = e.flipped ? t : t - 1;
            int cur = e.flipped ? t - 1 : t;
            if (crossedColumn(e.u(prev), e.u(cur)) == c) {
                add(c, Math.min(e.v(t - 1), e.v(t)));
            }
        }
    }

    /**
     * @return the smallest t in {@code 1..n} whose column is past boundary {@code c} (above it
     *     when the column increases with t, at or below it when it decreases)
     */
    private static int firstPast(Edge e, long c, boolean increasing) {
        if (e.alongX) {
            return (int) (c + 1 - e.xs);
        }
        int lo = 1;
        int hi = e.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            boolean past = increasing ? e.u(mid) > c : e.u(mid) <= c;
            if (past) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** pycocotools' {@code xd}: the crossed fine column for a step from prevU to curU. */
    private static long crossedColumn(int prevU, int curU) {
        return curU < prevU ? curU : curU - 1L;
    }

    private boolean isPixelCentre(long xd) {
        return xd >= 2 && xd <= 5 * width - 3 && (xd - 2) % 5 == 0;
    }

    /** Records the toggle of the pixel-centre crossing at fine column xd, fine row v. */
    private void add(long xd, int v) {
        long column = (xd - 2) / 5;
        long row = Math.min(height, Math.max(0, -Math.floorDiv(2L - v, 5)));
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
        }
        positions[size++] = (int) (column * height + row);
    }

    /** Sorts the toggles, cancels them in pairs per position, and turns them into runs. */
    private int[] runs() {
        int total = (int) (height * width);
        Arrays.sort(positions, 0, size);
        RunBuilder runs = new RunBuilder(size + 1);
        boolean value = false;
        int last = 0;
        int i = 0;
        while (i < size) {
            int j = i;
            while (j < size && positions[j] == positions[i]) {
                j++;
            }
            if ((j - i) % 2 == 1 && positions[i] < total) {
                runs.add(value, positions[i] - last);
                last = positions[i];
                value = !value;
            }
            i = j;
        }
        runs.add(value, total - last);
        return runs.finish();
    }
}
