package dev.hsresnet.core.engine;

import java.util.List;
import java.util.Locale;

/**
 * What the self-test found on one machine ({@link EnginePathSelfTest}), as cached ({@link
 * EnginePathCache}).
 *
 * @param key what the result depends on
 * @param measuredAt when it was measured, ISO-8601 UTC
 * @param seconds how long the self-test took, child JVMs included
 * @param paths each path's findings
 * @param timing the training-step times when both paths were correct; null otherwise
 * @param choice the path to use
 * @param why why that one, in a sentence
 * @param cutShort why the self-test did not run to its end (its time ran out, a child JVM ran out
 *     of time, or one failed before its first case): such a verdict is used by the process that
 *     measured it but never cached; null when it ran to its end
 */
public record EnginePathVerdict(
        EnginePathKey key, String measuredAt, double seconds, List<PathVerdict> paths,
        StepTiming timing, ConvPath choice, String why, String cutShort) {

    /**
     * @param p a path
     * @return its findings
     * @throws IllegalArgumentException when the verdict has none for {@code p}
     */
    public PathVerdict path(ConvPath p) {
        return paths.stream().filter(v -> v.path() == p).findFirst().orElseThrow(
                () -> new IllegalArgumentException("the verdict has no result for " + p.id()));
    }

    /**
     * Picks the path from the findings: the correct one when only one is; when both are, the
     * faster in {@code timing}; when neither is, {@link ConvPath#CHANNELS_LAST}, the path the
     * project's tests hold to the reference.
     *
     * @param standard the standard path's findings
     * @param channelsLast the channels-last path's findings
     * @param timing the step times when both are correct (null: timing failed)
     * @return the choice and a sentence saying why
     */
    static Choice choose(PathVerdict standard, PathVerdict channelsLast, StepTiming timing) {
        if (standard.correct() && channelsLast.correct() && timing == null) {
            return new Choice(ConvPath.CHANNELS_LAST, "both paths are correct, but timing them "
                    + "failed; channels-last, the path the project's tests hold to the reference");
        }
        if (standard.correct() && channelsLast.correct()) {
            ConvPath p = timing.faster();
            return new Choice(p, String.format(Locale.ROOT,
                    "both paths are correct; %s is faster (training step %.1f ms standard, "
                    + "%.1f ms channels-last, %s)", p.id(), timing.standardMillis(),
                    timing.channelsLastMillis(), timing.network()));
        }
        if (standard.correct()) {
            return new Choice(ConvPath.STANDARD, "only the standard path is correct");
        }
        if (channelsLast.correct()) {
            return new Choice(ConvPath.CHANNELS_LAST, "the standard path is wrong here ("
                    + standard.summary() + ")");
        }
        return new Choice(ConvPath.CHANNELS_LAST, "both paths are WRONG here; channels-last, "
                + "the one the project's tests hold to the reference");
    }

    /** A chosen path and why. */
    record Choice(ConvPath path, String why) {}
}
