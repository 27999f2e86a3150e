package dev.hsresnet.train.detection;

import dev.hsresnet.train.report.NumericTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every epoch of a detection run, as {@code metrics.csv}: {@code epoch, step, train_loss, val_ap,
 * val_ap50, val_ap75, val_ar100, lr, images_per_second, epoch_seconds}; NaN is an empty field.
 * Read back when a run resumes.
 */
public final class DetectionLog {

    private static final List<String> COLUMNS = List.of("epoch", "step", "train_loss", "val_ap",
            "val_ap50", "val_ap75", "val_ar100", "lr", "images_per_second", "epoch_seconds");

    private final List<DetectionEpoch> epochs = new ArrayList<>();

    /** @param e the next epoch */
    public void add(DetectionEpoch e) {
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
        NumericTable.write(file, COLUMNS, epochs.stream().map(DetectionEpoch::values).toList());
    }

    /**
     * Reads a CSV this class wrote.
     *
     * @param file the CSV
     * @return the log
     * @throws IOException naming the file and line when it is not such a CSV
     */
    public static DetectionLog readCsv(Path file) throws IOException {
        DetectionLog log = new DetectionLog();
        List<double[]> rows = NumericTable.read(file, COLUMNS.size());
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
