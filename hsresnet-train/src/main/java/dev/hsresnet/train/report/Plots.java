package dev.hsresnet.train.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standard per-epoch charts of a run. */
public final class Plots {
    private static final Logger LOG = LoggerFactory.getLogger(Plots.class);

    /** File name of the train/val loss chart. */
    public static final String LOSS = "loss.png";
    /** File name of the accuracy chart. */
    public static final String ACCURACY = "accuracy.png";
    /** File name of the learning-rate chart. */
    public static final String LR = "lr.png";

    // One color per metric, the same in every chart and every run.
    static final Color TRAIN = LinePlot.PALETTE[0];
    static final Color VAL = LinePlot.PALETTE[1];
    static final Color VAL_TOP5 = LinePlot.PALETTE[2];
    static final Color EMA = LinePlot.PALETTE[3];

    private Plots() {
    }

    /**
     * Writes {@value #LOSS} (train vs val loss), {@value #ACCURACY} (train top-1 when measured, val
     * top-1, val top-5, EMA val top-1 when measured) and {@value #LR} into {@code dir}, creating it
     * if needed. Each file is replaced atomically.
     *
     * @param log the run's metrics (may be empty: the charts then say "no data")
     * @param dir output directory
     * @return the files written
     * @throws IOException if one cannot be written
     */
    public static List<Path> writeAll(MetricsLog log, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<EpochMetrics> ms = log.epochs();
        double[] epoch = column(ms, m -> m.epoch());

        LinePlot loss = new LinePlot("Loss", "epoch", "cross-entropy loss")
                .series("train", epoch, column(ms, EpochMetrics::trainLoss), TRAIN)
                .series("val", epoch, column(ms, EpochMetrics::valLoss), VAL);

        LinePlot acc = new LinePlot("Accuracy", "epoch", "accuracy (fraction)");
        double[] trainTop1 = column(ms, EpochMetrics::trainTop1);
        if (anyFinite(trainTop1)) {
            acc.series("train top-1", epoch, trainTop1, TRAIN);
        }
        acc.series("val top-1", epoch, column(ms, EpochMetrics::valTop1), VAL)
                .series("val top-5", epoch, column(ms, EpochMetrics::valTop5), VAL_TOP5);
        double[] ema = column(ms, EpochMetrics::emaValTop1);
        if (anyFinite(ema)) {
            acc.series("EMA val top-1", epoch, ema, EMA);
        }

        LinePlot lr = new LinePlot("Learning rate (end of epoch)", "epoch", "learning rate")
                .series("lr", epoch, column(ms, EpochMetrics::learningRate));

        Path lossFile = dir.resolve(LOSS);
        Path accFile = dir.resolve(ACCURACY);
        Path lrFile = dir.resolve(LR);
        loss.writePng(lossFile);
        acc.writePng(accFile);
        lr.writePng(lrFile);
        LOG.debug("wrote {}, {} and {} for {} epochs", lossFile, accFile, lrFile, ms.size());
        return List.of(lossFile, accFile, lrFile);
    }

    private static double[] column(List<EpochMetrics> ms, ToDoubleFunction<EpochMetrics> f) {
        double[] out = new double[ms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(ms.get(i));
        }
        return out;
    }

    private static boolean anyFinite(double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                return true;
            }
        }
        return false;
    }
}
