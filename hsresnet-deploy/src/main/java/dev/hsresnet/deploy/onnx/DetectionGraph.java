package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.nn.GroupNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the ONNX nodes of an FCOS detector ({@code FcosNet}, and {@code
 * tools/reference/det_torch.py}) from its {@link DetectionSpec} and PyTorch-named state dict:
 * the backbone's C3-C5 ({@link ResNetGraph#features}, {@code backbone.*}), the FPN with its extra
 * levels ({@link FpnGraph}, {@code neck.*}) and the FCOS head ({@code bbox_head.*}) on every
 * level, its outputs flattened and joined as {@code FcosNet} returns them.
 *
 * <p>The head is shared over the levels: its tensors are initializers once, under their PyTorch
 * names, and each level has its own nodes, named {@code bbox_head.P<l>.<layer>} ({@code
 * bbox_head.P4.cls_convs.2.conv}). Per level {@code i} of stride {@code s_i}: the two towers of
 * conv (no bias), GroupNorm ({@link ConvLayers#groupNorm}, lowered by {@link GroupNormLowering})
 * and Relu; {@code conv_cls}; {@code conv_reg}, Mul by the level's scale (a scalar initializer),
 * Exp, Mul by {@code s_i}; {@code conv_centerness}. Each level's {@code (N, K, H_i, W_i)} is
 * reshaped to {@code (N, K, H_i W_i)} (row-major over the locations), the levels are joined
 * finest first on the last axis and transposed to {@code (N, P, K)}; the centerness {@code (N,
 * 1, H_i, W_i)} is reshaped to {@code (N, H_i W_i)} and joined to {@code (N, P)}. Sizes come from
 * the tensors at run time, so batch, height and width are free.
 *
 * <p>With {@code k > 0} prototypes it is the YOLACT-on-FCOS instance segmenter ({@code
 * YolactNet}, {@code tools/reference/yolact_torch.py}): each level's regression tower also feeds
 * {@code conv_coeff} (3x3 with bias, k outputs) and Tanh, flattened and joined as the class logits
 * to {@code (N, P, k)}, and the prototype branch ({@link ProtoNetGraph}, {@code mask_head.*}) on
 * P3 gives {@code (N, k, 2 H3, 2 W3)}.
 */
final class DetectionGraph {

    private final DetectionSpec spec;
    private final int prototypes;
    private final ConvLayers layers;
    private final GraphBuilder graph;
    private final GroupNormLowering lowering;

    private DetectionGraph(DetectionSpec spec, int prototypes, ConvLayers layers,
            GroupNormLowering lowering) {
        this.spec = spec;
        this.prototypes = prototypes;
        this.layers = layers;
        this.graph = layers.graph();
        this.lowering = lowering;
    }

    /**
     * Builds the graph's nodes and initializers.
     *
     * @param spec the network (the detector's part of an instance segmenter)
     * @param prototypes k, the instance segmenter's prototypes, or 0 for a detector
     * @param weights every tensor under its PyTorch name ({@code backbone.*}, {@code neck.*},
     *     {@code bbox_head.*}, and {@code mask_head.*} with prototypes), float32, BN running
     *     statistics included; other names are unused
     * @param options opset and BatchNorm folding (the backbone's; the head has GroupNorm only)
     * @param lowering how the GroupNorms are written
     * @return the filled builder: input {@value OnnxExporter#INPUT}, outputs {@value
     *     OnnxExporter#CLS_LOGITS}, {@value OnnxExporter#BOX_DISTANCES}, {@value
     *     OnnxExporter#CENTERNESS_LOGITS}, and with prototypes {@value
     *     OnnxExporter#COEFFICIENTS} and {@value OnnxExporter#PROTOTYPES}
     * @throws IllegalArgumentException naming a tensor that is missing or has the wrong shape
     */
    static GraphBuilder build(DetectionSpec spec, int prototypes, Map<String, Tensor> weights,
            OnnxOptions options, GroupNormLowering lowering) {
        GraphBuilder graph = new GraphBuilder(options.opset());
        DetectionGraph g = new DetectionGraph(spec, prototypes,
                new ConvLayers(graph, weights, options.foldBn()), lowering);
        String x = graph.input(OnnxExporter.INPUT);
        List<String> c = ResNetGraph.features(g.layers, spec.backbone(), "backbone.", x,
                spec.outIndices());
        List<String> p = FpnGraph.build(g.layers, "neck.", spec.backboneChannels(),
                spec.neckChannels(), spec.extraLevels(), c);
        g.head(p);
        if (prototypes > 0) {
            ProtoNetGraph.build(g.layers, "mask_head.", p.get(0), spec.neckChannels(), prototypes,
                    OnnxExporter.PROTOTYPES);
        }
        return graph;
    }

    private void head(List<String> levels) {
        int channels = spec.neckChannels();
        int classes = spec.numClasses();
        int[] strides = spec.strides();
        List<String> cls = new ArrayList<>();
        List<String> box = new ArrayList<>();
        List<String> ctr = new ArrayList<>();
        List<String> coeff = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            String level = "bbox_head.P" + (i + 3) + ".";
            String x = levels.get(i);
            // every tower unit keeps the level's (N, C, H, W): one Shape serves its GroupNorms
            String shape = spec.towerConvs() > 0 ? graph.shape(level + "shape", x) : null;
            String clsFeat = tower(level, "cls_convs", x, shape);
            String regFeat = tower(level, "reg_convs", x, shape);
            String logits = layers.sharedConv(level + "conv_cls", clsFeat, "bbox_head.conv_cls",
                    channels, classes, 3, true);
            String reg = layers.sharedConv(level + "conv_reg", regFeat, "bbox_head.conv_reg",
                    channels, 4, 3, true);
            String scaled = graph.mul(level + "scale", reg,
                    layers.unchanged("bbox_head.scales." + i + ".scale"));
            String distances = graph.mul(level + "stride", graph.exp(level + "exp", scaled),
                    graph.floatScalar("bbox_head.stride." + strides[i], strides[i]));
            String centerness = layers.sharedConv(level + "conv_centerness", regFeat,
                    "bbox_head.conv_centerness", channels, 1, 3, true);
            cls.add(graph.reshape(level + "cls_flat", logits,
                    graph.int64Constant("flat_shape", new long[] {0, classes, -1})));
            box.add(graph.reshape(level + "box_flat", distances,
                    graph.int64Constant("flat_shape", new long[] {0, 4, -1})));
            ctr.add(graph.reshape(level + "ctr_flat", centerness,
                    graph.int64Constant("flat_shape", new long[] {0, -1})));
            if (prototypes > 0) {
                String c = graph.tanh(level + "coeff_tanh", layers.sharedConv(level
                        + "conv_coeff", regFeat, "bbox_head.conv_coeff", channels, prototypes, 3,
                        true));
                coeff.add(graph.reshape(level + "coeff_flat", c,
                        graph.int64Constant("flat_shape", new long[] {0, prototypes, -1})));
            }
        }
        graph.transpose(OnnxExporter.CLS_LOGITS, graph.concat("bbox_head.cls_concat", cls, 2),
                0, 2, 1);
        graph.transpose(OnnxExporter.BOX_DISTANCES,
                graph.concat("bbox_head.box_concat", box, 2), 0, 2, 1);
        graph.concat(OnnxExporter.CENTERNESS_LOGITS, ctr, 1);
        if (prototypes > 0) {
            graph.transpose(OnnxExporter.COEFFICIENTS,
                    graph.concat("bbox_head.coeff_concat", coeff, 2), 0, 2, 1);
        }
    }

    /** {@code towerConvs} units of conv (no bias), GroupNorm and Relu on one level. */
    private String tower(String level, String name, String x, String shape) {
        int channels = spec.neckChannels();
        String y = x;
        for (int k = 0; k < spec.towerConvs(); k++) {
            String layer = "bbox_head." + name + "." + k;
            String node = level + name + "." + k;
            String conv = layers.sharedConv(node + ".conv", y, layer + ".conv", channels,
                    channels, 3, false);
            String gn = layers.groupNorm(node + ".gn", conv, shape, layer + ".gn", channels,
                    spec.groups(), GroupNorm.EPSILON, lowering);
            y = graph.relu(node + ".relu", gn);
        }
        return y;
    }
}
