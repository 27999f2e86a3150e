package dev.hsresnet.train.detection;

import dev.hsresnet.train.report.NumericTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every epoch of an FCOS-family run, as {@code metrics.csv}: {@code epoch, step, train_loss},
 * the task's validation columns ({@link FcosTask#scores()}; a detector's {@code val_ap,
 * val_ap50, val_ap75, val_ar100}), then {@code lr, images_per_second, epoch_seconds}; NaN is an
 * empty field. Read back when a run resumes.
 */
public final class DetectionLog {

    private final List<String> columns;
    private final List<DetectionEpoch> epochs = new ArrayList<>();

    /** @param valColumns the validation columns, in the scores' order */
    public DetectionLog(List<String> valColumns) {
        List<String> c = new ArrayList<>(List.of("epoch", "step", "train_loss"));
        c.addAll(valColumns);
        c.addAll(List.of("lr", "images_per_second", "epoch_seconds"));
        this.columns = List.copyOf(c);
    }

    /** @return the CSV's header, in order */
    public List<String> columns() {
        return columns;
    }

    /** @param e the next epoch, with one score per validation column */
    public void add(DetectionEpoch e) {
        if (e.val().length != columns.size() - 6) {
            throw new IllegalArgumentException(e.val().length + " validation scores for "
                    + (columns.size() - 6) + " columns");
        }
        epochs.add(e);
    }

    /** @return every epoch, in order */
    public List<DetectionEpoch> epochs() {
        return List.copyOf(epochs);
    }

    /** Drops the epochs after {@code epoch} (1-based), e.g. those past a resumed checkpoint. */
    public void truncateAfter(int epoch) {
        epochs.removeIf(e -> e.epoch() > epoch);
    }

    /** Writes the CSV atomically. */
    public void writeCsv(Path file) throws IOException {
        NumericTable.write(file, columns, epochs.stream().map(DetectionEpoch::values).toList());
    }

    /**
     * Reads a CSV this class wrote.
     *
     * @param file the CSV
     * @param valColumns its validation columns
     * @return the log
     * @throws IOException naming the file and line when it is not such a CSV
     */
    public static DetectionLog readCsv(Path file, List<String> valColumns) throws IOException {
        DetectionLog log = new DetectionLog(valColumns);
        List<double[]> rows = NumericTable.read(file, log.columns.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                log.add(DetectionEpoch.of(rows.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 2) + ": " + e.getMessage(), e);
            }
        }
        return log;
    }
}
