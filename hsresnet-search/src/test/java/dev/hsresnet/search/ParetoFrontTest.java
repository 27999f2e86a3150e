package dev.hsresnet.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    @Test
    void streamingFrontEqualsBruteForceWithTies() {
        for (int seed = 0; seed < 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(400);
            double[] cost = new double[n];
            double[] value = new double[n];
            ParetoFront<Integer> front = new ParetoFront<>();
            for (int i = 0; i < n; i++) {
                // few distinct values: many ties in cost, in value, and in both
                cost[i] = rng.nextInt(25);
                value[i] = rng.nextInt(25);
                front.offer(cost[i], value[i], i);
            }
            assertEquals(ParetoFront.bruteForce(cost, value), front.items(), "seed " + seed);
        }
    }

    @Test
    void aDominatedPointIsRefusedAndADominatingOneReplaces() {
        ParetoFront<String> f = new ParetoFront<>();
        assertTrue(f.offer(10, 5, "a"));
        assertFalse(f.offer(11, 5, "slower, same value"));
        assertFalse(f.offer(10, 5, "equal"));
        assertTrue(f.offer(12, 6, "b"));
        assertTrue(f.offer(9, 7, "dominates both"));
        assertEquals(List.of("dominates both"), f.items());
    }
}
