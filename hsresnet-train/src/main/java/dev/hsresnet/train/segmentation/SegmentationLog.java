package dev.hsresnet.train.segmentation;

import dev.hsresnet.train.report.NumericTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every epoch of a segmentation run, as {@code metrics.csv}: {@code epoch, step, train_loss,
 * val_loss, val_miou, val_pixel_acc, val_mean_class_acc, lr, images_per_second, epoch_seconds},
 * then {@code iou_<class>} per class; NaN is an empty field. Read back when a run resumes.
 */
public final class SegmentationLog {

    private static final List<String> FIXED = List.of("epoch", "step", "train_loss", "val_loss",
            "val_miou", "val_pixel_acc", "val_mean_class_acc", "lr", "images_per_second",
            "epoch_seconds");

    private final List<String> classes;
    private final List<SegmentationEpoch> epochs = new ArrayList<>();

    /** @param classes the class names (the per-class columns) */
    public SegmentationLog(List<String> classes) {
        this.classes = List.copyOf(classes);
    }

    /** @param e the next epoch */
    public void add(SegmentationEpoch e) {
        epochs.add(e);
    }

    /** @return every epoch, in order */
    public List<SegmentationEpoch> epochs() {
        return List.copyOf(epochs);
    }

    /** @return the evaluated epoch of highest validation mIoU (the first on ties) */
    public Optional<SegmentationEpoch> best() {
        return epochs.stream().filter(SegmentationEpoch::evaluated)
                .max(Comparator.comparingDouble(SegmentationEpoch::valMeanIou)
                        .thenComparing(e -> -e.epoch()));
    }

    /** Drops the epochs after {@code epoch} (1-based), e.g. those past a resumed checkpoint. */
    public void truncateAfter(int epoch) {
        epochs.removeIf(e -> e.epoch() > epoch);
    }

    /** Writes the CSV atomically. */
    public void writeCsv(Path file) throws IOException {
        List<String> header = new ArrayList<>(FIXED);
        classes.forEach(c -> header.add("iou_" + c));
        List<double[]> rows = new ArrayList<>();
        for (SegmentationEpoch e : epochs) {
            double[] v = new double[header.size()];
            double[] fixed = {e.epoch(), e.step(), e.trainLoss(), e.valLoss(), e.valMeanIou(),
                e.valPixelAccuracy(), e.valMeanClassAccuracy(), e.learningRate(),
                e.imagesPerSecond(), e.epochSeconds()};
            System.arraycopy(fixed, 0, v, 0, fixed.length);
            for (int c = 0; c < classes.size(); c++) {
                v[FIXED.size() + c] = c < e.valClassIou().size() ? e.valClassIou().get(c)
                        : Double.NaN;
            }
            rows.add(v);
        }
        NumericTable.write(file, header, rows);
    }

    /**
     * Reads a CSV this class wrote.
     *
     * @param file the CSV
     * @param classes the run's class names
     * @return the log
     * @throws IOException naming the file and line when it is not such a CSV
     */
    public static SegmentationLog readCsv(Path file, List<String> classes) throws IOException {
        SegmentationLog log = new SegmentationLog(classes);
        List<double[]> rows = NumericTable.read(file, FIXED.size() + classes.size());
        for (int i = 0; i < rows.size(); i++) {
            double[] v = rows.get(i);
            try {
                List<Double> iou = new ArrayList<>();
                if (!Double.isNaN(v[4])) {
                    for (int c = 0; c < classes.size(); c++) {
                        iou.add(v[FIXED.size() + c]);
                    }
                }
                log.add(new SegmentationEpoch((int) v[0], (long) v[1], v[2], v[3], v[4], v[5],
                        v[6], iou, v[7], v[8], v[9]));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 2) + ": " + e.getMessage(), e);
            }
        }
        return log;
    }
}
