package dev.hsresnet.bench;

import java.util.Locale;

/**
 * The one-line result of a step benchmark ({@code bench/seg-step.sh}, {@code bench/det-step.sh}),
 * in the format the PyTorch scripts in {@code tools/reference} print too:
 * {@code ENGINE MODEL MODE batch B HxW: median M ms (p10-p90 A-B), I img/s}.
 */
public final class StepLine {

    private StepLine() {}

    /**
     * @param engine {@code djl}, {@code ort} or {@code pytorch}
     * @param model the registered name
     * @param mode {@code train} or {@code inference}
     * @param batch images per step
     * @param height input height, pixels
     * @param width input width, pixels
     * @param ms each timed step, milliseconds
     * @return the line
     */
    public static String of(String engine, String model, String mode, int batch, int height,
            int width, double[] ms) {
        Stats s = Stats.of(ms);
        return String.format(Locale.ROOT,
                "%s %s %s batch %d %dx%d: median %.1f ms (p10-p90 %.1f-%.1f), %.2f img/s", engine,
                model, mode, batch, height, width, s.medianMs(), s.p10Ms(), s.p90Ms(),
                1000.0 * batch / s.medianMs());
    }
}
