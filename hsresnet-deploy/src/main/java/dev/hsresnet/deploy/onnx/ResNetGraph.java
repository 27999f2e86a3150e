package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the ONNX nodes of a (HS-)ResNet from its {@link ResNetSpec} and PyTorch-named state dict,
 * following HS-RESNET.md (and {@code tools/reference/hsresnet_torch.py}) layer by layer. Nodes are
 * named after the PyTorch modules ({@code conv1.0}, {@code layer2.0.hs.convs.1},
 * {@code layer3.0.downsample.1}, {@code fc}), so a value in the graph can be traced to its layer.
 * As the backbone of a dense network ({@link #features}) every name, of nodes and of tensors, gets
 * the network's prefix ({@code backbone.layer2.0.conv1}).
 */
final class ResNetGraph {

    private final ResNetSpec spec;
    private final ConvLayers layers;
    private final GraphBuilder graph;
    private final String prefix;

    private ResNetGraph(ResNetSpec spec, ConvLayers layers, String prefix) {
        this.spec = spec;
        this.layers = layers;
        this.graph = layers.graph();
        this.prefix = prefix;
    }

    /**
     * Builds the graph's nodes and initializers.
     *
     * @param spec the architecture
     * @param weights every tensor of the network under its PyTorch name, float32 (BN running
     *     statistics included; {@code fc.*} only when the spec has a classifier)
     * @param options opset and BatchNorm folding
     * @param input the name of the graph input, {@code (N, inChannels, H, W)}
     * @param output the name of the graph output, {@code (N, numClasses)} or {@code (N, C)}
     * @return the filled builder
     * @throws IllegalArgumentException naming a tensor that is missing or has the wrong shape
     */
    static GraphBuilder build(ResNetSpec spec, Map<String, Tensor> weights, OnnxOptions options,
            String input, String output) {
        GraphBuilder graph = new GraphBuilder(options.opset());
        ResNetGraph g = new ResNetGraph(spec, new ConvLayers(graph, weights, options.foldBn()),
                "");
        List<String> levels = g.levels(graph.input(input));
        g.head(levels.get(levels.size() - 1), spec.stageChannels(spec.stages().size() - 1),
                output);
        return graph;
    }

    /**
     * Writes the network as a backbone: stem and stages, no pooling or classifier, into a graph
     * shared with a neck and head.
     *
     * @param layers the graph and the state dict (the backbone's tensors under {@code prefix})
     * @param spec the backbone's architecture
     * @param prefix prepended to every PyTorch name, e.g. {@code "backbone."}
     * @param input the value the backbone reads, {@code (N, inChannels, H, W)}
     * @param outIndices the levels to return, as {@code ResNet.Builder.optOutIndices}: 0 the
     *     stem after its ReLU (before the max pool), {@code k} the output of stage {@code k}
     * @return the selected levels' values, in the order asked; level {@code k >= 1} is
     *     {@code (N, spec.stageChannels(k - 1), H / spec.stageReduction(k - 1), ...)} (sizes
     *     rounded up, as the strided convs do)
     * @throws IllegalArgumentException naming a tensor that is missing or has the wrong shape, or
     *     for an index out of range
     */
    static List<String> features(ConvLayers layers, ResNetSpec spec, String prefix, String input,
            int[] outIndices) {
        ResNetGraph g = new ResNetGraph(spec, layers, prefix);
        List<String> levels = g.levels(input);
        List<String> selected = new ArrayList<>();
        for (int index : outIndices) {
            if (index < 0 || index >= levels.size()) {
                throw new IllegalArgumentException("feature level " + index + " is out of range "
                        + "0.." + (levels.size() - 1) + " (0 = stem, 1.." + (levels.size() - 1)
                        + " = stages)");
            }
            selected.add(levels.get(index));
        }
        return selected;
    }

    /**
     * Builds a graph of one bottleneck, to time it alone: input {@code input} of {@code (N,
     * in, H, W)}, where {@code in} is the channels entering that block.
     *
     * @param spec the architecture holding the block
     * @param stage the stage index, from 0
     * @param block the block index in the stage, from 0
     * @param weights the network's tensors under their PyTorch names (at least the block's)
     * @param options opset and BatchNorm folding
     * @param input the graph input's name
     * @return the filled builder, the channels its input has and the name of its output value
     * @throws IllegalArgumentException for a stage or block out of range, or naming a missing
     *     tensor
     */
    static BlockGraph block(ResNetSpec spec, int stage, int block,
            Map<String, Tensor> weights, OnnxOptions options, String input) {
        if (stage < 0 || stage >= spec.stages().size()
                || block < 0 || block >= spec.stages().get(stage).depth()) {
            throw new IllegalArgumentException("no block " + stage + "." + block + " in a network "
                    + "of " + spec.stages().size() + " stages");
        }
        GraphBuilder graph = new GraphBuilder(options.opset());
        ResNetGraph g = new ResNetGraph(spec, new ConvLayers(graph, weights, options.foldBn()),
                "");
        int out = spec.stageChannels(stage);
        int in = block > 0 ? out : stage == 0 ? spec.stemChannels() : spec.stageChannels(stage - 1);
        String y = g.bottleneck("layer" + (stage + 1) + "." + block, graph.input(input), in,
                spec.stages().get(stage), spec.layout(stage, block), out);
        return new BlockGraph(graph, in, y);
    }

    /**
     * One bottleneck's graph.
     *
     * @param graph its nodes and initializers
     * @param inChannels the channels of its input
     * @param output the name of its output value
     */
    record BlockGraph(GraphBuilder graph, int inChannels, String output) {}

    /** @return the stem's output (level 0) and every stage's output (levels 1..stages) */
    private List<String> levels(String input) {
        List<String> levels = new ArrayList<>();
        String x = stem(input);
        levels.add(x);
        if (spec.stem().hasMaxPool()) {
            x = graph.maxPool(prefix + "maxpool", x, 3, 2, 1);
        }
        int channels = spec.stemChannels();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            int outChannels = spec.stageChannels(i);
            for (int k = 0; k < stage.depth(); k++) {
                x = bottleneck(prefix + "layer" + (i + 1) + "." + k, x, channels, stage,
                        spec.layout(i, k), outChannels);
                channels = outChannels;
            }
            levels.add(x);
        }
        return levels;
    }

    /** @return the stem's output after its ReLU, before the max pool */
    private String stem(String x) {
        int in = spec.inChannels();
        String p = prefix;
        String y;
        if (spec.stem() == Stem.DEEP) {
            int mid = spec.deepStemMidChannels();
            y = graph.relu(p + "conv1.2", convBn(x, p + "conv1.0", p + "conv1.1", in, mid, 3, 2));
            y = graph.relu(p + "conv1.5", convBn(y, p + "conv1.3", p + "conv1.4", mid, mid, 3, 1));
            y = convBn(y, p + "conv1.6", p + "bn1", mid, spec.stemChannels(), 3, 1);
        } else if (spec.stem() == Stem.RESNET) {
            y = convBn(x, p + "conv1", p + "bn1", in, spec.stemChannels(), 7, 2);
        } else {
            y = convBn(x, p + "conv1", p + "bn1", in, spec.stemChannels(), 3, 1);
        }
        return graph.relu(p + "act1", y);
    }

    private String bottleneck(String p, String x, int in, StageSpec stage, BlockLayout layout,
            int out) {
        int stride = layout.stride();
        int mid = stage.midChannels();
        String y = graph.relu(p + ".relu1", convBn(x, p + ".conv1", p + ".bn1", in, mid, 1, 1));
        if (stage.usesHs()) {
            y = layout.stageForm() ? stageForm(p + ".hs", y, stage.hs(), layout)
                    : hierarchical(p + ".hs", y, stage.hs(), layout.dilation());
        } else {
            y = graph.relu(p + ".relu2", convBn(y, p + ".conv2", p + ".bn2", mid, mid, 3, stride,
                    layout.dilation()));
        }
        y = convBn(y, p + ".conv3", p + ".bn3", mid, out, 1, 1);
        boolean projects = layout.stageForm() || stride != 1 || in != out;
        String identity = projects ? shortcut(p + ".downsample", x, in, out, stride) : x;
        return graph.relu(p + ".relu3", graph.sum(p + ".add", y, identity));
    }

    /** The stride-1 HS block: y_1 = x_1, y_i = K_i(concat(x_i, carry_{i-1})), kept halves out. */
    private String hierarchical(String p, String x, HsConfig hs, int dilation) {
        int[] conv = hs.convChannels();
        int[] kept = hs.keptChannels();
        List<String> groups = graph.split(p + ".split", x, repeat(hs.s(), hs.w()));
        List<String> outputs = new ArrayList<>(List.of(groups.get(0)));
        String carry = null;
        for (int j = 0; j < conv.length; j++) {
            String in = carry == null ? groups.get(j + 1)
                    : graph.concat(p + ".cat." + j, List.of(groups.get(j + 1), carry));
            String y = groupConv(p, j, in, conv[j], 1, dilation);
            if (kept[j] == conv[j]) {
                // the last group, or w = 1 where the carry would be empty: nothing to split off
                outputs.add(y);
                carry = null;
            } else {
                List<String> parts = graph.split(p + ".keep." + j, y, kept[j], conv[j] - kept[j]);
                outputs.add(parts.get(0));
                carry = parts.get(1);
            }
        }
        return graph.concat(p + ".cat", outputs);
    }

    /**
     * The stage form of the HS block: AvgPool(3, stride, 1) on x_1, K_i (stride, dilation, w -> w)
     * on the others; stride 2, or 1 in a dilated stage.
     */
    private String stageForm(String p, String x, HsConfig hs, BlockLayout layout) {
        List<String> groups = graph.split(p + ".split", x, repeat(hs.s(), hs.w()));
        List<String> outputs = new ArrayList<>();
        int stride = layout.stride();
        outputs.add(graph.averagePool(p + ".pool", groups.get(0), 3, stride, 1, false, true));
        for (int j = 0; j < hs.s() - 1; j++) {
            outputs.add(groupConv(p, j, groups.get(j + 1), hs.w(), stride, layout.dilation()));
        }
        return graph.concat(p + ".cat", outputs);
    }

    private String groupConv(String p, int j, String x, int channels, int stride, int dilation) {
        return graph.relu(p + ".relu." + j, convBn(x, p + ".convs." + j, p + ".bns." + j,
                channels, channels, 3, stride, dilation));
    }

    private String shortcut(String p, String x, int in, int out, int stride) {
        if (spec.shortcut() == Shortcut.AVG_DOWN) {
            String pooled = stride == 1 ? x
                    : graph.averagePool(p + ".0", x, stride, stride, 0, true, false);
            return convBn(pooled, p + ".1", p + ".2", in, out, 1, 1);
        }
        return convBn(x, p + ".0", p + ".1", in, out, 1, stride);
    }

    private void head(String x, int channels, String output) {
        String pooled = graph.globalAveragePool("global_pool", x);
        if (spec.numClasses() == 0) {
            graph.flatten("flatten", pooled, output);
            return;
        }
        String flat = graph.flatten("flatten", pooled, "flatten");
        String w = layers.unchanged("fc.weight", spec.numClasses(), channels);
        String b = layers.unchanged("fc.bias", spec.numClasses());
        graph.linear("fc", flat, w, b, output);
    }

    /** A bias-free conv and its inference BatchNorm ({@link ConvLayers#convBn}), no dilation. */
    private String convBn(String x, String conv, String bn, int in, int out, int kernel,
            int stride) {
        return layers.convBn(x, conv, bn, in, out, kernel, stride, 1);
    }

    /** {@link #convBn(String, String, String, int, int, int, int)} with a dilation. */
    private String convBn(String x, String conv, String bn, int in, int out, int kernel,
            int stride, int dilation) {
        return layers.convBn(x, conv, bn, in, out, kernel, stride, dilation);
    }

    private static long[] repeat(int n, long value) {
        long[] a = new long[n];
        Arrays.fill(a, value);
        return a;
    }
}
