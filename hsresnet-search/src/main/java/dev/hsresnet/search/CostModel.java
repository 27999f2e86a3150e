package dev.hsresnet.search;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.StageCost;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.ResNetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact parameters and MACs of every option of every stage, and the blocks whose latencies make
 * up each option's. A candidate's cost is the fixed part (stem and head) plus one option per
 * stage: the stages of a ResNet meet at fixed channel counts (the planes do not change), so the
 * costs add up exactly ({@link Complexity} of the whole candidate gives the same totals).
 */
public final class CostModel {

    private final SearchSpace space;
    private final long fixedParams;
    private final long fixedMacs;
    private final long[][] params;
    private final long[][] macs;
    private final BlockKey[][] first;
    private final BlockKey[][] repeat;

    private CostModel(SearchSpace space) {
        this.space = space;
        int size = space.inputSize();
        int n = space.stages().size();
        params = new long[n][];
        macs = new long[n][];
        first = new BlockKey[n][];
        repeat = new BlockKey[n][];
        ResNetSpec base = space.base().spec();
        Complexity whole = Complexity.of(base, size);
        long fp = 0;
        long fm = 0;
        for (StageCost c : whole.stages()) {
            if (!c.name().startsWith("layer")) {
                fp += c.params();
                fm += c.macs();
            }
        }
        fixedParams = fp;
        fixedMacs = fm;
        for (int i = 0; i < n; i++) {
            List<StageOption> options = space.stages().get(i);
            params[i] = new long[options.size()];
            macs[i] = new long[options.size()];
            first[i] = new BlockKey[options.size()];
            repeat[i] = new BlockKey[options.size()];
            for (int j = 0; j < options.size(); j++) {
                List<dev.hsresnet.core.spec.StageSpec> stages = new ArrayList<>(base.stages());
                int planes = stages.get(i).planes();
                stages.set(i, options.get(j).stage(planes));
                ResNetSpec probe = base.toBuilder().stages(stages).build();
                Complexity cost = Complexity.of(probe, size);
                StageCost stage = cost.stages().get(i + 1);
                StageCost before = cost.stages().get(i);
                params[i][j] = stage.params();
                macs[i][j] = stage.macs();
                StageOption o = options.get(j);
                int out = probe.stageChannels(i);
                BlockLayout l0 = probe.layout(i, 0);
                BlockLayout l1 = probe.layout(i, Math.min(1, o.depth() - 1));
                first[i][j] = new BlockKey(before.outChannels(), planes, out, o.s(), o.w(),
                        l0.stride(), l0.stageForm(), before.outHeight(), before.outWidth());
                repeat[i][j] = new BlockKey(out, planes, out, o.s(), o.w(), 1, false,
                        stage.outHeight(), stage.outWidth());
                if (l1.dilation() != 1 || l0.dilation() != 1) {
                    throw new IllegalArgumentException("the search needs an undilated base (output "
                            + "stride 32), got " + space.base().name());
                }
            }
        }
    }

    /** @return the cost model of every option of {@code space} */
    public static CostModel of(SearchSpace space) {
        return new CostModel(space);
    }

    /** @return the space */
    public SearchSpace space() {
        return space;
    }

    /** @return parameters of the stem and head */
    public long fixedParams() {
        return fixedParams;
    }

    /** @return MACs of the stem and head, for one image */
    public long fixedMacs() {
        return fixedMacs;
    }

    /** @return parameters of option {@code j} of stage {@code i} */
    public long params(int i, int j) {
        return params[i][j];
    }

    /** @return MACs of option {@code j} of stage {@code i}, for one image */
    public long macs(int i, int j) {
        return macs[i][j];
    }

    /** @return the key of the first (downsampling) block of option {@code j} of stage {@code i} */
    public BlockKey firstBlock(int i, int j) {
        return first[i][j];
    }

    /** @return the key of the other blocks of option {@code j} of stage {@code i} */
    public BlockKey repeatBlock(int i, int j) {
        return repeat[i][j];
    }

    /**
     * @return the id of option {@code j} of stage {@code i} in a DJL table, e.g. {@code
     *     stage2-in256-56x56-4xhs4w48}: the stage timed inside a network
     */
    public String stageId(int i, int j) {
        BlockKey k = first[i][j];
        return "stage" + (i + 1) + "-in" + k.in() + "-" + k.height() + "x" + k.width() + "-"
                + space.stages().get(i).get(j).label();
    }

    /** @return the id of the stem (with its max pool) in a DJL table */
    public String stemId() {
        ResNetSpec s = space.base().spec();
        return "stem-" + s.stem().id() + s.stemChannels() + "-in" + s.inChannels() + "-"
                + space.inputSize() + "px";
    }

    /** @return the id of the head (pooling, classifier, copy to Java) in a DJL table */
    public String headId() {
        ResNetSpec s = space.base().spec();
        int last = space.stages().size() - 1;
        BlockKey k = repeat[last][0];
        return "head-" + s.featureChannels() + "x" + s.numClasses() + "-" + k.height() + "x"
                + k.width();
    }

    /** @return every distinct block key of the space, first blocks and repeats, in stage order */
    public List<BlockKey> blocks() {
        java.util.LinkedHashSet<BlockKey> keys = new java.util.LinkedHashSet<>();
        for (int i = 0; i < first.length; i++) {
            for (int j = 0; j < first[i].length; j++) {
                keys.add(first[i][j]);
                if (space.stages().get(i).get(j).depth() > 1) {
                    keys.add(repeat[i][j]);
                }
            }
        }
        return List.copyOf(keys);
    }

    /** @return the total parameters of a candidate */
    public long params(int[] choice) {
        long p = fixedParams;
        for (int i = 0; i < choice.length; i++) {
            p += params[i][choice[i]];
        }
        return p;
    }

    /** @return the total MACs of a candidate, for one image */
    public long macs(int[] choice) {
        long m = fixedMacs;
        for (int i = 0; i < choice.length; i++) {
            m += macs[i][choice[i]];
        }
        return m;
    }
}
