package dev.hsresnet.search;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import java.util.Locale;
import java.util.Optional;

/**
 * Budget limits as a user writes them: a count with an optional {@code K}, {@code M} or {@code G}
 * suffix ({@code 25.6M}), or a model's name (or spec file) meaning "that model's".
 */
public final class BudgetValues {

    private BudgetValues() {}

    /**
     * @param text e.g. {@code 25576264}, {@code 25.6M}, {@code 4.3G}
     * @return the count, or empty when {@code text} is not a number
     * @throws IllegalArgumentException for a negative or non-finite number
     */
    public static Optional<Long> count(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace("_", "").replace(",", "");
        double scale = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            scale = t.endsWith("K") ? 1e3 : t.endsWith("M") ? 1e6 : 1e9;
            t = t.substring(0, t.length() - 1);
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("a limit must be a number >= 0, got '" + text + "'");
        }
        return Optional.of(Math.round(v * scale));
    }

    /**
     * @param text a count or a model name
     * @param inputSize the input size MACs are counted at
     * @param macs MACs (else parameters)
     * @return the count, or the model's parameters or MACs
     * @throws IllegalArgumentException naming the text when it is neither a number nor a model
     */
    public static long countOrModel(String text, int inputSize, boolean macs) {
        Optional<Long> n = count(text);
        if (n.isPresent()) {
            return n.get();
        }
        ModelEntry e = model(text);
        Complexity c = Complexity.of(e.spec(), inputSize);
        return macs ? c.macs() : c.params();
    }

    /**
     * @param text a model name or spec file
     * @return the entry
     * @throws IllegalArgumentException saying that the text is neither a number nor a model
     */
    public static ModelEntry model(String text) {
        try {
            return Models.get(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a number (e.g. 25.6M) "
                    + "nor a model: " + e.getMessage(), e);
        }
    }
}
