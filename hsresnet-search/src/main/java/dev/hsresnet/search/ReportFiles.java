package dev.hsresnet.search;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.SpecFile;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.train.report.Csv;
import dev.hsresnet.train.report.LineChart;
import dev.hsresnet.train.report.NoFontsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a search's results into a directory, each file atomically: {@value #REPORT} (the whole
 * report), {@value #FRONT_CSV} (the front, one candidate per line), {@value #FRONT_PNG} (latency
 * against GMACs: the front, the re-measured candidates and the choice) and {@value #SPEC} (the
 * chosen architecture as a {@link SpecFile}, which {@code init}, {@code train} and the dense
 * tasks take in place of a model name).
 */
public final class ReportFiles {

    /** The report as JSON. */
    public static final String REPORT = "search.json";

    /** The Pareto front as CSV. */
    public static final String FRONT_CSV = "front.csv";

    /** The plot. */
    public static final String FRONT_PNG = "front.png";

    /** The chosen architecture. */
    public static final String SPEC = "best.spec.json";

    private ReportFiles() {}

    /**
     * @param report the report
     * @param space the space it searched (for the spec file's base)
     * @param dir the output directory (created)
     * @param log a warning when the plot is skipped (no fonts)
     * @throws IOException when a file cannot be written
     */
    public static void write(SearchReport report, SearchSpace space, Path dir,
            Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(REPORT),
                (SpecJson.write(report) + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(FRONT_CSV), csv(report).getBytes(StandardCharsets.UTF_8));
        try {
            plot(report).writePng(dir.resolve(FRONT_PNG));
        } catch (NoFontsException e) {
            log.accept("no plot: " + e.getMessage());
        }
        if (report.chosen() != null) {
            specFile(report.chosen(), space, report).write(dir.resolve(SPEC));
        }
    }

    /**
     * @param c the chosen candidate
     * @param space its space
     * @param report the search's report (for the description)
     * @return its spec file: the base's family and preprocessing, a name made of the base's
     *     name and the candidate's stages
     */
    public static SpecFile specFile(Candidate c, SearchSpace space, SearchReport report) {
        ModelEntry base = space.base();
        String name = base.name() + "-" + c.label();
        if (name.length() > SpecFile.MAX_NAME_LENGTH) {
            name = base.name() + "-search-" + Integer.toHexString(c.label().hashCode());
        }
        String description = String.format(Locale.ROOT, "hsresnet search on %s (%s, batch %d): "
                + "%s within %s; predicted %.2f ms%s; %,d params, %.3f GMACs", report.fingerprint()
                .cpuModel(), report.fingerprint().engine(), report.fingerprint().batch(),
                report.goal(), report.budget(), c.predictedMs(), c.measuredMs() == null ? ""
                        : String.format(Locale.ROOT, ", measured %.2f ms", c.measuredMs()),
                c.params(), c.macs() / 1e9);
        if (description.length() > SpecFile.MAX_DESCRIPTION_LENGTH) {
            description = description.substring(0, SpecFile.MAX_DESCRIPTION_LENGTH);
        }
        return SpecFile.of(new ModelEntry(name, base.family(), description, c.spec(),
                base.preprocessing(), null));
    }

    /** @return the front as CSV with a header line */
    static String csv(SearchReport report) {
        StringBuilder b = new StringBuilder("label,params,macs,predicted_ms,predicted_p90_ms,"
                + "measured_ms,measured_p90_ms,proxy_top1\n");
        for (Candidate c : report.front()) {
            Candidate shown = find(report, c.label());
            b.append(Csv.field(c.label())).append(',').append(c.params()).append(',')
                    .append(c.macs()).append(',').append(Csv.number(c.predictedMs())).append(',')
                    .append(Csv.number(c.predictedP90Ms())).append(',')
                    .append(shown.measuredMs() == null ? "" : Csv.number(shown.measuredMs()))
                    .append(',')
                    .append(shown.measuredP90Ms() == null ? "" : Csv.number(shown.measuredP90Ms()))
                    .append(',')
                    .append(shown.proxyTop1() == null ? "" : Csv.number(shown.proxyTop1()))
                    .append('\n');
        }
        return b.toString();
    }

    /** @return the candidate with its measurements, if it was re-measured or trained */
    private static Candidate find(SearchReport report, String label) {
        for (List<Candidate> list : List.of(report.trials(), report.remeasured())) {
            for (Candidate c : list) {
                if (c.label().equals(label)) {
                    return c;
                }
            }
        }
        return report.front().stream().filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow();
    }

    static LineChart plot(SearchReport report) {
        LineChart chart = new LineChart("Pareto front: " + report.base() + " space, "
                + report.fingerprint().engine() + " batch " + report.fingerprint().batch(),
                "latency (ms)", "GMACs");
        chart.series("front (predicted)", xs(report.front(), false), gmacs(report.front()));
        List<Candidate> measured = new ArrayList<>(report.remeasured());
        measured.sort(java.util.Comparator.comparingDouble(Candidate::latencyMs));
        if (!measured.isEmpty()) {
            // a NaN between points: dots, no connecting lines
            double[] x = xs(measured, true);
            double[] y = gmacs(measured);
            double[] gx = new double[2 * x.length - 1];
            double[] gy = new double[gx.length];
            for (int i = 0; i < x.length; i++) {
                gx[2 * i] = x[i];
                gy[2 * i] = y[i];
                if (i + 1 < x.length) {
                    gx[2 * i + 1] = (x[i] + x[i + 1]) / 2;
                    gy[2 * i + 1] = Double.NaN;
                }
            }
            chart.series("re-measured (measured median)", gx, gy);
        }
        if (report.chosen() != null) {
            chart.series("chosen (" + report.goal() + ")", new double[] {report.chosen().latencyMs()},
                    new double[] {report.chosen().macs() / 1e9});
        }
        return chart;
    }

    private static double[] xs(List<Candidate> cs, boolean measured) {
        return cs.stream().mapToDouble(c -> measured ? c.latencyMs() : c.predictedMs()).toArray();
    }

    private static double[] gmacs(List<Candidate> cs) {
        return cs.stream().mapToDouble(c -> c.macs() / 1e9).toArray();
    }
}
