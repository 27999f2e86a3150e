package dev.hsresnet.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One pass over every candidate of a space: each costs {@code O(stages)} from the per-stage
 * tables, nothing is kept but the Pareto front (latency down, MACs up) of the candidates within
 * the budget, the best few by the goal, and the nearest candidate outside the budget.
 */
final class Enumeration {

    /** The largest space enumerated (about a minute on one core). */
    static final long MAX_CANDIDATES = 500_000_000L;

    /**
     * @param front the Pareto front within the budget, by increasing predicted latency
     * @param top the best {@code k} within the budget by the goal, best first
     * @param feasible how many candidates meet the budget
     * @param nearest the candidate that misses the budget by the least, null when all meet it
     * @param nearestExcess its relative miss (0.1 = 10%)
     * @param size the space's size
     */
    record Result(List<Candidate> front, List<Candidate> top, long feasible, Candidate nearest,
            double nearestExcess, long size) {}

    private record Scored(double score, int[] choice) {}

    private Enumeration() {}

    static Result run(CostModel costs, LatencyModel latency, Budget budget, Goal goal, int k) {
        SearchSpace space = costs.space();
        long size = space.size();
        if (size > MAX_CANDIDATES) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the space has %,d candidates, more than the %,d searched; narrow the s, w or "
                            + "depth lists", size, MAX_CANDIDATES));
        }
        int n = space.stages().size();
        int[] radix = new int[n];
        for (int i = 0; i < n; i++) {
            radix[i] = space.stages().get(i).size();
        }
        ParetoFront<int[]> front = new ParetoFront<>();
        PriorityQueue<Scored> top = new PriorityQueue<>(Comparator.comparingDouble(Scored::score));
        long feasible = 0;
        int[] nearest = null;
        double nearestExcess = Double.POSITIVE_INFINITY;
        int[] c = new int[n];
        for (long m = 0; m < size; m++) {
            long params = costs.params(c);
            long macs = costs.macs(c);
            double ms = latency.predict(c);
            double excess = budget.excess(params, macs, ms);
            if (excess == 0) {
                feasible++;
                front.offer(ms, macs, c.clone());
                double score = goal.score(params, macs, ms);
                if (top.size() < k) {
                    top.add(new Scored(score, c.clone()));
                } else if (score > top.peek().score()) {
                    top.poll();
                    top.add(new Scored(score, c.clone()));
                }
            } else if (excess < nearestExcess) {
                nearestExcess = excess;
                nearest = c.clone();
            }
            for (int i = n - 1; i >= 0; i--) {
                if (++c[i] < radix[i]) {
                    break;
                }
                c[i] = 0;
            }
        }
        List<Candidate> frontList = new ArrayList<>();
        for (int[] choice : front.items()) {
            frontList.add(candidate(costs, latency, choice));
        }
        List<Scored> ranked = new ArrayList<>(top);
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<Candidate> best = new ArrayList<>();
        for (Scored sc : ranked) {
            best.add(candidate(costs, latency, sc.choice()));
        }
        return new Result(frontList, best, feasible,
                feasible == size || nearest == null ? null : candidate(costs, latency, nearest),
                nearest == null ? 0 : nearestExcess, size);
    }

    static Candidate candidate(CostModel costs, LatencyModel latency, int[] choice) {
        SearchSpace space = costs.space();
        return new Candidate(space.label(choice), choice.clone(), costs.params(choice),
                costs.macs(choice), latency.predict(choice), latency.predictP90(choice), null,
                null, null, space.spec(choice));
    }
}
