package dev.hsresnet.core.io;

import dev.hsresnet.core.text.Printable;
import java.util.List;

/**
 * A weights file does not fit the network it is loaded into: names missing or unexpected, shapes
 * or types that differ. The message lists the problems, with control characters in names escaped
 * ({@link Printable#escape}); nothing was changed.
 */
public final class WeightsMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 5;

    private final transient List<String> problems;

    /**
     * @param source the file or origin of the weights, as shown to the user
     * @param target what they were loaded into
     * @param problems one line per problem
     */
    public WeightsMismatchException(String source, String target, List<String> problems) {
        super(Printable.escape(summary(source, target, problems)));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, one line each */
    public List<String> problems() {
        return problems;
    }

    private static String summary(String source, String target, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(" does not fit ").append(target).append(": ");
        for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
            sb.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (problems.size() > SHOWN) {
            sb.append("; and ").append(problems.size() - SHOWN).append(" more problems");
        }
        return sb.toString();
    }
}
