package dev.hsresnet.search;

import dev.hsresnet.core.spec.StageSpec;

/**
 * One choice for one stage: its depth and its 3x3 stage, HS with {@code s} groups of {@code w}
 * channels, or plain.
 *
 * @param depth bottlenecks in the stage, at least 1
 * @param s HS groups (2..8), or 0 for a plain 3x3 stage
 * @param w channels per HS group, or 0 for a plain stage
 */
public record StageOption(int depth, int s, int w) {

    /** Validates the values. */
    public StageOption {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if ((s == 0) != (w == 0)) {
            throw new IllegalArgumentException("s and w are both 0 (plain) or both set, got s="
                    + s + " w=" + w);
        }
    }

    /** @return the option a stage is */
    public static StageOption of(StageSpec stage) {
        return stage.usesHs() ? new StageOption(stage.depth(), stage.hs().s(), stage.hs().w())
                : plain(stage.depth());
    }

    /** @return a plain stage of {@code depth} bottlenecks */
    public static StageOption plain(int depth) {
        return new StageOption(depth, 0, 0);
    }

    /** @return whether the 3x3 stage is plain */
    public boolean isPlain() {
        return s == 0;
    }

    /**
     * @param planes the stage's bottleneck width
     * @return the stage (validated by {@link StageSpec})
     */
    public StageSpec stage(int planes) {
        return isPlain() ? StageSpec.plain(depth, planes) : StageSpec.hs(depth, planes, s, w);
    }

    /** @return this option with another depth */
    public StageOption withDepth(int newDepth) {
        return new StageOption(newDepth, s, w);
    }

    /** @return e.g. {@code 3xhs4w24} or {@code 3xplain} */
    public String label() {
        return depth + "x" + (isPlain() ? "plain" : "hs" + s + "w" + w);
    }
}
