package dev.hsresnet.train.loop;

import dev.hsresnet.train.report.EpochMetrics;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress as SLF4J lines: about ten per epoch, and one per evaluated epoch. */
public final class LoggingProgress implements Progress {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hsresnet.train");

    private int epoch;
    private int batches;
    private int every = 1;

    @Override
    public void message(String text) {
        LOG.info(text);
    }

    @Override
    public void epochStart(int epochNumber, int epochs, int firstBatch, int batchCount) {
        this.epoch = epochNumber;
        this.batches = batchCount;
        this.every = Math.max(1, batchCount / 10);
        LOG.info("epoch {}/{}: {} batches{}", epochNumber, epochs, batchCount,
                firstBatch > 0 ? ", resuming at batch " + (firstBatch + 1) : "");
    }

    @Override
    public void step(int batch, double loss, double learningRate, double imagesPerSecond) {
        if ((batch + 1) % every == 0 || batch + 1 == batches) {
            LOG.info(String.format(Locale.ROOT,
                    "epoch %d batch %d/%d loss %.4f lr %.5f %.1f img/s", epoch, batch + 1,
                    batches, loss, learningRate, imagesPerSecond));
        }
    }

    @Override
    public void epochEnd(EpochMetrics m) {
        LOG.info(describe(m));
    }

    /** @return one line for an evaluated epoch */
    public static String describe(EpochMetrics m) {
        return String.format(Locale.ROOT,
                "epoch %d: train loss %.4f, val loss %.4f, val top-1 %.2f%%, top-5 %.2f%%%s, "
                        + "%.1f img/s, %.0f s", m.epoch(), m.trainLoss(), m.valLoss(),
                100 * m.valTop1(), 100 * m.valTop5(),
                m.hasEma() ? String.format(Locale.ROOT, ", EMA top-1 %.2f%%", 100 * m.emaValTop1())
                        : "", m.imagesPerSecond(), m.epochSeconds());
    }
}
