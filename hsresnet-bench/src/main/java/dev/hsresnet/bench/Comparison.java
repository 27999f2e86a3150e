package dev.hsresnet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run against an older one, row by row: rows match on {@link ResultRow#key()} (model, path,
 * mode, batch).
 *
 * @param changes the rows present in both, in the new run's order
 * @param onlyNew keys of rows only the new run has
 * @param onlyOld keys of rows only the old run has
 */
public record Comparison(List<Change> changes, List<String> onlyNew, List<String> onlyOld) {

    /**
     * One row in both runs.
     *
     * @param before the old run's row
     * @param after the new run's row
     */
    public record Change(ResultRow before, ResultRow after) {

        /** @return the row's key */
        public String key() {
            return after.key();
        }

        /**
         * @return the change of the median step time in percent (negative: faster now); NaN
         *     when the old median is not positive
         */
        public double medianChangePercent() {
            return before.medianMs() > 0
                    ? 100.0 * (after.medianMs() / before.medianMs() - 1)
                    : Double.NaN;
        }

        /**
         * @return whether the medians differ by more than the larger of the two rows' p10-p90
         *     ranges: a change that the run-to-run noise alone does not explain
         */
        public boolean beyondSpread() {
            double noise = Math.max(after.p90Ms() - after.p10Ms(), before.p90Ms() - before.p10Ms());
            return Math.abs(after.medianMs() - before.medianMs()) > noise;
        }
    }

    /**
     * @param before the older run's rows
     * @param after the newer run's rows
     * @return the comparison; of repeated keys in one run the last row counts
     */
    public static Comparison of(List<ResultRow> before, List<ResultRow> after) {
        Map<String, ResultRow> old = byKey(before);
        Map<String, ResultRow> now = byKey(after);
        List<Change> changes = new ArrayList<>();
        List<String> onlyNew = new ArrayList<>();
        for (ResultRow r : now.values()) {
            ResultRow o = old.get(r.key());
            if (o == null) {
                onlyNew.add(r.key());
            } else {
                changes.add(new Change(o, r));
            }
        }
        List<String> onlyOld = new ArrayList<>();
        for (String k : old.keySet()) {
            if (!now.containsKey(k)) {
                onlyOld.add(k);
            }
        }
        return new Comparison(List.copyOf(changes), List.copyOf(onlyNew), List.copyOf(onlyOld));
    }

    private static Map<String, ResultRow> byKey(List<ResultRow> rows) {
        Map<String, ResultRow> map = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            map.put(r.key(), r);
        }
        return map;
    }
}
