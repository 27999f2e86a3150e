package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.cli.PredictRows.Row;
import dev.hsresnet.core.text.Printable;
import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.instance.InstanceJson;
import dev.hsresnet.deploy.instance.InstanceResult;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.train.report.Csv;
import dev.hsresnet.vision.detection.BoxPainter;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.instance.InstancePainter;
import dev.hsresnet.vision.segmentation.MaskImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code hsresnet predict} on a model that finds objects: each image is resized to the model's
 * inference size, run and decoded (one at a time), and gets {@code <out>/<stem>.json} and a drawn
 * image, both written atomically. Standard output gets one line per image with its best objects
 * (table), its JSON (json), or one row per object (csv).
 *
 * <ul>
 *   <li>a detector ({@link #of(Detector, Path, double, int)}): {@link DetectionJson} (every
 *       detection, boxes in the image's pixels) and {@code <stem>-boxes.png} ({@link
 *       BoxPainter});
 *   <li>an instance segmenter ({@link #of(InstanceSegmenter, Path, double, int)}): {@link
 *       InstanceJson} (each detection with its mask as COCO RLE) and {@code
 *       <stem>-instances.png} (each mask blended in its own colour with its box and label,
 *       {@link InstancePainter}).
 * </ul>
 *
 * @param <R> the model's result of one image
 */
final class BoxPredict<R> extends PerImagePredict<BoxPredict.Output<R>> {

    /** The suffix of a detector's drawn images after the image's stem. */
    static final String BOXES_SUFFIX = "-boxes.png";

    /** The suffix of an instance segmenter's drawn images after the image's stem. */
    static final String OVERLAY_SUFFIX = "-instances.png";

    /**
     * One image searched.
     *
     * @param result its result
     * @param found its detections (boxes, classes, scores)
     * @param drawn the drawn image written
     * @param json the JSON file written
     * @param <R> the model's result type
     */
    record Output<R>(R result, DetectionResult found, Path drawn, Path json) {}

    /**
     * How the files and lines are named.
     *
     * @param drawnSuffix the drawn image's name after the stem, e.g. {@code -boxes.png}
     * @param drawnKey the drawn image's field in the json and csv output, e.g. {@code boxes}
     * @param noun what is found, singular, for the table ({@code object})
     */
    private record Names(String drawnSuffix, String drawnKey, String noun) {}

    /** Decodes an image file within the model's limits. */
    @FunctionalInterface
    private interface Decoder {
        Image decode(Path file) throws IOException;
    }

    private final Names names;
    private final Decoder decoder;
    private final BiFunction<Image, Double, R> model;
    private final Function<R, DetectionResult> detections;
    private final Function<R, ObjectNode> json;
    private final BiFunction<Image, R, BufferedImage> draw;
    private final double threshold;
    private final int shown;

    /**
     * @param outDir where the files go
     * @param names how files and lines are named
     * @param decoder decodes an image file
     * @param model the model on a decoded image, with a score threshold
     * @param detections a result's detections
     * @param json a result's JSON form
     * @param draw a result drawn over its image
     * @param threshold the lowest score kept, in [0, 1)
     * @param shown objects listed per image in the table
     */
    private BoxPredict(Path outDir, Names names, Decoder decoder,
            BiFunction<Image, Double, R> model, Function<R, DetectionResult> detections,
            Function<R, ObjectNode> json, BiFunction<Image, R, BufferedImage> draw,
            double threshold, int shown) {
        super(outDir, "searched for objects", ".json", names.drawnSuffix());
        this.names = names;
        this.decoder = decoder;
        this.model = model;
        this.detections = detections;
        this.json = json;
        this.draw = draw;
        this.threshold = threshold;
        this.shown = shown;
    }

    /**
     * @param detector the model
     * @param outDir where the files go
     * @param threshold the lowest score kept, in [0, 1)
     * @param shown detections listed per image in the table
     * @return the command's work on a detector
     */
    static BoxPredict<DetectionResult> of(Detector detector, Path outDir, double threshold,
            int shown) {
        return new BoxPredict<>(outDir, new Names(BOXES_SUFFIX, "boxes", "object"),
                detector::decode, detector::detect, r -> r, DetectionJson::toJson,
                (image, r) -> BoxPainter.draw(image, r.boxes(), null, r.classes()), threshold,
                shown);
    }

    /**
     * @param segmenter the model
     * @param outDir where the files go
     * @param threshold the lowest score kept, in [0, 1)
     * @param shown instances listed per image in the table
     * @return the command's work on an instance segmenter
     */
    static BoxPredict<InstanceResult> of(InstanceSegmenter segmenter, Path outDir,
            double threshold, int shown) {
        return new BoxPredict<>(outDir, new Names(OVERLAY_SUFFIX, "overlay", "instance"),
                segmenter::decode, segmenter::segment, InstanceResult::detections,
                InstanceJson::toJson,
                (image, r) -> InstancePainter.draw(image, r.instances(), r.classes()), threshold,
                shown);
    }

    @Override
    Output<R> process(Path file, String stem) throws IOException {
        Path jsonFile = outDir().resolve(stem + ".json");
        Path drawn = outDir().resolve(stem + names.drawnSuffix());
        Image image = decoder.decode(file);
        R r = model.apply(image, threshold);
        DetectionJson.write(json.apply(r), jsonFile);
        MaskImages.writePng(draw.apply(image, r), drawn);
        return new Output<>(r, detections.apply(r), drawn, jsonFile);
    }

    @Override
    public String table(List<Row<Output<R>>> done) {
        StringBuilder sb = new StringBuilder();
        for (Row<Output<R>> row : done) {
            DetectionResult r = row.value().found();
            sb.append(Printable.escape(row.file().toString())).append(' ')
                    .append(r.width()).append('x').append(r.height()).append(" -> ")
                    .append(Printable.escape(row.value().drawn().toString())).append(": ")
                    .append(r.count()).append(' ').append(names.noun())
                    .append(r.count() == 1 ? "" : "s");
            if (r.count() > 0) {
                sb.append(": ").append(r.boxes().stream().limit(shown)
                        .map(b -> Printable.escape(r.label(b)) + String.format(Locale.ROOT,
                                " %.2f", b.score()))
                        .collect(Collectors.joining(", ")));
                if (r.count() > shown) {
                    sb.append(", ...");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String csvHeader() {
        return "file," + names.drawnKey() + ",rank,index,label,score,x1,y1,x2,y2";
    }

    @Override
    public void csv(Row<Output<R>> row, StringBuilder sb) {
        DetectionResult r = row.value().found();
        for (int k = 0; k < r.count(); k++) {
            DetectedBox b = r.boxes().get(k);
            sb.append(Csv.field(row.file().toString())).append(',')
                    .append(Csv.field(row.value().drawn().toString())).append(',').append(k + 1)
                    .append(',').append(b.classIndex()).append(',')
                    .append(Csv.field(r.label(b))).append(',')
                    .append(String.format(Locale.ROOT, "%.6f,%.2f,%.2f,%.2f,%.2f", b.score(),
                            b.x1(), b.y1(), b.x2(), b.y2()))
                    .append('\n');
        }
    }

    @Override
    public void json(Row<Output<R>> row, ObjectNode o) {
        o.put(names.drawnKey(), row.value().drawn().toString());
        o.put("json", row.value().json().toString());
        o.setAll(json.apply(row.value().result()));
    }
}
