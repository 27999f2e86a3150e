package dev.hsresnet.vision.segmentation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hsresnet.core.text.Printable;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The decode head of a {@link SegmentationSpec}: what turns backbone features into logits. */
public enum DecodeHead {
    /** {@link dev.hsresnet.vision.neck.Fpn} on every backbone level, then the semantic {@link FpnHead}. */
    FPN("fpn"),
    /** No neck: DeepLabV3's {@link AsppHead} on the last backbone level (C5). */
    ASPP("aspp");

    private final String id;

    DecodeHead(String id) {
        this.id = id;
    }

    /** @return the lower-case name used in JSON ({@code fpn}, {@code aspp}) */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * @param id {@code fpn} or {@code aspp} (case-insensitive)
     * @return the head
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    @JsonCreator
    public static DecodeHead of(String id) {
        String lower = id == null ? null : id.toLowerCase(Locale.ROOT);
        for (DecodeHead head : values()) {
            if (head.id.equals(lower)) {
                return head;
            }
        }
        throw new IllegalArgumentException("unknown decode head '" + Printable.escape(id)
                + "', expected one of " + Arrays.stream(values()).map(DecodeHead::id)
                        .collect(Collectors.joining(", ")));
    }
}
