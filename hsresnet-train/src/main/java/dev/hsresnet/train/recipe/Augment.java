package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Training-time augmentation. */
public enum Augment implements Keyed {
    /** Random resized crop to the image size (ImageNet style). */
    RRC("rrc"),
    /** Zero-pad by 4 px and take a random crop of the image size (CIFAR style). */
    PADCROP("padcrop"),
    /** Resize (and center crop) only. */
    NONE("none");

    private final String key;

    Augment(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /**
     * @param key recipe spelling
     * @return the constant
     * @throws RecipeException for an unknown spelling, listing the accepted ones
     */
    @JsonCreator
    public static Augment of(String key) {
        return Keyed.parse(Augment.class, key);
    }

    @Override
    public String toString() {
        return key;
    }
}
