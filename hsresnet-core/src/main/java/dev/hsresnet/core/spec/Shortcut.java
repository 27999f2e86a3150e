package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hsresnet.core.text.Printable;
import java.util.Locale;

/** The projection used on a bottleneck's shortcut when its shape changes. */
public enum Shortcut {
    /**
     * ResNet-D avg-down: AvgPool(k=stride, stride, ceil_mode, count_include_pad=False) when stride
     * &gt; 1, then Conv1x1 (stride 1) + BN. PyTorch names {@code downsample.1}, {@code .2}.
     */
    AVG_DOWN("d"),
    /** Plain projection: Conv1x1 with the stride + BN. PyTorch names {@code downsample.0}, {@code .1}. */
    PLAIN("b");

    private final String id;

    Shortcut(String id) {
        this.id = id;
    }

    /** @return {@code d} or {@code b}, as used in JSON and the CLI */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Parses a shortcut name.
     *
     * @param id {@code d} (avg-down) or {@code b} (plain), case-insensitive
     * @return the shortcut type
     * @throws IllegalArgumentException naming the value
     */
    @JsonCreator
    public static Shortcut of(String id) {
        String lower = id == null ? null : id.toLowerCase(Locale.ROOT);
        for (Shortcut shortcut : values()) {
            if (shortcut.id.equals(lower)) {
                return shortcut;
            }
        }
        throw new IllegalArgumentException(
                "unknown shortcut '" + Printable.escape(id) + "', expected d (avg-down) or b (plain)");
    }
}
