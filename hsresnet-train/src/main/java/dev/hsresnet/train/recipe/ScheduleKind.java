package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Learning-rate schedule after warm-up. */
public enum ScheduleKind implements Keyed {
    /** Cosine decay from the base rate to the minimum rate. */
    COSINE("cosine"),
    /** Multiply by gamma at each milestone epoch. */
    STEP("step");

    private final String key;

    ScheduleKind(String key) {
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
    public static ScheduleKind of(String key) {
        return Keyed.parse(ScheduleKind.class, key);
    }

    @Override
    public String toString() {
        return key;
    }
}
