package dev.hsresnet.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The command-line and CSV names of this package's enums: the constant's name in lower case. */
final class EnumIds {

    private EnumIds() {}

    /** @return {@code constant}'s name in lower case */
    static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param type the enum
     * @param text an id, any case, surrounding blanks ignored
     * @param what what the enum is, for the message ({@code "mode"})
     * @return the constant
     * @throws IllegalArgumentException naming the bad value and the known ones
     */
    static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; known: "
                + Arrays.stream(type.getEnumConstants()).map(EnumIds::id)
                        .collect(Collectors.joining(", ")));
    }
}
