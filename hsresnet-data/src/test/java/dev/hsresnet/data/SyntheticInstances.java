package dev.hsresnet.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes a small Penn-Fudan-style instance dataset (kind {@code pennfudan-instances}): {@code
 * PennFudanPed/PNGImages/SynPedNNNNN.png}, {@code PedMasks/SynPedNNNNN_mask.png} (8-bit grayscale
 * ids, object {@code k} is value {@code k}) and {@code Annotation/SynPedNNNNN.txt} (the PASCAL
 * Annotation v1.00 text), with one to three objects an image. An object is a rectangle of
 * whole grid cells, or the ellipse inscribed in such a rectangle (pixel centres inside it), drawn
 * bright red on grey noise; its box is the tight box of its pixels. Penn-Fudan's fixed splits
 * apply ({@code test} is every image {@code i} with {@code i % 17 < 5}; with 17 images: 5 test, 2
 * val, 10 train-val).
 */
public final class SyntheticInstances {

    /**
     * One object.
     *
     * @param x left column of its rectangle
     * @param y top row
     * @param w width in pixels
     * @param h height in pixels
     * @param ellipse whether its pixels are the inscribed ellipse (else the whole rectangle)
     */
    public record Shape(int x, int y, int w, int h, boolean ellipse) {

        /** @return whether pixel {@code (px, py)} belongs to the object */
        public boolean contains(int px, int py) {
            if (px < x || px >= x + w || py < y || py >= y + h) {
                return false;
            }
            if (!ellipse) {
                return true;
            }
            double dx = (px + 0.5 - x - w / 2.0) / (w / 2.0);
            double dy = (py + 0.5 - y - h / 2.0) / (h / 2.0);
            return dx * dx + dy * dy <= 1;
        }
    }

    private SyntheticInstances() {}

    /**
     * @param root the folder that receives {@code PennFudanPed/}
     * @param images number of images, at least 1
     * @param height image height, at least 8 grid cells
     * @param width image width, at least 8 grid cells
     * @param grid every rectangle's corners are multiples of this, at least 1
     * @param ellipses whether the objects are ellipses (else rectangles)
     * @param seed the generator's seed
     * @return per image, its objects (object {@code k} of the annotation is element {@code k - 1})
     * @throws IOException when writing fails
     */
    public static List<List<Shape>> write(Path root, int images, int height, int width, int grid,
            boolean ellipses, long seed) throws IOException {
        if (images < 1 || grid < 1 || height < 8 * grid || width < 8 * grid) {
            throw new IllegalArgumentException("need images >= 1, grid >= 1 and sides of 8 "
                    + "cells, got " + images + ", " + grid + ", " + height + "x" + width);
        }
        Path dir = root.resolve("PennFudanPed");
        for (String sub : List.of("PNGImages", "PedMasks", "Annotation")) {
            Files.createDirectories(dir.resolve(sub));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<Shape>> all = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            List<Shape> shapes = shapes(rng, height / grid, width / grid, grid, ellipses);
            all.add(shapes);
            String stem = String.format("SynPed%05d", i + 1);
            BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            BufferedImage ids = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            int[][] bounds = new int[shapes.size()][];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int id = 0;
                    for (int k = 0; k < shapes.size(); k++) {
                        if (shapes.get(k).contains(x, y)) {
                            id = k + 1;
                            bounds[k] = grow(bounds[k], x, y);
                        }
                    }
                    ids.getRaster().setSample(x, y, 0, id);
                    int g = 60 + rng.nextInt(60);
                    photo.setRGB(x, y, id == 0 ? (g << 16) | (g << 8) | g
                            : ((200 + rng.nextInt(55)) << 16) | (rng.nextInt(40) << 8)
                                    | rng.nextInt(40));
                }
            }
            ImageIO.write(photo, "png", dir.resolve("PNGImages/" + stem + ".png").toFile());
            ImageIO.write(ids, "png", dir.resolve("PedMasks/" + stem + "_mask.png").toFile());
            Files.writeString(dir.resolve("Annotation/" + stem + ".txt"),
                    annotation(stem, width, height, bounds), StandardCharsets.UTF_8);
        }
        return all;
    }

    /** Non-overlapping rectangles of whole cells, 2 to half the short side cells a side. */
    private static List<Shape> shapes(SplittableRandom rng, int rows, int cols, int grid,
            boolean ellipses) {
        int count = 1 + rng.nextInt(3);
        int lo = Math.max(2, Math.min(rows, cols) / 5);
        int hi = Math.max(lo + 1, Math.min(rows, cols) / 2);
        List<Shape> out = new ArrayList<>();
        for (int tries = 0; out.size() < count && tries < 50; tries++) {
            int w = lo + rng.nextInt(hi - lo);
            int h = lo + rng.nextInt(hi - lo);
            Shape s = new Shape(rng.nextInt(cols - w + 1) * grid, rng.nextInt(rows - h + 1) * grid,
                    w * grid, h * grid, ellipses);
            boolean free = true;
            for (Shape o : out) {
                free &= s.x() + s.w() <= o.x() || o.x() + o.w() <= s.x()
                        || s.y() + s.h() <= o.y() || o.y() + o.h() <= s.y();
            }
            if (free) {
                out.add(s);
            }
        }
        return out;
    }

    private static int[] grow(int[] b, int x, int y) {
        if (b == null) {
            return new int[] {x, y, x + 1, y + 1};
        }
        return new int[] {Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x + 1),
            Math.max(b[3], y + 1)};
    }

    /** The PASCAL v1.00 text: 1-based inclusive corners, {@code (x1 + 1, y1 + 1) - (x2, y2)}. */
    private static String annotation(String stem, int width, int height, int[][] bounds) {
        StringBuilder t = new StringBuilder("# Compatible with PASCAL Annotation Version 1.00\n");
        t.append("Image filename : \"PennFudanPed/PNGImages/").append(stem).append(".png\"\n");
        t.append("Image size (X x Y x C) : ").append(width).append(" x ").append(height)
                .append(" x 3\n");
        t.append("Database : \"SyntheticInstances\"\n");
        t.append("Objects with ground truth : ").append(bounds.length).append(" {");
        for (int k = 0; k < bounds.length; k++) {
            t.append(" \"PASpersonWalking\"");
        }
        t.append(" }\n# Top left pixel co-ordinates : (1, 1)\n");
        for (int k = 0; k < bounds.length; k++) {
            int[] b = bounds[k];
            String object = "object " + (k + 1) + " \"PASpersonWalking\"";
            t.append("Bounding box for ").append(object).append(" (Xmin, Ymin) - (Xmax, Ymax) : (")
                    .append(b[0] + 1).append(", ").append(b[1] + 1).append(") - (").append(b[2])
                    .append(", ").append(b[3]).append(")\n");
            t.append("Pixel mask for ").append(object).append(" : \"PennFudanPed/PedMasks/")
                    .append(stem).append("_mask.png\"\n\n");
        }
        return t.toString();
    }
}
