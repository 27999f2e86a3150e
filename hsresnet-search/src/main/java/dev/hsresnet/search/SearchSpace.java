package dev.hsresnet.search;

import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.StageSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The networks a search considers: the base model's stem, shortcut, planes, classes and input
 * size, and for each stage a list of {@link StageOption}s. A candidate picks one option per stage,
 * so the space is the product of the lists.
 *
 * @param base the model the space is built around (its architecture and preprocessing)
 * @param stages the options of each stage, as many lists as the base has stages
 */
public record SearchSpace(ModelEntry base, List<List<StageOption>> stages) {

    /**
     * Validates the space: every option builds a valid stage.
     *
     * @throws IllegalArgumentException for an empty space (naming the stage without options), a
     *     stage count that differs from the base's, or an invalid option (naming it)
     */
    public SearchSpace {
        List<StageSpec> baseStages = base.spec().stages();
        if (stages.size() != baseStages.size()) {
            throw new IllegalArgumentException("the space has " + stages.size() + " stages but "
                    + base.name() + " has " + baseStages.size());
        }
        List<List<StageOption>> copy = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            List<StageOption> options = List.copyOf(new LinkedHashSet<>(stages.get(i)));
            if (options.isEmpty()) {
                throw new IllegalArgumentException("the search space is empty: stage " + (i + 1)
                        + " has no options (check the s, w and depth lists and --no-plain/--no-hs)");
            }
            for (StageOption o : options) {
                try {
                    o.stage(baseStages.get(i).planes());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("stage " + (i + 1) + " option " + o.label()
                            + ": " + e.getMessage(), e);
                }
            }
            copy.add(options);
        }
        stages = List.copyOf(copy);
    }

    /**
     * The usual space around a registered model: at every stage each depth of the base's depth
     * plus a delta, crossed with each {@code s} and each {@code w} (given for stage 1 and scaled
     * with the planes, as the registry's models double it per stage), and a plain stage of each
     * depth.
     *
     * @param base the base model
     * @param sValues HS groups, each in 2..8
     * @param stage1Widths channels per group at stage 1, each at least 1
     * @param depthDeltas added to each stage's base depth (results below 1 are dropped)
     * @param plain whether plain stages are in the space
     * @param hs whether HS stages are in the space
     * @return the space
     * @throws IllegalArgumentException for an empty space or an invalid option
     */
    public static SearchSpace around(ModelEntry base, List<Integer> sValues,
            List<Integer> stage1Widths, List<Integer> depthDeltas, boolean plain, boolean hs) {
        List<StageSpec> baseStages = base.spec().stages();
        int planes0 = baseStages.get(0).planes();
        List<List<StageOption>> stages = new ArrayList<>();
        for (StageSpec stage : baseStages) {
            Set<StageOption> options = new LinkedHashSet<>();
            for (int delta : depthDeltas) {
                int depth = stage.depth() + delta;
                if (depth < 1) {
                    continue;
                }
                if (hs) {
                    for (int s : sValues) {
                        for (int w1 : stage1Widths) {
                            if (s < 2 || s > 8 || w1 < 1) {
                                throw new IllegalArgumentException("s must be in 2..8 and w >= 1,"
                                        + " got s=" + s + " w=" + w1);
                            }
                            int w = Math.max(1, Math.round((float) w1 * stage.planes() / planes0));
                            options.add(new StageOption(depth, s, w));
                        }
                    }
                }
                if (plain) {
                    options.add(StageOption.plain(depth));
                }
            }
            stages.add(new ArrayList<>(options));
        }
        return new SearchSpace(base, stages);
    }

    /** @return the number of candidates, or {@link Long#MAX_VALUE} when it overflows */
    public long size() {
        long n = 1;
        for (List<StageOption> options : stages) {
            try {
                n = Math.multiplyExact(n, options.size());
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** @return the input size in pixels (the base's) */
    public int inputSize() {
        return base.inputSize();
    }

    /**
     * @param choice one option index per stage
     * @return the candidate's architecture
     */
    public ResNetSpec spec(int[] choice) {
        List<StageSpec> baseStages = base.spec().stages();
        List<StageSpec> picked = new ArrayList<>();
        for (int i = 0; i < choice.length; i++) {
            picked.add(stages.get(i).get(choice[i]).stage(baseStages.get(i).planes()));
        }
        return base.spec().toBuilder().stages(picked).build();
    }

    /**
     * @param choice one option index per stage
     * @return e.g. {@code 3xhs4w24-4xhs4w48-6xhs4w96-3xhs4w192}
     */
    public String label(int[] choice) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < choice.length; i++) {
            b.append(i == 0 ? "" : "-").append(stages.get(i).get(choice[i]).label());
        }
        return b.toString();
    }

    /**
     * @param spec an architecture with this space's stage count and planes
     * @return its option index per stage, or null when a stage is not among the options
     */
    public int[] choiceOf(ResNetSpec spec) {
        int[] choice = new int[stages.size()];
        for (int i = 0; i < choice.length; i++) {
            choice[i] = stages.get(i).indexOf(StageOption.of(spec.stages().get(i)));
            if (choice[i] < 0) {
                return null;
            }
        }
        return choice;
    }
}
