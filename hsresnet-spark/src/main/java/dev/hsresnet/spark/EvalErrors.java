package dev.hsresnet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Rows an evaluation could not score: a count and the first few reasons, mergeable. */
final class EvalErrors implements Serializable {

    private static final long serialVersionUID = 1L;

    private long count;
    private final ArrayList<String> first = new ArrayList<>();

    /** Counts one row, keeping its reason among the first {@value PredictSummary#ERRORS_SHOWN}. */
    void add(String id, String reason) {
        count++;
        if (first.size() < PredictSummary.ERRORS_SHOWN) {
            first.add(id + ": " + reason);
        }
    }

    /** Adds another's rows. */
    void merge(EvalErrors other) {
        count += other.count;
        for (String e : other.first) {
            if (first.size() < PredictSummary.ERRORS_SHOWN) {
                first.add(e);
            }
        }
    }

    long count() {
        return count;
    }

    List<String> first() {
        return List.copyOf(first);
    }
}
