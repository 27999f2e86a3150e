package dev.hsresnet.core.engine;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The child JVM of {@link EnginePathSelfTest}; not for direct use. Its process-wide path is forced
 * to channels-last ({@link ConvPathSetting}, so it never starts a self-test itself); each check
 * chooses its path with {@link ConvPaths#using}. It writes one protocol line before and one after
 * every check, flushed at once, so that the parent knows which case a native crash happened in:
 *
 * <pre>
 * check FROM [SKIP]   cases FROM.. of {@link SelfTestCases#all}, channels-last then standard each,
 *                     each {@link EnginePathSelfTest#REPEATS} times (the worst errors reported);
 *                     SKIP: comma-separated path ids not to run again in case FROM
 *   &#64;start I PATH
 *   &#64;result I PATH FORWARD INPUT_GRADIENT WEIGHT_GRADIENT   (relative errors)
 *   &#64;done
 * time WARMUP STEPS   training steps of {@link StepTimer}
 *   &#64;step PATH MILLIS
 *   &#64;done
 * </pre>
 */
public final class EnginePathSelfTestChild {

    private static final List<ConvPath> ORDER = List.of(ConvPath.CHANNELS_LAST, ConvPath.STANDARD);

    private EnginePathSelfTestChild() {}

    /** @param args {@code check FROM [SKIP]} or {@code time WARMUP STEPS} */
    public static void main(String[] args) {
        PrintStream out = System.out;
        switch (args.length > 0 ? args[0] : "") {
            case "check" -> check(out, Integer.parseInt(args[1]),
                    args.length > 2 ? paths(args[2]) : EnumSet.noneOf(ConvPath.class));
            case "time" -> StepTimer.measure(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    (path, ms) -> line(out, "@step " + path.id() + " " + ms));
            default -> {
                System.err.println("usage: EnginePathSelfTestChild check FROM [SKIP] | time "
                        + "WARMUP STEPS");
                System.exit(2);
            }
        }
        line(out, "@done");
        System.exit(0);
    }

    private static void check(PrintStream out, int from, Set<ConvPath> skip) {
        List<SelfTestCase> cases = SelfTestCases.all();
        for (int i = from; i < cases.size(); i++) {
            SelfTestCase c = cases.get(i);
            ConvCheck.Problem p = new ConvCheck.Problem(c.batch(), c.in(), c.out(), c.kernel(),
                    c.stride(), c.dilation(), c.size());
            for (ConvPath path : ORDER) {
                if (i == from && skip.contains(path)) {
                    continue;
                }
                line(out, "@start " + i + " " + path.id());
                ConvCheck.Errors e = ConvCheck.errors(p, path, c.channelsLastInput());
                for (int r = 1; r < EnginePathSelfTest.REPEATS; r++) {
                    e = worst(e, ConvCheck.errors(p, path, c.channelsLastInput()));
                }
                line(out, "@result " + i + " " + path.id() + " " + e.forward() + " "
                        + e.inputGradient() + " " + e.weightGradient());
            }
        }
    }

    /** @return the larger error of each kind */
    private static ConvCheck.Errors worst(ConvCheck.Errors a, ConvCheck.Errors b) {
        return new ConvCheck.Errors(Math.max(a.forward(), b.forward()),
                Math.max(a.inputGradient(), b.inputGradient()),
                Math.max(a.weightGradient(), b.weightGradient()));
    }

    private static Set<ConvPath> paths(String ids) {
        Set<ConvPath> s = EnumSet.noneOf(ConvPath.class);
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                s.add(ConvPath.byId(id));
            }
        }
        return s;
    }

    private static void line(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
