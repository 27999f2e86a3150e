package dev.hsresnet.bench;

/** Result rows for tests. */
final class Rows {

    private Rows() {}

    static ResultRow row(String model, String path, String mode, int batch, double median) {
        return new ResultRow(model, path, mode, batch, 32, median, median * 0.9, median * 1.2,
                median * 0.95, median * 1.1, batch * 1000 / median, 12.5, 3.25, Double.NaN, 10,
                2, "2026-11-26T01:00:00Z", "2 cores, AMD EPYC, Linux, Java 17");
    }
}
