package dev.hsresnet.core.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How {@link dev.hsresnet.core.nn.Conv} computes a convolution. Both paths read the same OIHW
 * weight and give the same NCHW-shaped output; they differ in the libtorch calls, and so in which
 * oneDNN kernels run (docs/engine.md, "Which convolution path, per machine").
 */
public enum ConvPath {
    /**
     * DJL's {@code Conv2d.conv2d} on NCHW arrays for every convolution, 1x1 and strided 1x1
     * included; no layout change. The engine's default, and the fastest where oneDNN is right.
     */
    STANDARD("standard"),
    /**
     * The workaround for the oneDNN bugs of the AMD build machines: a k x k convolution (k > 1)
     * on channels-last input (a 1-channel input gets a zero second channel), a 1x1 as a matrix
     * product of the channels-last pixels (strided: subsampled first).
     */
    CHANNELS_LAST("channels-last");

    private final String id;

    ConvPath(String id) {
        this.id = id;
    }

    /** @return the name users write: {@code standard} or {@code channels-last} */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * @param id {@code standard} or {@code channels-last} (case-insensitive)
     * @return the path, or null when {@code id} names none
     */
    @JsonCreator
    public static ConvPath byId(String id) {
        for (ConvPath p : values()) {
            if (p.id.equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        return null;
    }

    /** @return the ids, {@code |}-separated, for error messages: {@code standard|channels-last} */
    static String ids() {
        return Arrays.stream(values()).map(ConvPath::id).collect(Collectors.joining("|"));
    }
}
