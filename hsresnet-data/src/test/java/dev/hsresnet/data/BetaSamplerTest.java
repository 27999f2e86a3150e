package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaSamplerTest {

    private static final int N = 40_000;

    @Test
    void betaMeanAndVarianceMatchTheory() {
        double[][] params = {{0.2, 0.2}, {1, 1}, {2, 5}, {0.5, 3}, {8, 2}};
        SplittableRandom rng = new SplittableRandom(11);
        for (double[] p : params) {
            double a = p[0];
            double b = p[1];
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < N; i++) {
                double x = BetaSampler.beta(rng, a, b);
                assertTrue(x >= 0 && x <= 1, "beta outside [0, 1]: " + x);
                sum += x;
                sumSq += x * x;
            }
            double mean = sum / N;
            double var = sumSq / N - mean * mean;
            double expMean = a / (a + b);
            double expVar = a * b / ((a + b) * (a + b) * (a + b + 1));
            double se = Math.sqrt(expVar / N);
            assertEquals(expMean, mean, 5 * se, "mean of Beta(" + a + ", " + b + ")");
            assertEquals(expVar, var, 0.06 * expVar, "variance of Beta(" + a + ", " + b + ")");
        }
    }

    @Test
    void gammaMeanEqualsShapeAndNormalIsStandard() {
        SplittableRandom rng = new SplittableRandom(5);
        for (double shape : new double[] {0.3, 1.0, 2.5, 10}) {
            double sum = 0;
            for (int i = 0; i < N; i++) {
                double g = BetaSampler.gamma(rng, shape);
                assertTrue(g >= 0);
                sum += g;
            }
            assertEquals(shape, sum / N, 5 * Math.sqrt(shape / N), "gamma mean, shape " + shape);
        }
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < N; i++) {
            double z = BetaSampler.normal(rng);
            sum += z;
            sumSq += z * z;
        }
        assertEquals(0, sum / N, 0.03);
        assertEquals(1, sumSq / N, 0.03);
        assertThrows(IllegalArgumentException.class, () -> BetaSampler.gamma(rng, 0));
    }

    @Test
    void sameSeedSameDraws() {
        assertEquals(BetaSampler.beta(new SplittableRandom(3), 0.4, 0.4),
                BetaSampler.beta(new SplittableRandom(3), 0.4, 0.4));
    }
}
