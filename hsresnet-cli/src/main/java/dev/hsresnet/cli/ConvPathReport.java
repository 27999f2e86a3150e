package dev.hsresnet.cli;

import dev.hsresnet.core.engine.CaseResult;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.EnginePathChoice;
import dev.hsresnet.core.engine.EnginePathVerdict;
import dev.hsresnet.core.engine.PathVerdict;
import dev.hsresnet.core.engine.StepTiming;
import dev.hsresnet.core.text.Printable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The convolution-path part of {@code hsresnet doctor} (docs/engine.md, "Which convolution path,
 * per machine"): the path this process computes with, how it was chosen, and what the self-test
 * found on each path: case counts, every crash and time-out with its shape, the first few wrong
 * cases with their largest error, and the training-step times when both paths were correct.
 */
final class ConvPathReport {

    /** Wrong cases listed per path; the cache file holds them all. */
    static final int WRONG_SHOWN = 3;

    private ConvPathReport() {}

    /**
     * @param choice this process's choice ({@code ConvPaths.choice()})
     * @param forcedCache when the path is forced: the self-test result cached for this machine
     *     (shown for information, not used), or null when there is none
     * @param cacheDir where the self-test's results are cached, named when there is none
     * @return the lines to print, without line ends
     */
    static List<String> lines(EnginePathChoice choice, EnginePathVerdict forcedCache,
            Path cacheDir) {
        List<String> out = new ArrayList<>();
        out.add("convolution path: " + choice.path().id());
        out.add("  chosen: " + choice.reason());
        EnginePathVerdict v = choice.verdict();
        if (v == null && forcedCache != null) {
            v = forcedCache;
            out.add("  self-test result cached for this machine (not used: the path is forced), "
                    + "measured " + v.measuredAt() + " in " + seconds(v.seconds()) + ":");
        } else if (v == null && choice.source() == EnginePathChoice.Source.FORCED) {
            out.add("  self-test: not run (the path is forced); no result cached for this "
                    + "machine in " + cacheDir);
            return escaped(out);
        } else if (v == null) {
            out.add("  self-test: no result");
            return escaped(out);
        } else {
            out.add("  self-test, measured " + v.measuredAt() + " in " + seconds(v.seconds())
                    + ":");
        }
        for (ConvPath p : ConvPath.values()) {
            v.paths().stream().filter(r -> r.path() == p).findFirst()
                    .ifPresent(r -> path(out, r));
        }
        out.add("  step timing: " + timing(v.timing()));
        return escaped(out);
    }

    /** One path: counts, then crashes and time-outs, then the first wrong cases. */
    private static void path(List<String> out, PathVerdict p) {
        Map<CaseResult.Status, Integer> counts = new EnumMap<>(CaseResult.Status.class);
        for (CaseResult c : p.cases()) {
            counts.merge(c.status(), 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder("  " + p.path().id() + ": "
                + (p.correct() ? "correct" : "WRONG") + ", ");
        for (CaseResult.Status s : CaseResult.Status.values()) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0 || s == CaseResult.Status.OK || s == CaseResult.Status.WRONG
                    || s == CaseResult.Status.CRASHED) {
                line.append(n).append(' ').append(name(s)).append(", ");
            }
        }
        line.append("of ").append(p.cases().size()).append(" cases");
        out.add(line.toString());
        for (CaseResult c : p.cases()) {
            if (c.status() == CaseResult.Status.CRASHED
                    || c.status() == CaseResult.Status.TIMED_OUT) {
                out.add("    " + name(c.status()) + ": " + c.conv() + " (" + c.family() + "): "
                        + c.detail());
                frame(c).ifPresent(f -> out.add("      at " + f));
            }
        }
        List<CaseResult> wrong = p.cases().stream()
                .filter(c -> c.status() == CaseResult.Status.WRONG).toList();
        for (CaseResult c : wrong.subList(0, Math.min(WRONG_SHOWN, wrong.size()))) {
            out.add("    wrong: " + c.conv() + " (" + c.family() + "): " + maxError(c));
        }
        if (wrong.size() > WRONG_SHOWN) {
            out.add("    ... " + (wrong.size() - WRONG_SHOWN) + " more wrong");
        }
        p.cases().stream().filter(c -> c.status() == CaseResult.Status.NOT_RUN).findFirst()
                .ifPresent(c -> out.add("    not run: " + c.detail()));
    }

    /** @return the problematic frame of a crash's error report, e.g. {@code C [libdnnl.so+0x12]} */
    private static Optional<String> frame(CaseResult c) {
        List<String> r = c.crashReport() == null ? List.of() : c.crashReport();
        for (int i = 0; i + 1 < r.size(); i++) {
            if (r.get(i).replaceFirst("^#\\s*", "").startsWith("Problematic frame")) {
                return Optional.of(r.get(i + 1).replaceFirst("^#\\s*", ""));
            }
        }
        return Optional.empty();
    }

    /** @return e.g. {@code max error 3.1e-01 (forward)}, {@code NaN/inf (input gradient)} */
    static String maxError(CaseResult c) {
        String[] names = {"forward", "input gradient", "weight gradient"};
        Double[] errors = {c.forward(), c.inputGradient(), c.weightGradient()};
        for (int i = 0; i < errors.length; i++) {
            if (errors[i] == null) {
                return "NaN/inf (" + names[i] + ")";
            }
        }
        int worst = 0;
        for (int i = 1; i < errors.length; i++) {
            if (errors[i] > errors[worst]) {
                worst = i;
            }
        }
        return String.format(Locale.ROOT, "max error %.1e (%s)", errors[worst], names[worst]);
    }

    private static String timing(StepTiming t) {
        if (t == null) {
            return "not measured (only when both paths are correct)";
        }
        return String.format(Locale.ROOT, "standard %.2f ms, channels-last %.2f ms per training "
                + "step (%s, median of %d); %s is faster", t.standardMillis(),
                t.channelsLastMillis(), t.network(), t.steps(), t.faster().id());
    }

    private static String name(CaseResult.Status s) {
        return s == CaseResult.Status.OK ? "right"
                : s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    /** Cache files are read from disk: keep what they hold printable on the terminal. */
    private static List<String> escaped(List<String> lines) {
        return lines.stream().map(Printable::escape).toList();
    }
}
