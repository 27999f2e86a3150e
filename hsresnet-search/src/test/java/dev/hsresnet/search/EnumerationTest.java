package dev.hsresnet.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-pass search against brute force over every candidate, on a synthetic table. */
class EnumerationTest {

    private static final Fingerprint HERE = new Fingerprint("test cpu", "0", 2, 2, "amd64",
            "onnx", "onnxruntime test", 1);

    /** Every block of the space and its base with a latency from a fixed random stream. */
    static LatencyTable syntheticTable(CostModel costs) {
        SplittableRandom rng = new SplittableRandom(42);
        LatencyTable t = LatencyTable.empty(HERE);
        List<BlockKey> keys = new ArrayList<>(costs.blocks());
        keys.addAll(CostModel.of(LatencyModel.baseOnly(costs.space())).blocks());
        for (BlockKey k : keys) {
            double ms = 0.1 + rng.nextInt(20) / 10.0;
            t = t.withPart(k.id(), new Latency(ms, ms * 1.2, 3));
        }
        return t.withCalibration(LatencyModel.calibrationId(costs.space().base()),
                new Calibration(List.of(), 0.9, 0.5));
    }

    private record Point(int[] choice, long params, long macs, double ms) {}

    private static List<Point> all(CostModel costs, LatencyModel latency) {
        List<Point> points = new ArrayList<>();
        int[] c = new int[3];
        for (long m = 0; m < costs.space().size(); m++) {
            points.add(new Point(c.clone(), costs.params(c), costs.macs(c), latency.predict(c)));
            for (int i = 2; i >= 0 && ++c[i] == costs.space().stages().get(i).size(); i--) {
                c[i] = 0;
            }
        }
        return points;
    }

    @Test
    void frontTopAndCountEqualBruteForceUnderABudget() {
        CostModel costs = CostModel.of(TinySpaces.space());
        LatencyModel latency = LatencyModel.of(costs, syntheticTable(costs));
        List<Point> points = all(costs, latency);
        long medianParams = points.stream().mapToLong(Point::params).sorted()
                .skip(points.size() / 2).findFirst().orElseThrow();
        Budget budget = new Budget(null, medianParams, null, null, null);
        List<Point> feasible = points.stream().filter(p -> p.params() <= medianParams).toList();

        Enumeration.Result r = Enumeration.run(costs, latency, budget, Goal.FASTEST, 5);

        assertEquals(feasible.size(), r.feasible());
        double[] cost = feasible.stream().mapToDouble(Point::ms).toArray();
        double[] value = feasible.stream().mapToDouble(Point::macs).toArray();
        List<String> expected = ParetoFront.bruteForce(cost, value).stream()
                .map(i -> costs.space().label(feasible.get(i).choice())).toList();
        assertEquals(expected, r.front().stream().map(Candidate::label).toList());
        List<Double> fastest = feasible.stream().map(Point::ms).sorted().limit(5).toList();
        assertEquals(fastest, r.top().stream().map(Candidate::predictedMs).toList());
        assertNotNull(r.nearest(), "some candidates are over the budget");
        for (Candidate c : r.front()) {
            assertEquals(latency.predict(c.choice()), c.predictedMs());
            assertTrue(c.params() <= medianParams);
        }
    }

    @Test
    void anImpossibleBudgetGivesTheNearestCandidate() {
        CostModel costs = CostModel.of(TinySpaces.space());
        LatencyModel latency = LatencyModel.of(costs, syntheticTable(costs));
        List<Point> points = all(costs, latency);
        Budget budget = new Budget(0.2, 1000L, null, null, null);

        Enumeration.Result r = Enumeration.run(costs, latency, budget, Goal.MOST_MACS, 3);

        assertEquals(0, r.feasible());
        assertTrue(r.front().isEmpty() && r.top().isEmpty());
        Point nearest = points.stream().min(Comparator.comparingDouble(
                p -> budget.excess(p.params(), p.macs(), p.ms()))).orElseThrow();
        assertEquals(costs.space().label(nearest.choice()), r.nearest().label());
        assertEquals(budget.excess(nearest.params(), nearest.macs(), nearest.ms()),
                r.nearestExcess(), 1e-12);
        assertNull(ArchitectureSearch.choose(r.top(), budget, Goal.MOST_MACS));
    }

    @Test
    void theMostMacsGoalPicksTheFrontsEndWithinTheBudget() {
        CostModel costs = CostModel.of(TinySpaces.space());
        LatencyModel latency = LatencyModel.of(costs, syntheticTable(costs));
        List<Point> points = all(costs, latency);
        double limit = points.stream().mapToDouble(Point::ms).sorted().skip(300).findFirst()
                .orElseThrow();
        Budget budget = new Budget(limit, null, null, null, null);
        Enumeration.Result r = Enumeration.run(costs, latency, budget, Goal.MOST_MACS, 1);
        long most = points.stream().filter(p -> p.ms() <= limit).mapToLong(Point::macs).max()
                .orElseThrow();
        assertEquals(most, r.top().get(0).macs());
        assertEquals(most, r.front().get(r.front().size() - 1).macs());
    }
}
