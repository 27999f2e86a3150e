package dev.hsresnet.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hsresnet.core.spec.ResNetSpec;

/**
 * One network of a search, with its costs.
 *
 * @param label its stages, e.g. {@code 3xhs4w24-4xhs4w48-6xhs4w96-3xhs4w192}
 * @param choice its option index per stage
 * @param params parameters (exact)
 * @param macs multiply-accumulates for one image (exact)
 * @param predictedMs predicted median latency, milliseconds
 * @param predictedP90Ms the sum of its parts' p90 latencies, milliseconds
 * @param measuredMs the end-to-end median when re-measured, else null
 * @param measuredP90Ms the end-to-end p90 when re-measured, else null
 * @param proxyTop1 proxy accuracy (top-1 %, a short training) when trained, else null
 * @param spec its architecture
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Candidate(String label, int[] choice, long params, long macs, double predictedMs,
        double predictedP90Ms, Double measuredMs, Double measuredP90Ms, Double proxyTop1,
        @JsonIgnore ResNetSpec spec) {

    /** @return the same candidate with its end-to-end measurement */
    public Candidate withMeasured(Latency latency) {
        return new Candidate(label, choice, params, macs, predictedMs, predictedP90Ms,
                latency.medianMs(), latency.p90Ms(), proxyTop1, spec);
    }

    /** @return the same candidate with its proxy accuracy */
    public Candidate withProxy(double top1) {
        return new Candidate(label, choice, params, macs, predictedMs, predictedP90Ms, measuredMs,
                measuredP90Ms, top1, spec);
    }

    /** @return the measured latency when there is one, else the predicted */
    @JsonIgnore
    public double latencyMs() {
        return measuredMs != null ? measuredMs : predictedMs;
    }

    /** @return (predicted - measured) / measured, or null before a measurement */
    @JsonIgnore
    public Double predictionError() {
        return measuredMs == null ? null : (predictedMs - measuredMs) / measuredMs;
    }
}
