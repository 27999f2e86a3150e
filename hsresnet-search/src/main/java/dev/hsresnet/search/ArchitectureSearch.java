package dev.hsresnet.search;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.spec.ResNetSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The search: exact costs of the space, the latency table completed by measurement on this
 * machine, every candidate ranked by its predicted latency, the best few re-measured end to end,
 * and a choice within the budget.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.around(Models.get("hs_resnet50"), List.of(2, 4, 6, 8),
 *         List.of(16, 24, 32), List.of(0), true, true);
 * SearchReport r = ArchitectureSearch.run(space, options, System.out::println);
 * SpecFiles.write(r.chosen(), space, out.resolve("best.spec.json"));
 * }</pre>
 */
public final class ArchitectureSearch {

    private ArchitectureSearch() {}

    /**
     * @param space the candidates
     * @param options how to measure and choose
     * @param log progress lines
     * @return the report
     * @throws Exception from the engine, or when the table cannot be read or written
     * @throws IllegalArgumentException for a space too large to enumerate, or a table measured
     *     elsewhere (naming what differs) without {@code remeasure}
     */
    public static SearchReport run(SearchSpace space, SearchOptions options,
            Consumer<String> log) throws Exception {
        CostModel costs = CostModel.of(space);
        Fingerprint here = Fingerprint.current(options.engine(), options.batch());
        LatencyTable table = options.table() == null ? LatencyTable.empty(here)
                : LatencyTable.load(options.table(), here, options.remeasure());
        BlockMeter meter = meter(options);
        table = LatencyModel.ensure(costs, table, meter, options.table(), log);
        LatencyModel latency = LatencyModel.of(costs, table);
        Budget budget = options.budget();
        LatencyReference reference = null;
        if (options.latencyReference() != null) {
            reference = predictReference(space, options.latencyReference(), latency, meter, log);
            budget = budget.withMaxLatency(reference.predictedMs());
        }
        long t0 = System.nanoTime();
        int k = Math.max(1, options.remeasureTop());
        Enumeration.Result e = Enumeration.run(costs, latency, budget, options.goal(),
                MORE_IF_OVER * k);
        log.accept(String.format(java.util.Locale.ROOT, "ranked %,d candidates in %.1f s: %,d "
                + "within the budget, %d on the front", e.size(),
                (System.nanoTime() - t0) / 1e9, e.feasible(), e.front().size()));
        List<Candidate> remeasured = new ArrayList<>();
        Budget measuredBudget = budget;
        Double drift = null;
        if (options.remeasureTop() > 0 && !e.top().isEmpty()) {
            meter.warmUp(LatencyModel.config(space.base(), space.base().spec()));
            int[] baseChoice = space.choiceOf(space.base().spec());
            drift = baseChoice == null ? 1.0 : drift(space, latency, baseChoice, meter, log);
            if (reference != null) {
                // the reference again, now, beside the candidates: the machine's speed drifts
                // between minutes, so the budget is checked against a measurement of the same
                // window
                Latency now = meter.endToEnd(referenceConfig(space, options.latencyReference()));
                reference = reference.withMeasured(now.medianMs());
                measuredBudget = budget.withMaxLatency(now.medianMs());
                log.accept(String.format(java.util.Locale.ROOT, "latency budget: %s measured "
                        + "%.2f ms end to end (predicted %.2f ms)", reference.name(),
                        now.medianMs(), reference.predictedMs()));
            }
        }
        int fitting = 0;
        for (Candidate c : e.top()) {
            boolean enough = remeasured.size() >= options.remeasureTop()
                    && (fitting > 0 || remeasured.size() >= MORE_IF_OVER * k);
            if (enough || options.remeasureTop() == 0) {
                break;
            }
            Latency measured = meter.endToEnd(config(space, c));
            Candidate m = c.withMeasured(measured);
            remeasured.add(m);
            boolean fits = measuredBudget.admits(m.params(), m.macs(), m.latencyMs());
            fitting += fits ? 1 : 0;
            log.accept(String.format(java.util.Locale.ROOT, "re-measured %s: predicted %.2f ms, "
                    + "measured %.2f ms (%+.1f%%; %+.1f%% at the machine's speed now)%s",
                    c.label(), c.predictedMs(), measured.medianMs(), 100 * m.predictionError(),
                    100 * (c.predictedMs() * drift / measured.medianMs() - 1),
                    fits ? "" : ", over the budget"));
        }
        if (reference != null && reference.measuredMs() != null && !remeasured.isEmpty()) {
            // and once more after them: the budget is the mean of the two, the machine's drift
            // over the candidates' minutes shared out
            double after = meter.endToEnd(referenceConfig(space, options.latencyReference()))
                    .medianMs();
            double mean = (reference.measuredMs() + after) / 2;
            log.accept(String.format(java.util.Locale.ROOT, "latency budget: %s measured %.2f "
                    + "ms after the candidates; the budget is the mean, %.2f ms",
                    reference.name(), after, mean));
            reference = reference.withMeasured(mean);
            measuredBudget = budget.withMaxLatency(mean);
        }
        Candidate chosen = options.remeasureTop() == 0 ? choose(e.top(), budget, options.goal())
                : choose(remeasured, measuredBudget, options.goal());
        Candidate nearest = e.nearest();
        Double nearestExcess = nearest == null ? null : e.nearestExcess();
        if (chosen == null && !remeasured.isEmpty()) {
            // every candidate meets the budget by prediction but none by measurement: the
            // nearest is the re-measured one that misses by the least
            Budget b = measuredBudget;
            nearest = remeasured.stream().min(Comparator.comparingDouble(
                    c -> b.excess(c.params(), c.macs(), c.latencyMs()))).orElseThrow();
            nearestExcess = b.excess(nearest.params(), nearest.macs(), nearest.latencyMs());
            log.accept("every re-measured candidate is over the budget when measured");
        }
        return new SearchReport(space.base().name(), describe(space), e.size(), e.feasible(),
                measuredBudget, options.goal().id(), here, latency.calibration(), drift,
                reference, e.front(), remeasured, chosen, nearest, nearestExcess, List.of(),
                null);
    }

