package dev.hsresnet.core.model;

/**
 * How strict {@link ModelDir} is when it loads weights.
 *
 * @param allowNonFinite whether weights holding NaN or infinity are accepted (by default they are
 *     refused with a {@link dev.hsresnet.core.io.NonFiniteWeightsException}: such a network outputs
 *     NaN); for inspecting a diverged run
 */
public record LoadOptions(boolean allowNonFinite) {

    /** Every check on. */
    public static final LoadOptions DEFAULT = new LoadOptions(false);

    /** @return the default checks, with non-finite weights accepted */
    public static LoadOptions allowingNonFinite() {
        return new LoadOptions(true);
    }
}
