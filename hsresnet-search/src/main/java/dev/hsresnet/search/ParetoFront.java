package dev.hsresnet.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Pareto front of points that should have a small cost (latency) and a large value (MACs, or
 * proxy accuracy), built one point at a time in {@code O(log n)} per point: a point is kept when
 * no other point costs as little or less and is worth as much or more. Of equal points the first
 * is kept. The front, by increasing cost, has strictly increasing value.
 *
 * @param <T> what a point carries
 */
public final class ParetoFront<T> {

    private record Point<T>(double value, T item) {}

    private final TreeMap<Double, Point<T>> front = new TreeMap<>();

    /**
     * Offers a point.
     *
     * @param cost to minimize
     * @param value to maximize
     * @param item what the point carries
     * @return whether it is on the front now
     */
    public boolean offer(double cost, double value, T item) {
        Map.Entry<Double, Point<T>> cheaper = front.floorEntry(cost);
        if (cheaper != null && cheaper.getValue().value() >= value) {
            return false;
        }
        // drop the points this one dominates: cost >= this cost and value <= this value
        Map.Entry<Double, Point<T>> next = front.ceilingEntry(cost);
        while (next != null && next.getValue().value() <= value) {
            front.remove(next.getKey());
            next = front.higherEntry(next.getKey());
        }
        front.put(cost, new Point<>(value, item));
        return true;
    }

    /** @return the items on the front, by increasing cost */
    public List<T> items() {
        List<T> items = new ArrayList<>();
        for (Point<T> p : front.values()) {
            items.add(p.item());
        }
        return items;
    }

    /** @return the number of points on the front */
    public int size() {
        return front.size();
    }

    /**
     * The reference: every point no other point dominates, in {@code O(n^2)}.
     *
     * @param costs per point, to minimize
     * @param values per point, to maximize
     * @return the indices on the front (first of equal points), by increasing cost
     */
    public static List<Integer> bruteForce(double[] costs, double[] values) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            boolean dominated = false;
            for (int j = 0; j < costs.length && !dominated; j++) {
                if (j == i) {
                    continue;
                }
                boolean asGood = costs[j] <= costs[i] && values[j] >= values[i];
                boolean better = costs[j] < costs[i] || values[j] > values[i];
                dominated = asGood && (better || j < i);
            }
            if (!dominated) {
                kept.add(i);
            }
        }
        kept.sort((a, b) -> Double.compare(costs[a], costs[b]));
        return kept;
    }
}
