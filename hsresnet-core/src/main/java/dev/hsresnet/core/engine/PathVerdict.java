package dev.hsresnet.core.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The self-test's findings for one path: every case, in {@link SelfTestCases#all} order.
 *
 * @param path the path
 * @param cases the outcome of each case
 */
public record PathVerdict(ConvPath path, List<CaseResult> cases) {

    /** @return whether every case is {@link CaseResult.Status#OK} */
    public boolean correct() {
        return !cases.isEmpty()
                && cases.stream().allMatch(c -> c.status() == CaseResult.Status.OK);
    }

    /** @return the cases that are not OK */
    public List<CaseResult> failures() {
        return cases.stream().filter(c -> c.status() != CaseResult.Status.OK).toList();
    }

    /** @return the distinct families of the cases that are not OK, in case order */
    public List<String> failingFamilies() {
        return failures().stream().map(CaseResult::family).distinct().toList();
    }

    /** @return e.g. {@code "correct (123 of 123 cases)"}, {@code "WRONG: 98 ok, 24 wrong, 1 crashed"} */
    public String summary() {
        Map<CaseResult.Status, Long> counts = cases.stream().collect(Collectors.groupingBy(
                CaseResult::status, () -> new EnumMap<>(CaseResult.Status.class),
                Collectors.counting()));
        if (correct()) {
            return "correct (" + cases.size() + " of " + cases.size() + " cases)";
        }
        return "WRONG: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '))
                .collect(Collectors.joining(", "));
    }
}
