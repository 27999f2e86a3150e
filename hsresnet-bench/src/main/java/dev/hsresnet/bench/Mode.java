package dev.hsresnet.bench;

/** What one timed step does. */
public enum Mode {
    /** An eval-mode forward pass (BatchNorm with running statistics), no gradient. */
    INFERENCE(1),
    /** Forward in training mode, cross-entropy, backward, SGD update. */
    TRAIN(3);

    private final int passes;

    Mode(int passes) {
        this.passes = passes;
    }

    /** @return the name used on the command line and in the CSV */
    public String id() {
        return EnumIds.id(this);
    }

    /**
     * @return how many forward-sized passes one step costs when counting FLOPs: 1 for inference,
     *     3 for a training step (forward, backward for the inputs, backward for the weights)
     */
    public int passes() {
        return passes;
    }

    /**
     * @param id {@code inference} or {@code train} (case-insensitive)
     * @return the mode
     * @throws IllegalArgumentException naming the bad value and the known ones
     */
    public static Mode parse(String id) {
        return EnumIds.parse(Mode.class, id, "mode");
    }
}
