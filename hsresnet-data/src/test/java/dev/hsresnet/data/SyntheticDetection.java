package dev.hsresnet.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A small, learnable detection dataset for tests: each image is noise with 1-3 non-overlapping
 * filled rectangles, each of one class ({@link #CLASSES}: a rectangle of class {@code k} is bright
 * in channel {@code k} and dark in the others, with noise). Written as PNGs in {@code
 * root/images/img000.png ...} plus the annotations of one format, with three splits: {@code all},
 * {@code test} (images {@code i % 4 == 3}) and {@code train} (the others), readable by {@code
 * DetectionSets.open(format, root, split)}:
 *
 * <ul>
 *   <li>{@link Format#VOC}: {@code annotations/imgNNN.xml}, {@code classes.txt}, {@code
 *       ImageSets/Main/train.txt} and {@code test.txt} (kind {@code "voc"}, splits all, train,
 *       test);
 *   <li>{@link Format#CSV}: {@code all.csv}, {@code train.csv}, {@code test.csv}, {@code
 *       classes.txt} (kind {@code "csv"});
 *   <li>{@link Format#COCO}: {@code annotations/instances_{all,train,test}.json}, category ids 1-3
 *       (kind {@code "coco"}).
 * </ul>
 *
 * A rectangle covering pixel columns {@code [x, x + bw)} and rows {@code [y, y + bh)} is the
 * continuous box {@code (x, y, x + bw, y + bh)}: VOC/CSV {@code xmin = x + 1, xmax = x + bw},
 * COCO {@code bbox = [x, y, bw, bh]}.
 */
public final class SyntheticDetection {

    /** The class names, in index order. */
    public static final String[] CLASSES = {"red", "green", "blue"};

    /** The annotation formats. */
    public enum Format { VOC, CSV, COCO }

    /**
     * One rectangle.
     *
     * @param cls class index
     * @param x left column
     * @param y top row
     * @param w width in pixels
     * @param h height in pixels
     */
    public record Rect(int cls, int x, int y, int w, int h) {}

    private SyntheticDetection() {}

    /**
     * @param root the folder to create
     * @param format the annotation format
     * @param images number of images, at least 1 (the test split is empty below 4)
     * @param height image height, at least 16
     * @param width image width, at least 16
     * @param seed the generator's seed
     * @return {@code root}
     * @throws IOException when writing fails
     */
    public static Path write(Path root, Format format, int images, int height, int width,
            long seed) throws IOException {
        if (images < 1 || height < 16 || width < 16) {
            throw new IllegalArgumentException("need images >= 1 and sides >= 16, got " + images
                    + ", " + height + "x" + width);
        }
        Files.createDirectories(root.resolve("images"));
        List<List<Rect>> all = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < images; i++) {
            List<Rect> rects = rects(rng, height, width);
            all.add(rects);
            ImageIO.write(render(rng, height, width, rects), "png",
                    root.resolve("images").resolve(name(i) + ".png").toFile());
        }
        switch (format) {
            case VOC -> writeVoc(root, all, height, width);
            case CSV -> writeCsv(root, all, height, width);
            case COCO -> writeCoco(root, all, height, width);
            default -> throw new IllegalArgumentException("format " + format);
        }
        return root;
    }

    /**
     * The rectangles {@link #write} draws for a seed, without writing anything.
     *
     * @param images number of images
     * @param height image height
     * @param width image width
     * @param seed the seed given to {@link #write}
     * @return per image, its rectangles
     */
    public static List<List<Rect>> rects(int images, int height, int width, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<Rect>> all = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            List<Rect> rects = rects(rng, height, width);
            all.add(rects);
            render(rng, height, width, rects);
        }
        return all;
    }

    private static String name(int i) {
        return String.format("img%03d", i);
    }

    private static boolean isTest(int i) {
        return i % 4 == 3;
    }

    private static List<Rect> rects(SplittableRandom rng, int height, int width) {
        int count = 1 + rng.nextInt(3);
        int small = Math.min(height, width);
        int lo = Math.max(4, small / 6);
        int hi = Math.max(lo + 1, small / 2);
        List<Rect> out = new ArrayList<>();
        for (int tries = 0; out.size() < count && tries < 50; tries++) {
            int w = lo + rng.nextInt(hi - lo);
            int h = lo + rng.nextInt(hi - lo);
            int x = rng.nextInt(width - w + 1);
            int y = rng.nextInt(height - h + 1);
            Rect r = new Rect(rng.nextInt(CLASSES.length), x, y, w, h);
            boolean free = true;
            for (Rect o : out) {
                free &= r.x() + r.w() <= o.x() || o.x() + o.w() <= r.x()
                        || r.y() + r.h() <= o.y() || o.y() + o.h() <= r.y();
            }
            if (free) {
                out.add(r);
            }
        }
        return out;
    }

    private static BufferedImage render(SplittableRandom rng, int height, int width,
            List<Rect> rects) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int cls = -1;
                for (Rect r : rects) {
                    if (x >= r.x() && x < r.x() + r.w() && y >= r.y() && y < r.y() + r.h()) {
                        cls = r.cls();
                    }
                }
                int[] rgb = new int[3];
                for (int c = 0; c < 3; c++) {
                    rgb[c] = cls < 0 ? 60 + rng.nextInt(80)
                            : c == cls ? 190 + rng.nextInt(60) : rng.nextInt(50);
                }
                img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
            }
        }
        return img;
    }

    private static void writeClasses(Path root) throws IOException {
        Files.writeString(root.resolve("classes.txt"), String.join("\n", CLASSES) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void writeVoc(Path root, List<List<Rect>> all, int height, int width)
            throws IOException {
        writeClasses(root);
        Path ann = Files.createDirectories(root.resolve("annotations"));
        Path sets = Files.createDirectories(root.resolve("ImageSets").resolve("Main"));
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            StringBuilder x = new StringBuilder("<annotation>\n  <folder>images</folder>\n");
            x.append("  <filename>").append(name(i)).append(".png</filename>\n");
            x.append("  <size><width>").append(width).append("</width><height>").append(height)
                    .append("</height><depth>3</depth></size>\n");
            for (Rect r : all.get(i)) {
                x.append("  <object><name>").append(CLASSES[r.cls()]).append("</name>")
                        .append("<difficult>0</difficult><bndbox><xmin>").append(r.x() + 1)
                        .append("</xmin><ymin>").append(r.y() + 1).append("</ymin><xmax>")
                        .append(r.x() + r.w()).append("</xmax><ymax>").append(r.y() + r.h())
                        .append("</ymax></bndbox></object>\n");
            }
            x.append("</annotation>\n");
            Files.writeString(ann.resolve(name(i) + ".xml"), x, StandardCharsets.UTF_8);
            (isTest(i) ? test : train).append(name(i)).append('\n');
        }
        Files.writeString(sets.resolve("train.txt"), train, StandardCharsets.UTF_8);
        Files.writeString(sets.resolve("test.txt"), test, StandardCharsets.UTF_8);
    }

    private static void writeCsv(Path root, List<List<Rect>> all, int height, int width)
            throws IOException {
        writeClasses(root);
        String header = "filename,width,height,class,xmin,ymin,xmax,ymax\n";
        StringBuilder[] files = {new StringBuilder(header), new StringBuilder(header),
                new StringBuilder(header)};
        for (int i = 0; i < all.size(); i++) {
            StringBuilder rows = new StringBuilder();
            for (Rect r : all.get(i)) {
                rows.append(name(i)).append(".png,").append(width).append(',').append(height)
                        .append(',').append(CLASSES[r.cls()]).append(',').append(r.x() + 1)
                        .append(',').append(r.y() + 1).append(',').append(r.x() + r.w())
                        .append(',').append(r.y() + r.h()).append('\n');
            }
            files[0].append(rows);
            files[isTest(i) ? 2 : 1].append(rows);
        }
        Files.writeString(root.resolve("all.csv"), files[0], StandardCharsets.UTF_8);
        Files.writeString(root.resolve("train.csv"), files[1], StandardCharsets.UTF_8);
        Files.writeString(root.resolve("test.csv"), files[2], StandardCharsets.UTF_8);
    }

    private static void writeCoco(Path root, List<List<Rect>> all, int height, int width)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Path ann = Files.createDirectories(root.resolve("annotations"));
        String[] splits = {"all", "train", "test"};
        for (int s = 0; s < 3; s++) {
            ObjectNode top = mapper.createObjectNode();
            top.putObject("info").put("description", "SyntheticDetection");
            ArrayNode images = top.putArray("images");
            ArrayNode anns = top.putArray("annotations");
            ArrayNode cats = top.putArray("categories");
            for (int c = 0; c < CLASSES.length; c++) {
                cats.addObject().put("id", c + 1).put("name", CLASSES[c]);
            }
            int annId = 1;
            for (int i = 0; i < all.size(); i++) {
                if (s == 1 && isTest(i) || s == 2 && !isTest(i)) {
                    continue;
                }
                images.addObject().put("id", i + 1).put("file_name", name(i) + ".png")
                        .put("width", width).put("height", height);
                for (Rect r : all.get(i)) {
                    ObjectNode a = anns.addObject();
                    a.put("id", annId++).put("image_id", i + 1).put("category_id", r.cls() + 1)
                            .put("iscrowd", 0).put("area", r.w() * r.h());
                    a.putArray("bbox").add(r.x()).add(r.y()).add(r.w()).add(r.h());
                }
            }
            mapper.writeValue(ann.resolve("instances_" + splits[s] + ".json").toFile(), top);
        }
    }
}
