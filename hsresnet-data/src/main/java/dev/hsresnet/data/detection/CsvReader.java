package dev.hsresnet.data.detection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads box annotations from a CSV file with the header {@code
 * filename,width,height,class,xmin,ymin,xmax,ymax} (the raccoon dataset's {@code *_labels.csv},
 * the TensorFlow object-detection tutorials' format): one row per box, columns in any order and
 * matched case-insensitively, extra columns ignored; fields may be double-quoted ({@code ""} for a
 * quote). Coordinates are Pascal VOC's 1-based inclusive pixel indices (the raccoon CSV holds
 * exactly the values of its VOC XML files), mapped to {@code [xmin - 1, xmax] x [ymin - 1,
 * ymax]}. A row whose {@code class} and four coordinates are all empty declares a negative image.
 *
 * <p>Rows of one {@code filename} form one image and must agree on its width and height; images
 * are listed sorted by file name. The CSV defines the dataset: other files in the image folder are
 * not part of it. Blank lines are skipped.
 */
public final class CsvReader {

    /** The columns a detection CSV must have. */
    public static final List<String> COLUMNS =
            List.of("filename", "width", "height", "class", "xmin", "ymin", "xmax", "ymax");

    private CsvReader() {}

    private static final class Group {
        final int width;
        final int height;
        final int line;
        final List<RawAnnotations.Box> boxes = new ArrayList<>();

        Group(int width, int height, int line) {
            this.width = width;
            this.height = height;
            this.line = line;
        }
    }

    /**
     * @param csv the CSV file (UTF-8, optional BOM)
     * @param imageDir the folder the file names are relative to
     * @param classes the class list, or null for the sorted distinct class names of the file
     * @param policy clipping and dropping
     * @return the dataset
     * @throws AnnotationException naming the file, line, column and value for a bad header or
     *     row, rows of one image that disagree on its size, or no row at all
     * @throws IllegalArgumentException when the image folder is missing
     * @throws UncheckedIOException when the file cannot be read
     */
    public static DetectionDataset read(Path csv, Path imageDir, List<String> classes,
            AnnotationPolicy policy) {
        VocReader.requireDir(imageDir, "CSV image folder");
        return AnnotationResolver.resolve("CSV " + csv, parse(csv, imageDir), classes, policy);
    }

    /**
     * @param csv the file
     * @param imageDir the image folder
     * @return the images it lists, sorted by file name
     */
    static List<RawAnnotations.Image> parse(Path csv, Path imageDir) {
        TreeMap<String, Group> groups = new TreeMap<>();
        int[] col = null;
        int columns = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(csv, n, line);
                if (col == null) {
                    col = header(csv, n, fields);
                    columns = fields.size();
                    continue;
                }
                if (fields.size() != columns) {
                    throw new AnnotationException(csv, "line " + n + ": " + fields.size()
                            + " fields, the header has " + columns);
                }
                row(csv, imageDir, n, fields, col, groups);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        if (col == null) {
            throw new AnnotationException(csv, "empty file: no header line "
                    + String.join(",", COLUMNS));
        }
        if (groups.isEmpty()) {
            throw new AnnotationException(csv, "no rows after the header");
        }
        List<RawAnnotations.Image> out = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            out.add(new RawAnnotations.Image(imageDir.resolve(e.getKey()), g.width, g.height,
                    g.boxes, csv, "", null));
        }
        return out;
    }

    private static int[] header(Path csv, int n, List<String> fields) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            at.putIfAbsent(fields.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        int[] col = new int[COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            Integer i = at.get(COLUMNS.get(c));
            if (i == null) {
                missing.add(COLUMNS.get(c));
            } else {
                col[c] = i;
            }
        }
        if (!missing.isEmpty()) {
            throw new AnnotationException(csv, "line " + n + ": the header lacks the column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (expected " + String.join(",", COLUMNS) + ", got " + String.join(",", fields)
                    + ")");
        }
        return col;
    }

    private static void row(Path csv, Path imageDir, int n, List<String> f, int[] col,
            TreeMap<String, Group> groups) {
        String where = "line " + n;
        String file = f.get(col[0]).strip();
        if (file.isEmpty()) {
            throw new AnnotationException(csv, where + ": column filename is empty");
        }
        Path rel = Path.of(file);
        if (rel.isAbsolute() || file.startsWith("/") || file.contains("\\")
                || rel.normalize().startsWith("..")) {
            throw new AnnotationException(csv, where + ": column filename must be a relative path"
                    + " inside " + imageDir + ", got \"" + file + "\"");
        }
        int width = positive(csv, where, "width", f.get(col[1]));
        int height = positive(csv, where, "height", f.get(col[2]));
        Group g = groups.computeIfAbsent(file, k -> new Group(width, height, n));
        if (g.width != width || g.height != height) {
            throw new AnnotationException(csv, where + ": " + file + " is " + width + "x" + height
                    + " (width x height) here but " + g.width + "x" + g.height + " on line "
                    + g.line);
        }
        String cls = f.get(col[3]).strip();
        String[] raw = new String[4];
        boolean allEmpty = cls.isEmpty();
        for (int i = 0; i < 4; i++) {
            raw[i] = f.get(col[4 + i]).strip();
            allEmpty &= raw[i].isEmpty();
        }
        if (allEmpty) {
            return; // a negative image
        }
        if (cls.isEmpty()) {
            throw new AnnotationException(csv, where + ": column class is empty but the row has"
                    + " coordinates (leave all five empty for an image without objects)");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(raw[i]);
            } catch (NumberFormatException e) {
                throw new AnnotationException(csv, where + ": column " + COLUMNS.get(4 + i)
                        + " is not a number: \"" + raw[i] + "\"");
            }
        }
        String fields = "xmin=" + raw[0] + ", ymin=" + raw[1] + ", xmax=" + raw[2] + ", ymax="
                + raw[3];
        g.boxes.add(new RawAnnotations.Box(cls, v[0] - 1, v[1] - 1, v[2], v[3], false, where,
                fields));
    }

    private static int positive(Path csv, String where, String column, String value) {
        String v = value.strip();
        try {
            int i = Integer.parseInt(v);
            if (i >= 1) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AnnotationException(csv, where + ": column " + column + " must be a positive"
                + " whole number of pixels, got \"" + v + "\"");
    }

    /** Splits one line at commas, honouring double quotes. */
    static List<String> split(Path csv, int n, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.toString().isBlank()) {
                quoted = true;
                cur.setLength(0);
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new AnnotationException(csv, "line " + n + ": unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }
}
