package dev.hsresnet.train.recipe;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum constant spelled in recipes by a lower-case key. */
interface Keyed {
    /** @return the spelling used in recipe files and overrides */
    String key();

    /** Finds the constant spelled {@code key}, or fails naming the accepted spellings. */
    static <E extends Enum<E> & Keyed> E parse(Class<E> type, String key) {
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(key)) {
                return e;
            }
        }
        throw new RecipeException("", "unknown value '" + key + "'; expected one of " + keys(type));
    }

    /** @return the accepted spellings, comma-separated, in declaration order */
    static <E extends Enum<E> & Keyed> String keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", "));
    }
}
