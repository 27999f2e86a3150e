package dev.hsresnet.search;

/**
 * A latency budget given as "that model's": its latency predicted from the table (or measured,
 * when it is not in the space) ranks the candidates, and its end-to-end measurement in the same
 * minutes as the re-measured candidates decides.
 *
 * @param name the model
 * @param predictedMs its predicted latency (or measured, see {@code inSpace})
 * @param inSpace whether it is a candidate of the space (else {@code predictedMs} is measured)
 * @param measuredMs its end-to-end latency measured beside the re-measured candidates (the mean
 *     of a measurement before them and one after), or null
 */
public record LatencyReference(String name, double predictedMs, boolean inSpace,
        Double measuredMs) {

    /** @return the same reference with its measurement */
    public LatencyReference withMeasured(double ms) {
        return new LatencyReference(name, predictedMs, inSpace, ms);
    }
}
