package dev.hsresnet.core.spec;

/**
 * Where one bottleneck sits in its network ({@link ResNetSpec#layout}).
 *
 * @param stride 1 or 2: of the 3x3 stage and the shortcut
 * @param dilation of the 3x3 convolutions (padding {@code dilation}): 1, or a power of two in a
 *     stage whose stride became dilation
 * @param stageForm whether the block is the first of a stage after the first: an HS block then
 *     takes its stage form (a pool and parallel {@code w -> w} convs) even at stride 1, so the
 *     weights keep the shapes of the undilated network
 */
public record BlockLayout(int stride, int dilation, boolean stageForm) {

    /** The layout of a block in an undilated network. */
    public static BlockLayout undilated(int stride) {
        return new BlockLayout(stride, 1, stride > 1);
    }
}