    /**
     * How much slower the machine runs now than when the table was measured: the base network
     * timed now over its prediction from the table. A VM's speed drifts by several percent
     * between minutes, and every prediction with it.
     */
    private static double drift(SearchSpace space, LatencyModel latency, int[] baseChoice,
            BlockMeter meter, Consumer<String> log) throws Exception {
        double then = latency.predict(baseChoice);
        double now = meter.endToEnd(LatencyModel.config(space.base(), space.base().spec()))
                .medianMs();
        double drift = now / then;
        log.accept(String.format(java.util.Locale.ROOT, "drift: %s now %.2f ms, predicted from "
                + "the table %.2f ms (x%.3f)", space.base().name(), now, then, drift));
        return drift;
    }

    /** How many more candidates than {@code --top} may be re-measured when those are over. */
    static final int MORE_IF_OVER = 4;

    /**
     * The reference's predicted latency: from the table when the reference is in the space (its
     * stem, shortcut, planes and head are the base's and its stages among the options), else its
     * measured one.
     */
    private static LatencyReference predictReference(SearchSpace space, ModelEntry ref,
            LatencyModel latency, BlockMeter meter, Consumer<String> log) throws Exception {
        ResNetSpec spec = referenceConfig(space, ref).architecture();
        ResNetSpec base = space.base().spec();
        int[] choice = spec.stages().size() == base.stages().size()
                && spec.toBuilder().stages(base.stages()).build().equals(base)
                && ref.inputSize() == space.inputSize() ? space.choiceOf(spec) : null;
        if (choice != null) {
            double ms = latency.predict(choice);
            log.accept(String.format(java.util.Locale.ROOT, "latency budget: %s predicted %.2f ms "
                    + "(it is in the space: %s)", ref.name(), ms, space.label(choice)));
            return new LatencyReference(ref.name(), ms, true, null);
        }
        meter.warmUp(LatencyModel.config(space.base(), space.base().spec()));
        double ms = meter.endToEnd(referenceConfig(space, ref)).medianMs();
        log.accept(String.format(java.util.Locale.ROOT, "latency budget: %s measured %.2f ms (not "
                + "in the space: its measurement stands in for a prediction)", ref.name(), ms));
        return new LatencyReference(ref.name(), ms, false, null);
    }

    /** @return the reference network with the base's classes and input channels */
    static ModelConfig referenceConfig(SearchSpace space, ModelEntry ref) {
        ResNetSpec b = space.base().spec();
        return ModelConfig.of(ref, b.numClasses(), b.inChannels());
    }

    /**
     * Times a candidate end to end, as the search re-measures.
     *
     * @param space its space
     * @param options the engine, batch, threads and timing
     * @param c the candidate
     * @return it with its measurement
     * @throws Exception from the engine
     */
    public static Candidate remeasure(SearchSpace space, SearchOptions options, Candidate c)
            throws Exception {
        return c.withMeasured(meter(options).endToEnd(config(space, c)));
    }

    /** @return the meter of the options' engine */
    static BlockMeter meter(SearchOptions options) {
        return new BlockMeter(options.engine(), options.batch(), options.threads(),
                options.timing(), options.warmUpSeconds());
    }

    /**
     * @param pool candidates (measured ones at their measured latency)
     * @param budget the limits
     * @param goal the goal ({@link Goal#BEST_PROXY} ranks by MACs until trials)
     * @return the best of the pool within the budget, or null
     */
    static Candidate choose(List<Candidate> pool, Budget budget, Goal goal) {
        return pool.stream()
                .filter(c -> budget.admits(c.params(), c.macs(), c.latencyMs()))
                .max(Comparator.comparingDouble(c -> goal.score(c.params(), c.macs(),
                        c.latencyMs())))
                .orElse(null);
    }

    /** @return the candidate as a model configuration with the base's classes and input */
    static ModelConfig config(SearchSpace space, Candidate c) {
        return LatencyModel.config(space.base(), c.spec());
    }

    /** @return one line: the options of each stage */
    static String describe(SearchSpace space) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < space.stages().size(); i++) {
            List<StageOption> o = space.stages().get(i);
            b.append(i == 0 ? "" : "; ").append("stage ").append(i + 1).append(": ")
                    .append(o.size()).append(" options (").append(o.get(0).label())
                    .append(o.size() > 1 ? " .. " + o.get(o.size() - 1).label() : "").append(")");
        }
        return b.toString();
    }
}
