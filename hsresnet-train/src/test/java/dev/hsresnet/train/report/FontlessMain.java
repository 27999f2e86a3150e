package dev.hsresnet.train.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by {@link FontlessJvmTest} in a JVM that sees no font: every report writer must come back
 * without writing, the builders must throw {@link NoFontsException}. Prints one line per check
 * and exits 0 when all hold, 3 when the JVM found a font after all, 1 otherwise.
 */
public final class FontlessMain {
    private FontlessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try {
            ChartFonts.requireUsable();
            System.out.println("FONTS-FOUND");
            System.exit(3);
        } catch (NoFontsException expected) {
            System.out.println("no fonts: " + expected.getMessage());
        }
        boolean ok = true;
        List<Path> plots = Plots.writeAll(PlotsTest.run(5, true, false), dir);
        ok &= check("Plots.writeAll wrote nothing", plots.isEmpty());
        ConfusionMatrix cm = ConfusionMatrixTest.handMade();
        ok &= check("ConfusionMatrix.writePng skipped", !cm.writePng(dir.resolve("confusion.png")));
        ok &= check("Charts.perClassIou skipped",
                !Charts.perClassIou(dir.resolve("iou.png"), "val", List.of("a", "b"), new double[] {0.5, Double.NaN}));
        ok &= check("Charts.epochCurves skipped", !Charts.epochCurves(dir.resolve("c.png"), "t", "y",
                new int[] {1, 2}, List.of(new Charts.Curve("a", new double[] {1, 2}))));
        try {
            new LineChart("t", "x", "y").series("a", new double[] {1}, new double[] {1}).writePng(dir.resolve("l.png"));
            ok &= check("LineChart.writePng threw NoFontsException", false);
        } catch (NoFontsException e) {
            ok &= check("LineChart.writePng threw NoFontsException", e.getMessage().contains("fonts-dejavu-core"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> left = files.toList();
            ok &= check("no file written " + left, left.isEmpty());
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean check(String what, boolean holds) {
        System.out.println((holds ? "ok   " : "FAIL ") + what);
        return holds;
    }
}
