package dev.hsresnet.train.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The heat map of a {@link ConfusionMatrix} as an XChart chart: rows = actual class (the first at
 * the top), columns = predicted class, colour = the cell's share of its row (white to blue), a
 * colour bar on the right.
 *
 * <p>Up to {@link ConfusionMatrix#MAX_CLASSES_WITH_CELL_TEXT} classes every cell of a seen class
 * prints its share in percent and the row of a class never seen is gray. Above that only the
 * non-zero cells are drawn (the zero colour is the background, so an unseen class is an empty
 * row) and only every k-th class is named, so the drawing stays cheap up to {@link
 * ConfusionMatrix#MAX_CLASSES_IN_PNG} classes.
 */
final class ConfusionHeatMap {
    /** Colour of a row share of 0 to 1, in equal steps; the darkest keeps black text readable. */
    static final Color[] RAMP = {
        new Color(0xf7fbff), new Color(0xc6dbef), new Color(0x9ecae1), new Color(0x6baed6), new Color(0x4292c6),
    };
    /** Background of the rows of unseen classes. */
    static final Color NO_SUPPORT = new Color(0xdddddd);
    /** Longest class name drawn in full. */
    static final int MAX_NAME_CHARS = 20;

    private ConfusionHeatMap() {
    }

    /** Colour of a row share in [0, 1] (clamped), the same interpolation as the chart's. */
    static Color ramp(double f) {
        double x = Math.max(0, Math.min(1, f)) * (RAMP.length - 1);
        int i = Math.min(RAMP.length - 2, (int) Math.floor(x));
        double t = x - i;
        Color a = RAMP[i];
        Color b = RAMP[i + 1];
        return new Color(
                (int) (a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) (a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) (a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /** Cell side in pixels for {@code n} classes. */
    static int cellSize(int n) {
        if (n <= 10) {
            return 56;
        }
        if (n <= 20) {
            return 40;
        }
        if (n <= ConfusionMatrix.MAX_CLASSES_WITH_CELL_TEXT) {
            return 30;
        }
        return Math.max(1, Math.min(24, 1000 / n));
    }

    /**
     * @param cm the matrix
     * @return its heat map, sized to fit the classes
     */
    static HeatMapChart chart(ConfusionMatrix cm) {
        int n = cm.size();
        long[][] counts = cm.counts();
        boolean dense = n <= ConfusionMatrix.MAX_CLASSES_WITH_CELL_TEXT;
        int cell = cellSize(n);
        int labelEvery = Math.max(1, (int) Math.ceil(14.0 / cell));

        List<String> names = new ArrayList<>(n);
        int longest = 1;
        for (int i = 0; i < n; i++) {
            String name = i % labelEvery == 0 ? shorten(cm.classes().get(i)) : " ";
            names.add(name);
            longest = Math.max(longest, name.length());
        }
        // XChart puts y index 0 at the bottom: the rows go in reversed so that class 0 is on top
        List<String> rowNames = new ArrayList<>(names.size());
        for (int i = n - 1; i >= 0; i--) {
            rowNames.add(names.get(i));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            long support = 0;
            for (long c : counts[a]) {
                support += c;
            }
            if (support == 0) {
                continue;
            }
            for (int p = 0; p < n; p++) {
                if (dense || counts[a][p] > 0) {
                    cells.add(new Number[] {p, n - 1 - a, (double) counts[a][p] / support});
                }
            }
        }
        if (cells.isEmpty()) {
            cells.add(null); // XChart needs a non-empty list; a null entry draws nothing
        }

        int nameW = 7 * longest + 20;
        boolean verticalX = 7 * longest > cell - 6;
        int grid = n * cell;
        int width = 16 + 20 + nameW + grid + 130;
        int height = 16 + 30 + 10 + grid + 20 + (verticalX ? nameW : 20) + 30;
        String title = String.format(Locale.ROOT, "Confusion matrix: top-1 %.2f%%, %d samples",
                100 * (Double.isNaN(cm.top1()) ? 0 : cm.top1()), cm.total());
        width = Math.max(width, 11 * title.length() + 40);
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("predicted").yAxisTitle("actual").build();
        HeatMapStyler s = chart.getStyler();
        ChartStyle.apply(s, 1f);
        s.setPlotBackgroundColor(dense ? NO_SUPPORT : RAMP[0]);
        s.setPlotContentSize(1.0);
        s.setPlotGridLinesVisible(false);
        s.setAxisTicksMarksVisible(dense); // one tick per class would blacken the axes
        s.setAxisTickLabelsFont(ChartFonts.font(Font.PLAIN, n <= 20 ? 13 : 11));
        s.setXAxisLabelRotation(verticalX ? 90 : 0);
        s.setRangeColors(RAMP);
        s.setMin(0);
        s.setMax(1);
        s.setPiecewise(false);
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendFont(ChartFonts.font(Font.PLAIN, 11));
        s.setGradientColorColumnHeight(Math.max(60, Math.min(grid, 400)));
        s.setGradientColorColumnWeight(16);
        s.setHeatMapValueDecimalPattern("0%");
        s.setDrawBorder(false);
        s.setShowValue(dense);
        s.setValueFont(ChartFonts.font(Font.PLAIN, n <= 10 ? 13 : n <= 20 ? 11 : 9));
        s.setValueFontColor(ChartStyle.INK);
        chart.addSeries("row share", names, rowNames, cells);
        return chart;
    }

    private static String shorten(String name) {
        return name.length() <= MAX_NAME_CHARS ? name : name.substring(0, MAX_NAME_CHARS - 1) + "\u2026";
    }
}
