package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hsresnet.core.text.Printable;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The first layers of the network, before stage 1. */
public enum Stem {
    /**
     * ResNet-D deep stem: 3x3/2 (in->32) BN ReLU, 3x3 (32->32) BN ReLU, 3x3 (32->64) BN ReLU,
     * MaxPool 3x3/2. Output: 64 channels at stride 4.
     */
    DEEP("deep"),
    /** Classic ResNet stem: 7x7/2 (in->64) BN ReLU, MaxPool 3x3/2. Output: 64 channels at stride 4. */
    RESNET("resnet"),
    /** Small-image stem: 3x3/1 (in->planes of stage 1) BN ReLU, no pool. Output at stride 1. */
    CIFAR("cifar");

    private final String id;

    Stem(String id) {
        this.id = id;
    }

    /** @return the lower-case name used in JSON, registries and the CLI */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Parses a stem name.
     *
     * @param id {@code deep}, {@code resnet} or {@code cifar} (case-insensitive)
     * @return the stem
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    @JsonCreator
    public static Stem of(String id) {
        for (Stem stem : values()) {
            if (stem.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return stem;
            }
        }
        throw new IllegalArgumentException(
                "unknown stem '" + Printable.escape(id) + "', expected one of " + ids());
    }

    private static String ids() {
        return Arrays.stream(values()).map(Stem::id).collect(Collectors.joining(", "));
    }

    /** @return the spatial reduction (stride) of the stem's output relative to the input */
    public int reduction() {
        return this == CIFAR ? 1 : 4;
    }

    /** @return whether the stem ends with a 3x3/2 max pool (level 0 features are taken before it) */
    public boolean hasMaxPool() {
        return this != CIFAR;
    }
}
