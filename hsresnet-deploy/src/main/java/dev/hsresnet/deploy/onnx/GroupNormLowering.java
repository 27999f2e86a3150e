package dev.hsresnet.deploy.onnx;

/**
 * How a GroupNorm is written in opsets 11 to 17, which have no {@code GroupNormalization} (it
 * came in opset 18): the input is reshaped to {@code (N, groups, L)} ({@link
 * ConvLayers#groupNorm}), and each of the {@code N * groups} rows of {@code L} values is
 * normalized by its own mean and biased variance as one of these writes it. The per-channel
 * scale and shift follow, the same for both.
 *
 * <p>{@link #INSTANCE_NORM} is what the exporter writes ({@link #DEFAULT}): one ONNX Runtime
 * kernel instead of seven, and the faster of the two (docs/detection.md, "ONNX export", has the
 * measurement; {@code GroupNormLoweringTiming} in the tests repeats it).
 */
enum GroupNormLowering {

    /**
     * {@code InstanceNormalization} of the {@code (N, groups, L)} tensor with a unit scale and a
     * zero bias of {@code groups} values: a "channel" of InstanceNormalization is a group here,
     * and its spatial axis the group's channels and pixels together.
     */
    INSTANCE_NORM {
        @Override
        String normalize(GraphBuilder graph, String node, String grouped, int groups,
                float epsilon) {
            float[] ones = new float[groups];
            java.util.Arrays.fill(ones, 1f);
            String scale = graph.floatConstant("group_norm.ones." + groups, ones);
            String bias = graph.floatConstant("group_norm.zeros." + groups, new float[groups]);
            return graph.instanceNorm(node + ".norm", grouped, scale, bias, epsilon);
        }
    },

    /**
     * The arithmetic written out: {@code d = x - ReduceMean(x)}, {@code d / Sqrt(ReduceMean(d *
     * d) + epsilon)}, over the last axis, as {@code GroupNorm} computes it in DJL.
     */
    REDUCE_MEAN {
        @Override
        String normalize(GraphBuilder graph, String node, String grouped, int groups,
                float epsilon) {
            String centred = graph.sub(node + ".centre", grouped,
                    graph.reduceMean(node + ".mean", grouped, 2));
            String variance = graph.reduceMean(node + ".variance",
                    graph.mul(node + ".square", centred, centred), 2);
            String std = graph.sqrt(node + ".std", graph.sum(node + ".add_eps", variance,
                    graph.floatScalar("group_norm.epsilon." + epsilon, epsilon)));
            return graph.div(node + ".norm", centred, std);
        }
    };

    /** The lowering the exporter writes. */
    static final GroupNormLowering DEFAULT = INSTANCE_NORM;

    /**
     * Writes the normalization of each row.
     *
     * @param graph where the nodes go
     * @param node the prefix of the nodes' names
     * @param grouped the input, {@code (N, groups, L)}
     * @param groups the groups
     * @param epsilon added to each row's variance
     * @return the normalized value, {@code (N, groups, L)}
     */
    abstract String normalize(GraphBuilder graph, String node, String grouped, int groups,
            float epsilon);
}
