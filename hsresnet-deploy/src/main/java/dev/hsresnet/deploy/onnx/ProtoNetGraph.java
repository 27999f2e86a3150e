package dev.hsresnet.deploy.onnx;

/**
 * Writes the ONNX nodes of YOLACT's prototype branch ({@code vision.instance.ProtoNet}, mmdet's
 * {@code YOLACTProtonet}, names {@code protonet.{0,2,4,7,9}} under a prefix) on P3: three 3x3
 * convolutions with bias and Relu, a 2x bilinear Resize ({@code F.interpolate(scale_factor=2,
 * mode='bilinear', align_corners=False)}: mode {@code linear}, {@code half_pixel}), a 3x3
 * convolution with Relu, a 1x1 convolution to the k prototypes and a final Relu.
 */
final class ProtoNetGraph {

    /** The 2x factor of the Resize on {@code (N, C, H, W)}. */
    private static final float[] TWICE = {1, 1, 2, 2};

    private ProtoNetGraph() {}

    /**
     * @param layers the graph and the state dict
     * @param prefix the branch's PyTorch prefix, e.g. {@code "mask_head."}
     * @param p3 the finest pyramid level, {@code (N, channels, H3, W3)}
     * @param channels the branch's width (the neck's)
     * @param prototypes k
     * @param output the name of the graph value to write, {@code (N, k, 2 H3, 2 W3)}
     * @return {@code output}
     * @throws IllegalArgumentException naming a tensor that is missing or misshapen
     */
    static String build(ConvLayers layers, String prefix, String p3, int channels,
            int prototypes, String output) {
        GraphBuilder graph = layers.graph();
        String net = prefix + "protonet.";
        String y = p3;
        for (int position : new int[] {0, 2, 4}) {
            y = graph.relu(net + (position + 1),
                    layers.biasedConv(y, net + position, channels, channels, 3));
        }
        y = graph.resizeBilinear(net + 6, y, TWICE, null, null);
        y = graph.relu(net + 8, layers.biasedConv(y, net + 7, channels, channels, 3));
        return graph.relu(output, layers.biasedConv(y, net + 9, channels, prototypes, 1));
    }
}
