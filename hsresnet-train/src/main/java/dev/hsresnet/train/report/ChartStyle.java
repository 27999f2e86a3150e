package dev.hsresnet.train.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The look every report chart shares: white background, the tab10 series colours, one font. */
final class ChartStyle {
    /** Series colours in order of use: blue, orange, green, red, purple, brown, pink, gray, olive, cyan. */
    static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf));

    static final Color INK = new Color(0x222222);
    static final Color AXIS = new Color(0x555555);
    static final Color GRID = new Color(0xe3e3e3);
    static final Color LEGEND_BORDER = new Color(0xbbbbbb);

    private ChartStyle() {
    }

    /**
     * Font scale of a chart: 1 at 800x500, within [0.75, 1.6].
     *
     * @param width pixels
     * @param height pixels
     * @return the factor applied to font sizes, line widths and paddings
     */
    static float scale(int width, int height) {
        float s = Math.min(width / 800f, height / 500f);
        return Math.max(0.75f, Math.min(1.6f, s));
    }

    /**
     * Applies the shared look.
     *
     * @param s the chart's styler
     * @param k the {@link #scale}
     */
    static void apply(Styler s, float k) {
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(AXIS);
        s.setPlotBorderVisible(true);
        s.setChartFontColor(INK);
        s.setChartPadding(Math.round(12 * k));
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(Math.round(8 * k));
        s.setBaseFont(ChartFonts.font(Font.PLAIN, 13 * k));
        s.setChartTitleFont(ChartFonts.font(Font.BOLD, 18 * k));
        s.setLegendFont(ChartFonts.font(Font.PLAIN, 13 * k));
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(LEGEND_BORDER);
        s.setLegendPadding(Math.round(8 * k));
        s.setAnnotationTextFont(ChartFonts.font(Font.PLAIN, 14 * k));
        s.setAnnotationTextFontColor(AXIS);
        s.setAnnotationTextPanelFont(ChartFonts.font(Font.PLAIN, 13 * k));
        s.setToolTipFont(ChartFonts.font(Font.PLAIN, 12 * k));
        s.setChartButtonFont(ChartFonts.font(Font.PLAIN, 12 * k));
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(ChartFonts.font(Font.PLAIN, 14 * k));
            a.setAxisTickLabelsFont(ChartFonts.font(Font.PLAIN, 12 * k));
            a.setAxisTickLabelsColor(INK);
            a.setAxisTickMarksColor(AXIS);
            a.setAxisTitlePadding(Math.round(8 * k));
            a.setAxisTickPadding(Math.round(6 * k));
            a.setPlotGridLinesColor(GRID);
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setPlotMargin(0);
            a.setLocale(java.util.Locale.ROOT);
        }
    }
}
