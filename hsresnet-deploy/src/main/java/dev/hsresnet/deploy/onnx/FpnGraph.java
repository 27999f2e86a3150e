package dev.hsresnet.deploy.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the ONNX nodes of mmdet's FPN ({@code vision.neck.Fpn}, names {@code
 * lateral_convs.{i}}, {@code fpn_convs.{i}} under a prefix): 1x1 laterals, the top-down sum with
 * nearest upsampling to each finer lateral's size (taken at run time, so any input size works),
 * 3x3 output convolutions, and the optional extra levels of FCOS and RetinaNet ({@code
 * add_extra_convs='on_output'}, {@code relu_before_extra_convs=True}): a 3x3 stride-2 conv of the
 * coarsest output, then of the ReLU of each extra level before it.
 */
final class FpnGraph {

    private FpnGraph() {}

    /**
     * @param layers the graph and the state dict
     * @param prefix the neck's PyTorch prefix, e.g. {@code "neck."}
     * @param inChannels the channels of each input level, finest first
     * @param channels the output channels of every level
     * @param extraLevels stride-2 levels above the coarsest, 0 or more
     * @param levels the input levels' values, finest first, {@code (N, inChannels[i], H_i, W_i)}
     * @return {@code levels.size() + extraLevels} values, finest first, {@code (N, channels,
     *     H_i, W_i)}; an extra level has {@code ceil(n / 2)} of the level before it
     * @throws IllegalArgumentException naming a tensor that is missing or misshapen
     */
    static List<String> build(ConvLayers layers, String prefix, int[] inChannels, int channels,
            int extraLevels, List<String> levels) {
        GraphBuilder graph = layers.graph();
        int n = levels.size();
        if (inChannels.length != n) {
            throw new IllegalArgumentException("FPN of " + inChannels.length + " levels got "
                    + n + " inputs");
        }
        String[] lateral = new String[n];
        for (int i = 0; i < n; i++) {
            lateral[i] = layers.biasedConv(levels.get(i), prefix + "lateral_convs." + i,
                    inChannels[i], channels, 1);
        }
        for (int i = n - 1; i > 0; i--) {
            // the coarser level, upsampled to the finer lateral's (N, C, H, W)
            String size = graph.shape(prefix + "lateral_shape." + (i - 1), lateral[i - 1]);
            String up = graph.resizeNearest(prefix + "upsample." + i, lateral[i], size);
            lateral[i - 1] = graph.sum(prefix + "top_down." + (i - 1), lateral[i - 1], up);
        }
        List<String> out = new ArrayList<>(n + extraLevels);
        for (int i = 0; i < n; i++) {
            out.add(layers.biasedConv(lateral[i], prefix + "fpn_convs." + i, channels, channels,
                    3));
        }
        for (int i = n; i < n + extraLevels; i++) {
            String previous = out.get(i - 1);
            String in = i == n ? previous : graph.relu(prefix + "extra_relu." + i, previous);
            out.add(layers.biasedConv(in, prefix + "fpn_convs." + i, channels, channels, 3, 2));
        }
        return out;
    }
}
