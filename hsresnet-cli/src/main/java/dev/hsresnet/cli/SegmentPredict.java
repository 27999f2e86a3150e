package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.cli.PredictRows.Row;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code hsresnet predict} on a segmentation model: each image is segmented whole, at its own
 * size (one at a time, since sizes differ), and gets {@code <out>/<stem>-mask.png} (the index
 * mask, {@link MaskPng}), {@code <out>/<stem>-overlay.png} (the class colours over the image:
 * CamVid's palette for CamVid's classes, else VOC's) and {@code <out>/<stem>.json} ({@link
 * SegmentationJson}), all written atomically. Standard output gets one line (table), object
 * (json) or row per class (csv) per image, with its largest classes.
 */
final class SegmentPredict extends PerImagePredict<SegmentPredict.Output> {

    /** The suffix of mask files after the image's stem. */
    static final String MASK_SUFFIX = "-mask.png";

    /** The suffix of the colour overlays (class colours over the image) after the stem. */
    static final String OVERLAY_SUFFIX = "-overlay.png";

    /** How much of an overlay pixel is the class colour. */
    private static final double OVERLAY_ALPHA = 0.5;

    /**
     * One segmented image.
     *
     * @param result its segmentation
     * @param mask the mask file written
     * @param json the JSON file written
     */
    record Output(SegmentationResult result, Path mask, Path json) {}

    private final Segmenter segmenter;
    private final int topK;
    private final Palette palette;

    /**
     * @param segmenter the model
     * @param outDir where the files go
     * @param topK classes shown per image
     */
    SegmentPredict(Segmenter segmenter, Path outDir, int topK) {
        super(outDir, "segmented", MASK_SUFFIX, ".json");
        this.segmenter = segmenter;
        this.topK = topK;
        this.palette = segmenter.classes().equals(SegmentationDataset.CAMVID_CLASSES)
                ? Palette.camvid() : Palette.forClasses(segmenter.classes());
    }

    @Override
    Output process(Path file, String stem) throws IOException {
        Path mask = outDir().resolve(stem + MASK_SUFFIX);
        Path json = outDir().resolve(stem + ".json");
        Image image = segmenter.decode(file);
        SegmentationResult r = segmenter.segment(image);
        MaskPng.write(r.mask(), segmenter.numClasses(), mask);
        SegmentationJson.write(r, json);
        // predictions hold no ignore index: numClasses stands for "none"
        MaskImages.writePng(MaskImages.overlay(image, r.mask(), palette,
                segmenter.numClasses(), OVERLAY_ALPHA), outDir().resolve(stem + OVERLAY_SUFFIX));
        return new Output(r, mask, json);
    }

    @Override
    public String table(List<Row<Output>> done) {
        StringBuilder sb = new StringBuilder();
        for (Row<Output> row : done) {
            SegmentationResult r = row.value().result();
            sb.append(Printable.escape(row.file().toString())).append(' ')
                    .append(r.width()).append('x').append(r.height())
                    .append(" -> ").append(Printable.escape(row.value().mask().toString()))
                    .append(": ")
                    .append(r.largest(topK).stream()
                            .map(c -> Printable.escape(c.name()) + String.format(Locale.ROOT,
                                    " %.1f%%", 100 * c.fraction()))
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        return sb.toString();
    }

    @Override
    public String csvHeader() {
        return "file,mask,rank,index,name,pixels,fraction";
    }

    @Override
    public void csv(Row<Output> row, StringBuilder sb) {
        List<SegmentationResult.ClassArea> top = row.value().result().largest(topK);
        for (int k = 0; k < top.size(); k++) {
            SegmentationResult.ClassArea c = top.get(k);
            sb.append(Csv.field(row.file().toString())).append(',')
                    .append(Csv.field(row.value().mask().toString())).append(',').append(k + 1)
                    .append(',').append(c.index()).append(',').append(Csv.field(c.name()))
                    .append(',').append(c.pixels()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", c.fraction())).append('\n');
        }
    }

    @Override
    public void json(Row<Output> row, ObjectNode o) {
        o.put("mask", row.value().mask().toString());
        o.put("json", row.value().json().toString());
        o.setAll(SegmentationJson.toJson(row.value().result()));
    }
}
