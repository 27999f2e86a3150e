package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.vision.segmentation.DecodeHead;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the ONNX nodes of a semantic-segmentation network ({@code SegmentationNet}, and {@code
 * tools/reference/seg_torch.py}) from its {@link SegmentationSpec} and PyTorch-named state
 * dict: the backbone's levels C2..C5 ({@link ResNetGraph#features}, names {@code backbone.*}),
 * the FPN ({@code neck.*}), the semantic FPN head ({@code decode_head.*}) and the logits resized
 * to the input.
 *
 * <p>Every resize takes its output size from the tensors at run time (Shape), so height and
 * width are free, as in DJL and PyTorch, where they need not be multiples of 32: the FPN's
 * nearest upsampling goes to the finer lateral's size, the head's sum to its finest level's size,
 * and the logits to the input's size, exactly as {@code Fpn}, {@code FpnHead} and {@code
 * SegmentationNet} do. The head's 2x upsamplings ({@code nn.Upsample(scale_factor=2)}) are
 * Resizes by the factor 2.
 */
final class SegmentationGraph {

    private static final float[] TWICE = {1f, 1f, 2f, 2f};

    private final SegmentationSpec spec;
    private final ConvLayers layers;
    private final GraphBuilder graph;

    private SegmentationGraph(SegmentationSpec spec, ConvLayers layers) {
        this.spec = spec;
        this.layers = layers;
        this.graph = layers.graph();
    }

    /**
     * Builds the graph's nodes and initializers.
     *
     * @param spec the network
     * @param weights every tensor under its PyTorch name ({@code backbone.*}, {@code neck.*},
     *     {@code decode_head.*}), float32, BN running statistics included; other names are unused
     * @param options opset and BatchNorm folding
     * @param input the graph input's name, {@code (N, inChannels, H, W)}
     * @param output the graph output's name, {@code (N, numClasses, H, W)}
     * @return the filled builder
     * @throws IllegalArgumentException naming a tensor that is missing or has the wrong shape
     */
    static GraphBuilder build(SegmentationSpec spec, Map<String, Tensor> weights,
            OnnxOptions options, String input, String output) {
        GraphBuilder graph = new GraphBuilder(options.opset());
        SegmentationGraph g = new SegmentationGraph(spec,
                new ConvLayers(graph, weights, options.foldBn()));
        String x = graph.input(input);
        List<String> levels = ResNetGraph.features(g.layers, spec.backbone(), "backbone.", x,
                spec.outIndices());
        String logits = spec.decodeHead() == DecodeHead.ASPP
                ? g.asppHead(levels.get(levels.size() - 1))
                : g.head(g.neck(levels));
        g.resizeToInput(logits, x, output);
        return graph;
    }

    /**
     * torchvision's DeepLabHead on C5: ASPP (a 1x1 branch, three dilated 3x3 branches, global
     * pooling with a 1x1 conv broadcast back by a bilinear resize), concatenation, projection,
     * then a 3x3 conv-BN-ReLU and conv_seg. The auxiliary head runs in training only and is not
     * exported.
     */
    private String asppHead(String c5) {
        int in = spec.lastStageChannels();
        int ch = spec.headChannels();
        String p = "decode_head.aspp.";
        List<String> branches = new ArrayList<>();
        branches.add(convBnRelu(c5, p + "convs.0", in, ch, 1, 1));
        int[] rates = spec.asppRates();
        for (int i = 0; i < rates.length; i++) {
            branches.add(convBnRelu(c5, p + "convs." + (i + 1), in, ch, 3, rates[i]));
        }
        String pooled = convBnRelu(graph.globalAveragePool(p + "pooling.0", c5),
                p + "pooling.1", in, ch, 1, 1);
        String nc = graph.slice(p + "pooling.shape.nc", graph.shape(p + "pooling.shape", pooled),
                0, 2);
        String hw = graph.slice(p + "c5.shape.hw", graph.shape(p + "c5.shape", c5), 2, 4);
        branches.add(graph.resizeBilinear(p + "pooling.resize", pooled, null,
                graph.concat(p + "pooling.size", List.of(nc, hw), 0), null));
        String cat = graph.concat(p + "concat", branches, 1);
        String projected = convBnRelu(cat, p + "project", ch * branches.size(), ch, 1, 1);
        String y = convBnRelu(projected, "decode_head.bottleneck", ch, ch, 3, 1);
        return layers.biasedConv(y, "decode_head.conv_seg", ch, spec.numClasses(), 1);
    }

    /** A {@code ConvBnRelu} unit: {@code name.conv}, {@code name.bn}, then ReLU. */
    private String convBnRelu(String x, String name, int in, int out, int kernel, int dilation) {
        return graph.relu(name + ".activate", layers.convBn(x, name + ".conv", name + ".bn", in,
                out, kernel, 1, dilation));
    }

    /** mmdet's FPN ({@link FpnGraph}) on the backbone's levels, no extra levels. */
    private List<String> neck(List<String> levels) {
        int[] in = new int[levels.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = spec.backbone().stageChannels(i);
        }
        return FpnGraph.build(layers, "neck.", in, spec.neckChannels(), 0, levels);
    }

    /**
     * mmseg's FPNHead: per level {@code max(1, log2(s_i / s_0))} conv-BN-ReLU units, each followed
     * by a 2x bilinear upsample on a coarser level; the sum at the finest level's size; conv_seg.
     */
    private String head(List<String> levels) {
        int[] strides = spec.levelStrides();
        int channels = spec.headChannels();
        String p = "decode_head.scale_heads.";
        String sum = null;
        String finestShape = null;
        for (int i = 0; i < levels.size(); i++) {
            int ups = Integer.numberOfTrailingZeros(strides[i])
                    - Integer.numberOfTrailingZeros(strides[0]);
            String y = levels.get(i);
            int position = 0;
            for (int k = 0; k < Math.max(1, ups); k++) {
                String unit = p + i + "." + position++;
                int in = k == 0 ? spec.neckChannels() : channels;
                y = graph.relu(unit + ".activate",
                        layers.convBn(y, unit + ".conv", unit + ".bn", in, channels, 3, 1, 1));
                if (ups > 0) {
                    y = graph.resizeBilinear(p + i + "." + position++, y, TWICE, null, null);
                }
            }
            if (sum == null) {
                sum = y;
                finestShape = graph.shape("decode_head.finest_shape", y);
            } else {
                String resized = graph.resizeBilinear("decode_head.resize." + i, y, null,
                        finestShape, null);
                sum = graph.sum("decode_head.add." + i, sum, resized);
            }
        }
        return layers.biasedConv(sum, "decode_head.conv_seg", channels, spec.numClasses(), 1);
    }

    /** The logits resized bilinearly to {@code (N, numClasses, H, W)} of the input. */
    private void resizeToInput(String logits, String input, String output) {
        String nc = graph.slice("logits_shape.nc",
                graph.shape("logits_shape", logits), 0, 2);
        String hw = graph.slice("input_shape.hw", graph.shape("input_shape", input), 2, 4);
        String sizes = graph.concat("output_size", List.of(nc, hw), 0);
        graph.resizeBilinear("resize", logits, null, sizes, output);
    }
}
