package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.cli.PredictRows.Row;
import dev.hsresnet.core.text.Printable;
import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.train.report.Csv;
import dev.hsresnet.vision.detection.BoxPainter;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.segmentation.MaskImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code hsresnet predict} on a detection model: each image is resized to the model's inference
 * size, run and decoded (one at a time), and gets {@code <out>/<stem>.json} ({@link
 * DetectionJson}: every detection, boxes in the image's pixels) and {@code
 * <out>/<stem>-boxes.png} (the image with the boxes drawn, {@link BoxPainter}), both written
 * atomically. Standard output gets one line per image with its best detections (table), its
 * JSON (json), or one row per detection (csv).
 */
final class DetectPredict extends PerImagePredict<DetectPredict.Output> {

    /** The suffix of the drawn images after the image's stem. */
    static final String BOXES_SUFFIX = "-boxes.png";

    /**
     * One image searched.
     *
     * @param result its detections
     * @param boxes the drawn image written
     * @param json the JSON file written
     */
    record Output(DetectionResult result, Path boxes, Path json) {}

    private final Detector detector;
    private final double threshold;
    private final int shown;

    /**
     * @param detector the model
     * @param outDir where the files go
     * @param threshold the lowest score kept, in [0, 1)
     * @param shown detections listed per image in the table
     */
    DetectPredict(Detector detector, Path outDir, double threshold, int shown) {
        super(outDir, "searched for objects", ".json", BOXES_SUFFIX);
        this.detector = detector;
        this.threshold = threshold;
        this.shown = shown;
    }

    @Override
    Output process(Path file, String stem) throws IOException {
        Path json = outDir().resolve(stem + ".json");
        Path boxes = outDir().resolve(stem + BOXES_SUFFIX);
        Image image = detector.decode(file);
        DetectionResult r = detector.detect(image, threshold);
        DetectionJson.write(r, json);
        MaskImages.writePng(BoxPainter.draw(image, r.boxes(), null, r.classes()), boxes);
        return new Output(r, boxes, json);
    }

    @Override
    public String table(List<Row<Output>> done) {
        StringBuilder sb = new StringBuilder();
        for (Row<Output> row : done) {
            DetectionResult r = row.value().result();
            sb.append(Printable.escape(row.file().toString())).append(' ')
                    .append(r.width()).append('x').append(r.height()).append(" -> ")
                    .append(Printable.escape(row.value().boxes().toString())).append(": ")
                    .append(r.count()).append(r.count() == 1 ? " object" : " objects");
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
        return "file,boxes,rank,index,label,score,x1,y1,x2,y2";
    }

    @Override
    public void csv(Row<Output> row, StringBuilder sb) {
        DetectionResult r = row.value().result();
        for (int k = 0; k < r.count(); k++) {
            DetectedBox b = r.boxes().get(k);
            sb.append(Csv.field(row.file().toString())).append(',')
                    .append(Csv.field(row.value().boxes().toString())).append(',').append(k + 1)
                    .append(',').append(b.classIndex()).append(',')
                    .append(Csv.field(r.label(b))).append(',')
                    .append(String.format(Locale.ROOT, "%.6f,%.2f,%.2f,%.2f,%.2f", b.score(),
                            b.x1(), b.y1(), b.x2(), b.y2()))
                    .append('\n');
        }
    }

    @Override
    public void json(Row<Output> row, ObjectNode o) {
        o.put("boxes", row.value().boxes().toString());
        o.put("json", row.value().json().toString());
        o.setAll(DetectionJson.toJson(row.value().result()));
    }
}
