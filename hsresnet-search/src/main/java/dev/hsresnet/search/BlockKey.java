package dev.hsresnet.search;

/**
 * What one bottleneck's latency depends on, the key of a {@link LatencyTable} entry: the channels
 * in and out, its 3x3 stage, its stride and form, and the size of its input. Blocks of different
 * candidates with the same key are the same computation, so one measurement serves all of them.
 *
 * @param in channels entering the block
 * @param planes the bottleneck width
 * @param out channels leaving the block
 * @param s HS groups, or 0 for a plain 3x3 stage
 * @param w channels per HS group, or 0
 * @param stride 1 or 2
 * @param stageForm whether it is a stage's first block in the downsampling form
 * @param height input height in pixels
 * @param width input width in pixels
 */
public record BlockKey(int in, int planes, int out, int s, int w, int stride, boolean stageForm,
        long height, long width) {

    /** @return the table's key, e.g. {@code in512-p256-out1024-hs4w96-s2-stage-28x28} */
    public String id() {
        return "in" + in + "-p" + planes + "-out" + out + "-" + (s == 0 ? "plain" : "hs" + s + "w"
                + w) + "-s" + stride + (stageForm ? "-stage" : "") + "-" + height + "x" + width;
    }
}
