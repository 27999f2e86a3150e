package dev.hsresnet.bench.jmh;

/**
 * The block shapes the JMH benchmarks time: the stride-1 blocks of hs_resnet50 (s = 4), whose
 * 3x3 stage works on {@code s * w} channels inside a bottleneck of {@code in} channels.
 */
public enum BlockShape {
    /** hs_resnet50 stage 1 (layer1): 256-channel bottleneck at 56x56, s=4 w=24 (96 channels). */
    STAGE1(256, 4, 24, 56),
    /** hs_resnet50 stage 3 (layer3): 1024-channel bottleneck at 14x14, s=4 w=96 (384 channels). */
    STAGE3(1024, 4, 96, 14);

    private final int inChannels;
    private final int s;
    private final int w;
    private final int size;

    BlockShape(int inChannels, int s, int w, int size) {
        this.inChannels = inChannels;
        this.s = s;
        this.w = w;
        this.size = size;
    }

    /** @return the bottleneck's input and output channels */
    public int inChannels() {
        return inChannels;
    }

    /** @return the HS block's number of groups */
    public int s() {
        return s;
    }

    /** @return the HS block's channels per group */
    public int w() {
        return w;
    }

    /** @return the 3x3 stage's channels, {@code s * w} */
    public int width() {
        return s * w;
    }

    /** @return the feature map's height and width in pixels */
    public int size() {
        return size;
    }
}
