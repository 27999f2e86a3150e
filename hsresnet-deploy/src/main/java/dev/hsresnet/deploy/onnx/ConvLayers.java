package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.DType;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.nn.BatchNormFolding;
import dev.hsresnet.core.nn.Layers;
import java.util.Arrays;
import java.util.Map;

/**
 * The convolutions of a network read from its PyTorch-named state dict into one graph: a
 * bias-free convolution followed by an inference BatchNorm (folded into the conv, or as a
 * BatchNormalization node), a convolution with its own bias, and checked tensor lookups. Names
 * are full PyTorch names ({@code backbone.layer1.0.conv1}, {@code neck.fpn_convs.2}); the nodes
 * take the conv's name, the initializers the tensor's.
 */
final class ConvLayers {

    private final GraphBuilder graph;
    private final Map<String, Tensor> weights;
    private final boolean foldBn;

    /**
     * @param graph the graph the nodes go into
     * @param weights every tensor under its PyTorch name, float32
     * @param foldBn whether BatchNorms are folded into their convolutions
     */
    ConvLayers(GraphBuilder graph, Map<String, Tensor> weights, boolean foldBn) {
        this.graph = graph;
        this.weights = weights;
        this.foldBn = foldBn;
    }

    /** @return the graph the nodes go into */
    GraphBuilder graph() {
        return graph;
    }

    /**
     * A bias-free conv (square kernel, padding {@code dilation * (kernel / 2)}) followed by an
     * inference BatchNorm: one Conv with the BN folded in, or Conv and BatchNormalization.
     *
     * @param x input NCHW with {@code in} channels
     * @param conv the conv's PyTorch name (its weight is {@code conv + ".weight"})
     * @param bn the BatchNorm's PyTorch name
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size
     * @param stride stride
     * @param dilation dilation
     * @return the output value, {@code (N, out, H', W')}
     * @throws IllegalArgumentException naming a tensor that is missing or misshapen
     */
    String convBn(String x, String conv, String bn, int in, int out, int kernel, int stride,
            int dilation) {
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

    /**
     * A stride-1 conv with a bias ({@code nn.Conv2d(in, out, kernel, padding=kernel // 2)}), the
     * tensors unchanged under their PyTorch names.
     *
     * @param x input NCHW with {@code in} channels
     * @param conv the conv's PyTorch name ({@code .weight}, {@code .bias})
     * @param in input channels
     * @param out output channels
     * @param kernel odd kernel size
     * @return the output value, {@code (N, out, H, W)}
     */
    String biasedConv(String x, String conv, int in, int out, int kernel) {
        return biasedConv(x, conv, in, out, kernel, 1);
    }

    /**
     * A conv with a bias and a stride ({@code nn.Conv2d(in, out, kernel, stride, padding=kernel
     * // 2)}: a size {@code n} becomes {@code floor((n - 1) / stride) + 1}), the tensors
     * unchanged under their PyTorch names.
     *
     * @param x input NCHW with {@code in} channels
     * @param conv the conv's PyTorch name ({@code .weight}, {@code .bias})
     * @param in input channels
     * @param out output channels
     * @param kernel odd kernel size
     * @param stride stride on both axes
     * @return the output value, {@code (N, out, H', W')}
     */
    String biasedConv(String x, String conv, int in, int out, int kernel, int stride) {
        String w = unchanged(conv + ".weight", out, in, kernel, kernel);
        String b = unchanged(conv + ".bias", out);
        return graph.conv(conv, x, w, b, kernel, stride, kernel / 2);
    }

    /**
     * A stride-1 conv (padding {@code kernel / 2}) of a layer applied to several inputs, as a head
     * shared over pyramid levels: each call is a node of its own, the tensors are added once,
     * unchanged under their PyTorch names, by the first call.
     *
     * @param node the node's name, one per use (e.g. {@code bbox_head.P4.conv_cls})
     * @param x input NCHW with {@code in} channels
     * @param conv the conv's PyTorch name ({@code .weight}, and {@code .bias} when it has one)
     * @param in input channels
     * @param out output channels
     * @param kernel odd kernel size
     * @param bias whether the conv has a bias
     * @return the output value, {@code (N, out, H, W)}
     */
    String sharedConv(String node, String x, String conv, int in, int out, int kernel,
            boolean bias) {
        String w = shared(conv + ".weight", out, in, kernel, kernel);
        String b = bias ? shared(conv + ".bias", out) : null;
        return graph.conv(node, x, w, b, kernel, 1, kernel / 2);
    }

    /**
     * GroupNorm ({@code nn.GroupNorm(groups, channels)}) of a layer that may be applied to several
     * inputs: {@code x} reshaped to {@code (N, groups, -1)}, each row normalized as {@code
     * lowering} writes it, reshaped back to {@code x}'s shape, then multiplied by {@code
     * gn.weight} and shifted by {@code gn.bias} per channel. The two tensors are added once, by
     * the first call, under their PyTorch names with the shape {@code (channels, 1, 1)} (the state
     * dict's {@code (channels)}, ready to broadcast over {@code H, W}).
     *
     * @param node the prefix of the nodes' names, one per use
     * @param x input {@code (N, channels, H, W)}
     * @param shapeOfX an int64 value holding {@code x}'s shape (a Shape node, shared by every
     *     tensor of that shape)
     * @param gn the GroupNorm's PyTorch name ({@code .weight}, {@code .bias})
     * @param channels the channels of {@code x}
     * @param groups the groups, dividing {@code channels}
     * @param epsilon added to each group's variance
     * @param lowering which operators normalize the groups
     * @return the output value, {@code x}'s shape
     */
    String groupNorm(String node, String x, String shapeOfX, String gn, int channels, int groups,
            float epsilon, GroupNormLowering lowering) {
        String grouped = graph.reshape(node + ".group", x,
                graph.int64Constant("group_shape", new long[] {0, groups, -1}));
        String normalized = lowering.normalize(graph, node, grouped, groups, epsilon);
        String back = graph.reshape(node + ".ungroup", normalized, shapeOfX);
        String weight = sharedReshaped(gn + ".weight", new long[] {channels},
                new long[] {channels, 1, 1});
        String bias = sharedReshaped(gn + ".bias", new long[] {channels},
                new long[] {channels, 1, 1});
        return graph.sum(node + ".shift", graph.mul(node + ".scale", back, weight), bias);
    }

    /** Adds a state-dict tensor unchanged by the first call; later calls reuse it. */
    String shared(String name, long... dims) {
        return graph.isInitializer(name) ? name : unchanged(name, dims);
    }

    /**
     * Adds a state-dict tensor of shape {@code stored} under its name with the shape {@code
     * graphDims} (the same elements), by the first call; later calls reuse it.
     */
    private String sharedReshaped(String name, long[] stored, long[] graphDims) {
        if (graph.isInitializer(name)) {
            return name;
        }
        return graph.initializer(name, graphDims, tensor(name, stored).data(),
                "PyTorch " + Arrays.toString(stored) + " as "
                        + Arrays.toString(graphDims) + " to broadcast per channel");
    }

    /** Adds a state-dict tensor unchanged, under its PyTorch name. */
    String unchanged(String name, long... dims) {
        return graph.initializer(name, dims, tensor(name, dims).data(), null);
    }

    /**
     * @return the state dict's tensor of this name
     * @throws IllegalArgumentException when it is missing, not float32 or not of shape {@code dims}
     */
    Tensor tensor(String name, long... dims) {
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
}
