package dev.hsresnet.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything one run measured, and the conditions.
 *
 * @param date when the run started, ISO-8601 UTC
 * @param machine the machine, in words ({@link Machine#describe()})
 * @param threads intra-op threads of every engine
 * @param mallocTunables {@code GLIBC_TUNABLES} of the run (and of the PyTorch child), or
 *     {@code "none"}
 * @param torchVersion the PyTorch reference's {@code torch.__version__}, or null if not run
 * @param peaks the matrix-product measurements (one per engine), empty if skipped
 * @param measurements the network cases, in plan order
 */
public record Report(String date, String machine, int threads, String mallocTunables,
        String torchVersion, List<PeakFlops.Peak> peaks, List<Measurement> measurements) {

    /** Copies the lists. */
    public Report {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(mallocTunables, "mallocTunables");
        peaks = List.copyOf(peaks);
        measurements = List.copyOf(measurements);
    }

    /** @return the measured FP32 peak in GFLOP/s (the best engine's fastest product), if any */
    public OptionalDouble peakGflops() {
        return peaks.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(PeakFlops.best(peaks).bestGflops());
    }

    /**
     * @return the CSV rows: one per peak measurement (mode {@value ResultRow#PEAK_MODE}, its
     *     GFLOP/s those of the fastest product), then one per case with its share of the peak and
     *     its ratio to the PyTorch case of the same model, mode and batch
     */
    public List<ResultRow> rows() {
        double peak = peakGflops().orElse(Double.NaN);
        List<ResultRow> rows = new ArrayList<>();
        for (PeakFlops.Peak p : peaks) {
            Stats s = p.stats();
            rows.add(new ResultRow("matmul_" + p.n(), p.path().id(), ResultRow.PEAK_MODE, 1,
                    p.n(), s.medianMs(), s.minMs(), s.maxMs(), s.p10Ms(), s.p90Ms(), Double.NaN,
                    p.bestGflops(), 100 * p.bestGflops() / peak, Double.NaN, s.count(), threads,
                    date, machine));
        }
        Map<String, Measurement> pytorch = new HashMap<>();
        for (Measurement m : measurements) {
            if (m.benchCase().path() == BenchPath.PYTORCH) {
                pytorch.put(ratioKey(m.benchCase()), m);
            }
        }
        for (Measurement m : measurements) {
            BenchCase c = m.benchCase();
            Measurement reference = c.path() == BenchPath.PYTORCH ? null
                    : pytorch.get(ratioKey(c));
            double ratio = reference == null ? Double.NaN
                    : m.stats().medianMs() / reference.stats().medianMs();
            Stats s = m.stats();
            rows.add(new ResultRow(c.model(), c.path().id(), c.mode().id(), c.batch(), c.size(),
                    s.medianMs(), s.minMs(), s.maxMs(), s.p10Ms(), s.p90Ms(),
                    m.imagesPerSecond(), m.gflops(), 100 * m.gflops() / peak, ratio, s.count(),
                    threads, date, machine));
        }
        return rows;
    }

    private static String ratioKey(BenchCase c) {
        return c.model() + "/" + c.mode().id() + "/" + c.batch();
    }
}
