package dev.hsresnet.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import dev.hsresnet.core.spec.Shortcut;

/**
 * Builds a bottleneck's projection shortcut ({@code downsample} in PyTorch), a {@code
 * SequentialBlock} whose children are indexed like PyTorch's {@code nn.Sequential}.
 */
public final class Shortcuts {

    private Shortcuts() {}

    /**
     * @param type avg-down ({@code d}) or plain ({@code b})
     * @param outChannels channels after the projection
     * @param stride 1 or 2
     * @return {@code d}: [AvgPool(k=stride, stride, ceil, no pad count) or identity, Conv1x1, BN];
     *     {@code b}: [Conv1x1 with stride, BN]
     */
    public static SequentialBlock projection(Shortcut type, int outChannels, int stride) {
        SequentialBlock seq = new SequentialBlock();
        if (type == Shortcut.AVG_DOWN) {
            seq.add(
                    stride == 1
                            ? Blocks.identityBlock()
                            : Pool.avgPool2dBlock(
                                    new Shape(stride, stride),
                                    new Shape(stride, stride),
                                    new Shape(0, 0),
                                    true,
                                    false));
            seq.add(Layers.conv(outChannels, 1, 1));
        } else {
            seq.add(Layers.conv(outChannels, 1, stride));
        }
        seq.add(Layers.batchNorm());
        return seq;
    }
}
