package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * Gamma and Beta variates from a {@link SplittableRandom}, written out here (rather than taken
 * from the JDK) so that a seed gives the same draws on every JDK.
 *
 * <p>Gamma uses Marsaglia and Tsang (2000) for shape >= 1 and the boost {@code Gamma(a) =
 * Gamma(a + 1) * U^(1/a)} below 1; normals come from the Marsaglia polar method. Beta(a, b) is
 * {@code X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}.
 */
public final class BetaSampler {

    private BetaSampler() {}

    /**
     * A Beta(a, b) variate.
     *
     * @param rng generator
     * @param a first shape, positive
     * @param b second shape, positive
     * @return a value in [0, 1], mean {@code a / (a + b)}
     */
    public static double beta(SplittableRandom rng, double a, double b) {
        double x = gamma(rng, a);
        double y = gamma(rng, b);
        double sum = x + y;
        if (sum == 0) { // both underflowed (tiny shapes): the limit is Bernoulli(a / (a + b))
            return rng.nextDouble() < a / (a + b) ? 1.0 : 0.0;
        }
        return x / sum;
    }

    /**
     * A Gamma(shape, scale 1) variate.
     *
     * @param rng generator
     * @param shape positive
     * @return a non-negative value, mean {@code shape}
     */
    public static double gamma(SplittableRandom rng, double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be positive and finite, got " + shape);
        }
        if (shape < 1) {
            double u = 1.0 - rng.nextDouble(); // (0, 1]
            return gamma(rng, shape + 1) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = normal(rng);
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - rng.nextDouble(); // (0, 1]
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * A standard normal variate (Marsaglia polar method; the second value of each pair is
     * discarded to keep the sampler stateless).
     *
     * @param rng generator
     * @return a N(0, 1) value
     */
    public static double normal(SplittableRandom rng) {
        while (true) {
            double u = 2.0 * rng.nextDouble() - 1.0;
            double v = 2.0 * rng.nextDouble() - 1.0;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2.0 * Math.log(s) / s);
            }
        }
    }
}
