package dev.hsresnet.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What a search found: the front within the budget, the re-measured candidates, the choice, and
 * the nearest candidate when nothing meets the budget.
 *
 * @param base the base model's name
 * @param space a description of the space
 * @param size candidates in the space
 * @param feasible candidates within the budget (by prediction)
 * @param limits the limits the choice was held to (a model's latency as measured beside the
 *     candidates); {@link #budget()} describes them
 * @param goal what was picked
 * @param fingerprint where latencies were measured
 * @param calibration how summed block latencies became end-to-end ones (its anchors measured)
 * @param drift the base's latency at re-measurement over its latency at calibration: how much
 *     slower the machine ran (null without re-measurement)
 * @param latencyReference the model whose latency is the budget, or null
 * @param front the Pareto front within the budget (predicted latency down, MACs up), by latency
 * @param remeasured the candidates timed end to end, best predicted first
 * @param chosen the choice, or null when nothing meets the budget
 * @param nearest the candidate missing the budget by the least, when none meets it
 * @param nearestExcess its relative miss (0.1 = 10%)
 * @param trials the candidates trained for proxy accuracy (empty without trials)
 * @param proxyNote how the proxy accuracy was obtained, when there are trials
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"base", "space", "size", "feasible", "limits", "goal", "fingerprint",
    "calibration", "drift", "latencyReference", "chosen", "nearest", "nearestExcess",
    "remeasured", "trials", "proxyNote", "front"})
public record SearchReport(String base, String space, long size, long feasible, Budget limits,
        String goal, Fingerprint fingerprint, Calibration calibration,
        Double drift, LatencyReference latencyReference, List<Candidate> front,
        List<Candidate> remeasured, Candidate chosen, Candidate nearest, Double nearestExcess,
        List<Candidate> trials, String proxyNote) {

    /** @return the limits in words, e.g. {@code latency <= 53.46 ms, params <= 25,576,264} */
    public String budget() {
        return limits.describe();
    }

    /** @return a copy with trials, their note and a new choice */
    public SearchReport withTrials(List<Candidate> newTrials, String note, Candidate newChoice) {
        return new SearchReport(base, space, size, feasible, limits, goal, fingerprint,
                calibration, drift, latencyReference, front, remeasured, newChoice, nearest,
                nearestExcess,
                List.copyOf(newTrials), note);
    }
}
