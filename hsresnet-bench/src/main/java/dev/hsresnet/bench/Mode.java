package dev.hsresnet.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one timed step does. */
public enum Mode {
    /** An eval-mode forward pass (BatchNorm with running statistics), no gradient. */
    INFERENCE("inference", 1),
    /** Forward in training mode, cross-entropy, backward, SGD update. */
    TRAIN("train", 3);

    private final String id;
    private final int passes;

    Mode(String id, int passes) {
        this.id = id;
        this.passes = passes;
    }

    /** @return the name used on the command line and in the CSV */
    public String id() {
        return id;
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
        for (Mode m : values()) {
            if (m.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + id + "'; known: "
                + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", ")));
    }
}
