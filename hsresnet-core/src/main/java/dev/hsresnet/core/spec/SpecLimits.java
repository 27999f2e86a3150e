package dev.hsresnet.core.spec;

/**
 * Upper bounds on every architecture and input field, checked when a spec or a model's
 * configuration is created (so a hostile {@code model.json} is refused before anything is
 * allocated). They are generous: every registered model is far inside them, and so are research
 * variants such as a ResNet-1001 or a 21k-class head. docs/models.md lists them.
 */
public final class SpecLimits {

    /** Stages per network. */
    public static final int MAX_STAGES = 8;

    /** Bottleneck blocks per stage, and in the whole network. */
    public static final int MAX_BLOCKS = 1000;

    /** A stage's planes, an HS block's w, and the channels of any layer (planes x expansion, s x w). */
    public static final int MAX_CHANNELS = 8192 * 8;

    /** A stage's planes. */
    public static final int MAX_PLANES = 8192;

    /** An HS block's number of groups. */
    public static final int MAX_HS_S = 64;

    /** An HS block's group width. */
    public static final int MAX_HS_W = 8192;

    /** Bottleneck expansion. */
    public static final int MAX_EXPANSION = 64;

    /** Classifier outputs. */
    public static final int MAX_CLASSES = 1_000_000;

    /** Input channels. */
    public static final int MAX_IN_CHANNELS = 1024;

    /** Input height and width, in pixels. */
    public static final int MAX_INPUT_SIZE = 4096;

    /** Learnable parameters of a whole network (4 GB of float32). */
    public static final long MAX_PARAMETERS = 1_000_000_000L;

    private SpecLimits() {}

    /**
     * @param field the field's name, for the message
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return {@code value}
     * @throws InvalidFieldException {@code "<field>: must be in min..max, got value"}
     */
    public static int inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, "must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
