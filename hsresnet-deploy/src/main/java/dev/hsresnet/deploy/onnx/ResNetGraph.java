package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.DType;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.nn.BatchNormFolding;
import dev.hsresnet.core.nn.Layers;
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
 */
final class ResNetGraph {

    private final ResNetSpec spec;
    private final Map<String, Tensor> weights;
    private final boolean foldBn;
    private final GraphBuilder graph;

    private ResNetGraph(ResNetSpec spec, Map<String, Tensor> weights, OnnxOptions options) {
        this.spec = spec;
        this.weights = weights;
        this.foldBn = options.foldBn();
        this.graph = new GraphBuilder(options.opset());
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
        ResNetGraph g = new ResNetGraph(spec, weights, options);
        String x = g.stem(g.graph.input(input));
        int channels = spec.stemChannels();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            int outChannels = spec.stageChannels(i);
            for (int k = 0; k < stage.depth(); k++) {
                x = g.bottleneck("layer" + (i + 1) + "." + k, x, channels, stage,
                        spec.layout(i, k), outChannels);
                channels = outChannels;
            }
        }
        g.head(x, channels, output);
        return g.graph;
    }

    private String stem(String x) {
        int in = spec.inChannels();
        String y;
        if (spec.stem() == Stem.DEEP) {
            int mid = spec.deepStemMidChannels();
            y = graph.relu("conv1.2", convBn(x, "conv1.0", "conv1.1", in, mid, 3, 2));
            y = graph.relu("conv1.5", convBn(y, "conv1.3", "conv1.4", mid, mid, 3, 1));
            y = convBn(y, "conv1.6", "bn1", mid, spec.stemChannels(), 3, 1);
        } else if (spec.stem() == Stem.RESNET) {
            y = convBn(x, "conv1", "bn1", in, spec.stemChannels(), 7, 2);
        } else {
            y = convBn(x, "conv1", "bn1", in, spec.stemChannels(), 3, 1);
        }
        y = graph.relu("act1", y);
        return spec.stem().hasMaxPool() ? graph.maxPool("maxpool", y, 3, 2, 1) : y;
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
        String w = unchanged("fc.weight", spec.numClasses(), channels);
        String b = unchanged("fc.bias", spec.numClasses());
        graph.linear("fc", flat, w, b, output);
    }

    /**
     * A bias-free conv (square kernel, padding kernel/2) followed by an inference BatchNorm: one
     * Conv with the BN folded in, or Conv and BatchNormalization.
     */
    private String convBn(String x, String conv, String bn, int in, int out, int kernel,
            int stride) {
        return convBn(x, conv, bn, in, out, kernel, stride, 1);
    }

    /** {@link #convBn(String, String, String, int, int, int, int)} with a dilation. */
    private String convBn(String x, String conv, String bn, int in, int out, int kernel,
            int stride, int dilation) {
        String weightName = conv + ".weight";
        int pad = dilation * (kernel / 2);
        if (!foldBn) {
            String w = unchanged(weightName, out, in, kernel, kernel);
            String y = graph.conv(conv, x, w, null, kernel, stride, pad, dilation);
            return graph.batchNorm(bn, y, unchanged(bn + ".weight", out),
                    unchanged(bn + ".bias", out), unchanged(bn + ".running_mean", out),
                    unchanged(bn + ".running_var", out), Layers.BN_EPSILON);
        }
        long[] dims = {out, in, kernel, kernel};
        BatchNormFolding.Folded f = BatchNormFolding.fold(
                tensor(weightName, dims).toFloats(), out,
                tensor(bn + ".weight", out).toFloats(), tensor(bn + ".bias", out).toFloats(),
                tensor(bn + ".running_mean", out).toFloats(),
                tensor(bn + ".running_var", out).toFloats(), Layers.BN_EPSILON);
        String doc = " with " + bn + " (inference BatchNorm) folded in";
        String w = graph.initializer(weightName + ".folded", dims, f.weight(), weightName + doc);
        String b = graph.initializer(conv + ".bias.folded", new long[] {out}, f.bias(),
                "bias from" + doc);
        return graph.conv(conv, x, w, b, kernel, stride, pad, dilation);
    }

    /** Adds a state-dict tensor unchanged, under its PyTorch name. */
    private String unchanged(String name, long... dims) {
        return graph.initializer(name, dims, tensor(name, dims).data(), null);
    }

    private Tensor tensor(String name, long... dims) {
        Tensor t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException("state dict has no tensor '" + name
                    + "', which the architecture needs");
        }
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException("state dict tensor '" + name + "' is " + t.dtype()
                    + ", expected F32");
        }
        if (!Arrays.equals(t.shape(), dims)) {
            throw new IllegalArgumentException("state dict tensor '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + " but the architecture needs "
                    + Arrays.toString(dims));
        }
        return t;
    }

    private static long[] repeat(int n, long value) {
        long[] a = new long[n];
        Arrays.fill(a, value);
        return a;
    }
}
