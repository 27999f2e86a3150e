package dev.hsresnet.cli;

import dev.hsresnet.train.loop.LoggingProgress;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.report.EpochMetrics;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on the terminal: a bar redrawn in place when stdout is a terminal, plain lines
 * (about ten per epoch) otherwise, so logs stay readable.
 */
final class ConsoleProgress implements Progress {

    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean tty;
    private int epoch;
    private int epochs;
    private int batches;
    private int every;
    private long epochStart;

    ConsoleProgress(PrintWriter out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** @return progress for this process's stdout */
    static ConsoleProgress forStdout(PrintWriter out) {
        return new ConsoleProgress(out, System.console() != null);
    }

    @Override
    public void message(String text) {
        clearLine();
        out.println(text);
        out.flush();
    }

    @Override
    public void epochStart(int epochNumber, int epochCount, int firstBatch, int batchCount) {
        this.epoch = epochNumber;
        this.epochs = epochCount;
        this.batches = batchCount;
        this.every = Math.max(1, batchCount / 10);
        this.epochStart = System.nanoTime();
        if (!tty && firstBatch > 0) {
            out.println("epoch " + epochNumber + "/" + epochCount + ": resuming at batch "
                    + (firstBatch + 1));
        }
    }

    @Override
    public void step(int batch, double loss, double lr, double imagesPerSecond) {
        int done = batch + 1;
        if (tty) {
            int filled = (int) ((long) BAR * done / Math.max(1, batches));
            double elapsed = (System.nanoTime() - epochStart) / 1e9;
            out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f lr %.4g "
                    + "%.0f img/s %s ", epoch, epochs, "=".repeat(filled),
                    " ".repeat(BAR - filled), done, batches, loss, lr, imagesPerSecond,
                    eta(elapsed, done, batches)));
            out.flush();
        } else if (done % every == 0 || done == batches) {
            out.println(String.format(Locale.ROOT, "epoch %d/%d batch %d/%d loss %.4f lr %.4g "
                    + "%.1f img/s", epoch, epochs, done, batches, loss, lr, imagesPerSecond));
            out.flush();
        }
    }

    @Override
    public void epochEnd(EpochMetrics m) {
        clearLine();
        out.println(LoggingProgress.describe(m));
        out.flush();
    }

    private void clearLine() {
        if (tty) {
            out.print("\r\033[K");
        }
    }

    private static String eta(double elapsed, int done, int total) {
        long left = Math.round(elapsed / Math.max(1, done) * (total - done));
        return String.format(Locale.ROOT, "ETA %d:%02d", left / 60, left % 60);
    }
}
