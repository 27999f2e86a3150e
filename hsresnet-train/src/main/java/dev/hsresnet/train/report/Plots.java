package dev.hsresnet.train.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standard per-epoch charts of a run ({@link LineChart}s, drawn with XChart). */
public final class Plots {
    private static final Logger LOG = LoggerFactory.getLogger(Plots.class);

    /** File name of the train/val loss chart. */
    public static final String LOSS = "loss.png";
    /** File name of the accuracy chart. */
    public static final String ACCURACY = "accuracy.png";
    /** File name of the learning-rate chart. */
    public static final String LR = "lr.png";

    // One color per metric, the same in every chart and every run.
    static final Color TRAIN = LineChart.COLORS.get(0);
    static final Color VAL = LineChart.COLORS.get(1);
    static final Color VAL_TOP5 = LineChart.COLORS.get(2);
    static final Color EMA = LineChart.COLORS.get(3);

    private Plots() {
    }

    /**
     * Writes {@value #LOSS} (train vs val loss), {@value #ACCURACY} (train top-1 when measured, val
     * top-1, val top-5, EMA val top-1 when measured) and {@value #LR} into {@code dir}, creating it
     * if needed. Each file is 800x500 and replaced atomically. On a JVM without any font nothing
     * is written and a warning is logged (once); the run goes on.
     *
     * @param log the run's metrics (may be empty: the charts then say "no data")
     * @param dir output directory
     * @return the files written, in that order (empty when skipped for lack of a font)
     * @throws IOException if one cannot be written
     */
    public static List<Path> writeAll(MetricsLog log, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<EpochMetrics> ms = log.epochs();
        double[] epoch = column(ms, m -> m.epoch());

        LineChart loss = new LineChart("Loss", "epoch", "cross-entropy loss")
                .series("train", epoch, column(ms, EpochMetrics::trainLoss), TRAIN)
                .series("val", epoch, column(ms, EpochMetrics::valLoss), VAL);

        // a series never measured (train top-1 under mixup, EMA without EMA) is left out
        LineChart acc = new LineChart("Accuracy", "epoch", "accuracy (fraction)")
                .series("train top-1", epoch, column(ms, EpochMetrics::trainTop1), TRAIN)
                .series("val top-1", epoch, column(ms, EpochMetrics::valTop1), VAL)
                .series("val top-5", epoch, column(ms, EpochMetrics::valTop5), VAL_TOP5)
                .series("EMA val top-1", epoch, column(ms, EpochMetrics::emaValTop1), EMA);

        LineChart lr = new LineChart("Learning rate (end of epoch)", "epoch", "learning rate")
                .series("lr", epoch, column(ms, EpochMetrics::learningRate));

        List<Path> written = new ArrayList<>(3);
        for (var chart : List.of(new Named(LOSS, loss), new Named(ACCURACY, acc), new Named(LR, lr))) {
            Path file = dir.resolve(chart.file);
            if (!Charts.writeOrWarn(chart.chart.toXChart(), file)) {
                return List.of();
            }
            written.add(file);
        }
        LOG.debug("wrote {} for {} epochs", written, ms.size());
        return List.copyOf(written);
    }

    private record Named(String file, LineChart chart) {
    }

    private static double[] column(List<EpochMetrics> ms, ToDoubleFunction<EpochMetrics> f) {
        double[] out = new double[ms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(ms.get(i));
        }
        return out;
    }
}
