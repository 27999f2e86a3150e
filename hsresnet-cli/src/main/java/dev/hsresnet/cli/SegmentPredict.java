package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.text.Printable;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.deploy.segmentation.MaskPng;
import dev.hsresnet.deploy.segmentation.SegmentationJson;
import dev.hsresnet.deploy.segmentation.SegmentationResult;
import dev.hsresnet.deploy.segmentation.Segmenter;
import dev.hsresnet.train.report.Csv;
import dev.hsresnet.vision.segmentation.MaskImages;
import dev.hsresnet.vision.segmentation.Palette;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code hsresnet predict} on a segmentation model: each image is segmented whole, at its own
 * size (one at a time, since sizes differ), and gets {@code <out>/<stem>-mask.png} (the index
 * mask, {@link MaskPng}), {@code <out>/<stem>-overlay.png} (the class colours over the image:
 * CamVid's palette for CamVid's classes, else VOC's) and {@code <out>/<stem>.json} ({@link
 * SegmentationJson}), all written
 * atomically. Standard output gets one line (table), object (json) or row per class (csv) per
 * image, with its largest classes.
 */
final class SegmentPredict {

    /** The suffix of mask files after the image's stem. */
    static final String MASK_SUFFIX = "-mask.png";

    /** The suffix of the colour overlays (class colours over the image) after the stem. */
    static final String OVERLAY_SUFFIX = "-overlay.png";

    /** How much of an overlay pixel is the class colour. */
    private static final double OVERLAY_ALPHA = 0.5;

    /** One segmented or skipped image. */
    private record Row(Path file, SegmentationResult result, Path mask, Path json,
            String error) implements PredictRows.Row {}

    private final Segmenter segmenter;
    private final Path outDir;
    private final int topK;
    private final Palette palette;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param segmenter the model
     * @param outDir where the files go
     * @param topK classes shown per image
     */
    SegmentPredict(Segmenter segmenter, Path outDir, int topK) {
        this.segmenter = segmenter;
        this.outDir = outDir;
        this.topK = topK;
        this.palette = segmenter.classes().equals(SegmentationDataset.CAMVID_CLASSES)
                ? Palette.camvid() : Palette.forClasses(segmenter.classes());
    }

    /** Records a path refused before segmentation (not found, a folder without images). */
    void skip(Path path, String why) {
        rows.add(new Row(path, null, null, null, why));
    }

    /**
     * Segments every file, writes its files and prints the summary.
     *
     * @param files the image files
     * @param format how to print
     * @param out standard output
     * @param err standard error, for skipped images
     * @return 0 when at least one image was segmented, else 1
     */
    int run(List<Path> files, PredictCommand.Format format, PrintWriter out, PrintWriter err) {
        Map<String, Path> stems = new HashMap<>();
        for (Path f : files) {
            String stem = stem(f);
            Path earlier = stems.putIfAbsent(stem, f);
            if (earlier != null) {
                rows.add(new Row(f, null, null, null, "its outputs " + stem + MASK_SUFFIX + " and "
                        + stem + ".json would replace those of " + earlier));
                continue;
            }
            rows.add(segment(f, stem));
        }
        long failed = PredictRows.reportSkipped(rows, "segmented", err);
        out.print(switch (format) {
            case TABLE -> table(rows);
            case JSON -> json(rows);
            case CSV -> csv(rows);
        });
        out.flush();
        return rows.size() > failed ? 0 : 1;
    }

    private Row segment(Path file, String stem) {
        Path mask = outDir.resolve(stem + MASK_SUFFIX);
        Path json = outDir.resolve(stem + ".json");
        try {
            Image image = segmenter.decode(file);
            SegmentationResult r = segmenter.segment(image);
            MaskPng.write(r.mask(), segmenter.numClasses(), mask);
            SegmentationJson.write(r, json);
            // predictions hold no ignore index: numClasses stands for "none"
            MaskImages.writePng(MaskImages.overlay(image, r.mask(), palette,
                    segmenter.numClasses(), OVERLAY_ALPHA),
                    outDir.resolve(stem + OVERLAY_SUFFIX));
            return new Row(file, r, mask, json, null);
        } catch (IOException | IllegalArgumentException e) { // unreadable, refused, unwritable
            return new Row(file, null, null, null, ErrorHandler.describe(e));
        }
    }

    /** @return the file name without its last extension ({@code a.b.png} gives {@code a.b}) */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            if (r.result() == null) {
                continue;
            }
            sb.append(Printable.escape(r.file().toString())).append(' ')
                    .append(r.result().width()).append('x').append(r.result().height())
                    .append(" -> ").append(Printable.escape(r.mask().toString())).append(": ")
                    .append(r.result().largest(topK).stream()
                            .map(c -> Printable.escape(c.name()) + String.format(Locale.ROOT,
                                    " %.1f%%", 100 * c.fraction()))
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        return sb.toString();
    }

    private String json(List<Row> rows) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = all.addObject();
            o.put("file", r.file().toString());
            if (r.error() != null) {
                o.put("error", r.error());
                continue;
            }
            o.put("mask", r.mask().toString());
            o.put("json", r.json().toString());
            o.setAll(SegmentationJson.toJson(r.result()));
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("file,mask,rank,index,name,pixels,fraction\n");
        for (Row r : rows) {
            if (r.result() == null) {
                continue;
            }
            List<SegmentationResult.ClassArea> top = r.result().largest(topK);
            for (int k = 0; k < top.size(); k++) {
                SegmentationResult.ClassArea c = top.get(k);
                sb.append(Csv.field(r.file().toString())).append(',')
                        .append(Csv.field(r.mask().toString())).append(',').append(k + 1)
                        .append(',').append(c.index()).append(',').append(Csv.field(c.name()))
                        .append(',').append(c.pixels()).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", c.fraction())).append('\n');
            }
        }
        return sb.toString();
    }
}
