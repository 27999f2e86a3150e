package dev.hsresnet.search;

import java.util.Locale;

/** What the chosen network is, among those within the budget. */
public enum Goal {
    /** The lowest latency. */
    FASTEST,
    /** The most MACs (the most computation the budget buys). */
    MOST_MACS,
    /** The most parameters. */
    MOST_PARAMS,
    /** The highest proxy accuracy among the trained candidates (needs trials). */
    BEST_PROXY;

    /** @return e.g. {@code most-macs} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param id {@code fastest}, {@code most-macs}, {@code most-params} or {@code best-proxy}
     * @return the goal
     * @throws IllegalArgumentException naming the value and the known ones
     */
    public static Goal parse(String id) {
        for (Goal g : values()) {
            if (g.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown goal '" + id + "'; known: fastest, "
                + "most-macs, most-params, best-proxy");
    }

    /**
     * @return the score to maximize of a network with these costs ({@link #BEST_PROXY}, which
     *     needs a trial, ranks by MACs)
     */
    double score(long params, long macs, double latencyMs) {
        return switch (this) {
            case FASTEST -> -latencyMs;
            case MOST_PARAMS -> params;
            case MOST_MACS, BEST_PROXY -> macs;
        };
    }
}
