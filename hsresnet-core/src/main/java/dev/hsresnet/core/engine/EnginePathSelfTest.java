package dev.hsresnet.core.engine;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds which convolution paths are correct on this machine, and the faster of the correct ones:
 * every {@link SelfTestCases#all} case on both paths against {@link ReferenceConv} (forward, input
 * gradient, weight gradient), then, when both are correct, training steps of {@link StepTimer}.
 *
 * <p>Everything runs in child JVMs ({@link EnginePathSelfTestChild}) with this JVM's engine
 * settings, so that a native crash (oneDNN's SIGFPE) is a result: the child announces each case
 * before running it, and when it dies the case it was in is recorded as crashed and a new child
 * goes on with the next one; the first lines of the crashed JVM's error report are kept with the
 * case and the report file is deleted ({@link CrashReport}). The whole self-test has {@link
 * #BUDGET_SECONDS}; what is left when that runs out is recorded as not run (and the path as not
 * correct). A self-test cut short (its time ran out, a child ran out of time, a child failed
 * before its first case) says so in {@link EnginePathVerdict#cutShort} and is not cached; an
 * interrupted one throws.
 */
public final class EnginePathSelfTest {

    /**
     * The self-test's version: part of the cache key, raised when the cases or checks change.
     * 2: crash reports in the verdict, cut-short self-tests not cached. 3: the timing step at
     * batch 64 (was 8). 4: the channels-last timing step with RowBatchNorm (on by default since).
     * 5: dilated 3x3 cases (dilated backbones for dense tasks).
     */
    public static final int VERSION = 5;
    /**
     * Runs of each case on each path (against one reference), each with a new convolution and
     * arrays: oneDNN's wrong results differ from run to run on the AMD build machines, and some
     * shapes are wrong in some runs only, so a case is right only when every run is (the child
     * reports the largest error of each kind).
     */
    static final int REPEATS = 2;
    /** Time for the whole self-test. */
    static final long BUDGET_SECONDS = 600;
    /** Child JVMs started for the checks at most (each crash costs one). */
    static final int MAX_CHILDREN = 12;
    static final int TIMING_WARMUP = 2;
    static final int TIMING_STEPS = 5;

    private EnginePathSelfTest() {}

    /**
     * Runs the self-test (in child JVMs; about a minute on 2 cores).
     *
     * @param key this machine's key, recorded in the verdict; its thread count is the children's
     * @return the findings and the choice
     * @throws IOException when no child JVM can be started, or when interrupted while waiting for
     *     one (the thread's interrupt flag is then set again)
     */
    public static EnginePathVerdict run(EnginePathKey key) throws IOException {
        long t0 = System.nanoTime();
        long deadline = t0 + BUDGET_SECONDS * 1_000_000_000L;
        List<SelfTestCase> cases = SelfTestCases.all();
        Map<ConvPath, CaseResult[]> results = new EnumMap<>(ConvPath.class);
        for (ConvPath p : ConvPath.values()) {
            results.put(p, new CaseResult[cases.size()]);
        }
        int from = 0;
        Set<ConvPath> skip = EnumSet.noneOf(ConvPath.class);
        String stopped = null;
        String cutShort = null;
        for (int child = 0; from < cases.size(); child++) {
            if (child == MAX_CHILDREN || System.nanoTime() > deadline) {
                stopped = child == MAX_CHILDREN ? MAX_CHILDREN + " child JVMs crashed"
                        : "the self-test's " + BUDGET_SECONDS + " s ran out";
                if (child != MAX_CHILDREN) {
                    cutShort = stopped;
                }
                break;
            }
            List<String> args = new ArrayList<>(List.of("check", String.valueOf(from)));
            if (!skip.isEmpty()) {
                args.add(skip.stream().map(ConvPath::id).collect(Collectors.joining(",")));
            }
            ChildProcess.Outcome o = ChildProcess.run(command(key, args), remainingMillis(deadline));
            Started last = record(o.lines(), cases, results);
            if (o.lines().contains("@done") && o.exitCode() == 0) {
                break;
            }
            if (last == null) {
                stopped = "the self-test's child JVM failed before its first case: "
                        + o.describe() + "\n" + o.tail();
                cutShort = o.timedOut() ? "a child JVM ran out of time"
                        : "a child JVM failed before its first case (" + o.describe() + ")";
                break;
            }
            CaseResult.Status status = o.timedOut() ? CaseResult.Status.TIMED_OUT
                    : CaseResult.Status.CRASHED;
            if (o.timedOut()) {
                cutShort = "a child JVM ran out of time in case " + last.index() + " ("
                        + cases.get(last.index()).label() + ", " + last.path().id() + ")";
            }
            results.get(last.path())[last.index()] = CaseResult.crashed(cases.get(last.index()),
                    status, o.describe(), o.timedOut() ? null : CrashReport.take(o));
            from = last.index();
            skip = EnumSet.noneOf(ConvPath.class);
            for (ConvPath p : ConvPath.values()) {
                if (results.get(p)[from] != null) {
                    skip.add(p);
                }
            }
            if (skip.size() == ConvPath.values().length) {
                from++;
                skip.clear();
            }
        }
        List<PathVerdict> verdicts = new ArrayList<>();
        for (ConvPath p : ConvPath.values()) {
            CaseResult[] r = results.get(p);
            for (int i = 0; i < r.length; i++) {
                if (r[i] == null) {
                    r[i] = CaseResult.failed(cases.get(i), CaseResult.Status.NOT_RUN, stopped);
                }
            }
            verdicts.add(new PathVerdict(p, List.of(r)));
        }
        PathVerdict standard = verdicts.get(ConvPath.STANDARD.ordinal());
        PathVerdict channelsLast = verdicts.get(ConvPath.CHANNELS_LAST.ordinal());
        StepTiming timing = null;
        if (standard.correct() && channelsLast.correct()) {
            ChildProcess.Outcome o = ChildProcess.run(command(key, List.of("time",
                    String.valueOf(TIMING_WARMUP), String.valueOf(TIMING_STEPS))),
                    remainingMillis(deadline));
            timing = timing(o);
            if (o.timedOut()) {
                cutShort = "the timing child JVM ran out of time";
            } else if (o.signal() != null) {
                CrashReport.take(o);
            }
        }
        EnginePathVerdict.Choice choice =
                EnginePathVerdict.choose(standard, channelsLast, timing);
        double seconds = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
        return new EnginePathVerdict(key, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                seconds, List.copyOf(verdicts), timing, choice.path(), choice.why(), cutShort);
    }

    /** A case a child announced. */
    private record Started(int index, ConvPath path) {}

    /**
     * Records every {@code @result} line in {@code results}.
     *
     * @return the last {@code @start} without its {@code @result}, or null
     */
    private static Started record(
            List<String> lines, List<SelfTestCase> cases, Map<ConvPath, CaseResult[]> results) {
        Started open = null;
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (f[0].equals("@start") && f.length == 3) {
                open = new Started(Integer.parseInt(f[1]), ConvPath.byId(f[2]));
            } else if (f[0].equals("@result") && f.length == 6) {
                int i = Integer.parseInt(f[1]);
                ConvPath p = ConvPath.byId(f[2]);
                results.get(p)[i] = CaseResult.measured(cases.get(i), new ConvCheck.Errors(
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5])));
                open = null;
            }
        }
        return open;
    }

    /** @return median step times of the timing child, or null when it failed */
    private static StepTiming timing(ChildProcess.Outcome o) {
        Map<ConvPath, List<Double>> ms = new EnumMap<>(ConvPath.class);
        for (String line : o.lines()) {
            String[] f = line.trim().split(" ");
            if (f[0].equals("@step") && f.length == 3) {
                ms.computeIfAbsent(ConvPath.byId(f[1]), k -> new ArrayList<>())
                        .add(Double.parseDouble(f[2]));
            }
        }
        if (o.exitCode() != 0 || ms.size() != ConvPath.values().length) {
            return null;
        }
        return new StepTiming(StepTimer.description(), TIMING_STEPS,
                median(ms.get(ConvPath.STANDARD)), median(ms.get(ConvPath.CHANNELS_LAST)));
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double m = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return Math.round(m * 100) / 100.0;
    }

    private static List<String> command(EnginePathKey key, List<String> args) {
        return JvmCommand.of(EnginePathSelfTestChild.class, Map.of(
                ConvPathSetting.PROPERTY, ConvPath.CHANNELS_LAST.id(),
                "ai.djl.pytorch.num_threads", String.valueOf(key.threads())), args);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
}
