package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.CaseResult;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.EnginePathChoice;
import dev.hsresnet.core.engine.EnginePathKey;
import dev.hsresnet.core.engine.EnginePathVerdict;
import dev.hsresnet.core.engine.PathVerdict;
import dev.hsresnet.core.engine.StepTiming;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ConvPathReport} on hand-written choices (what the CLI tests cannot make happen here). */
class ConvPathReportTest {

    private static final EnginePathKey KEY =
            new EnginePathKey("Intel Xeon", "0123456789abcdef", "2.7.1", 2, 1);

    private static PathVerdict allRight(ConvPath p) {
        return new PathVerdict(p, List.of(
                new CaseResult("a", "f", CaseResult.Status.OK, 0.0, 0.0, 0.0, null, null),
                new CaseResult("b", "f", CaseResult.Status.OK, 0.0, 0.0, 0.0, null, null)));
    }

    @Test
    void bothPathsRightShowsTheStepTimesAndTheFasterPath() {
        StepTiming t = new StepTiming("hs_resnet29_cifar batch 8 at 32x32", 8, 41.5, 55.25);
        EnginePathVerdict v = new EnginePathVerdict(KEY, "2026-12-02T13:00:00Z", 30.0,
                List.of(allRight(ConvPath.STANDARD), allRight(ConvPath.CHANNELS_LAST)), t,
                ConvPath.STANDARD, "both paths are correct; standard is faster", null);
        EnginePathChoice c = new EnginePathChoice(ConvPath.STANDARD,
                EnginePathChoice.Source.MEASURED, "self-test run now (30.0 s), cached in /c/f.json: "
                + v.why(), v, Path.of("/c/f.json"));
        assertEquals(List.of("convolution path: standard",
                "  chosen: self-test run now (30.0 s), cached in /c/f.json: both paths are "
                        + "correct; standard is faster",
                "  self-test, measured 2026-12-02T13:00:00Z in 30.0 s:",
                "  standard: correct, 2 right, 0 wrong, 0 crashed, of 2 cases",
                "  channels-last: correct, 2 right, 0 wrong, 0 crashed, of 2 cases",
                "  step timing: standard 41.50 ms, channels-last 55.25 ms per training step "
                        + "(hs_resnet29_cifar batch 8 at 32x32, median of 8); standard is faster"),
                ConvPathReport.lines(c, null, Path.of("/c")));
    }

    @Test
    void aForcedPathShowsTheCachedResultAsNotUsed() {
        PathVerdict cut = new PathVerdict(ConvPath.STANDARD, List.of(
                new CaseResult("a", "f", CaseResult.Status.TIMED_OUT, null, null, null,
                        "the child JVM ran out of time", null),
                new CaseResult("b", "f", CaseResult.Status.NOT_RUN, null, null, null,
                        "the self-test's 600 s ran out", null)));
        EnginePathVerdict v = new EnginePathVerdict(KEY, "2026-12-02T13:00:00Z", 600.0,
                List.of(cut, allRight(ConvPath.CHANNELS_LAST)), null, ConvPath.CHANNELS_LAST, "x",
                "the self-test's 600 s ran out");
        EnginePathChoice c = new EnginePathChoice(ConvPath.STANDARD,
                EnginePathChoice.Source.FORCED,
                "forced by system property hsresnet.conv.path=standard", null, null);
        List<String> lines = ConvPathReport.lines(c, v, Path.of("/c"));
        assertEquals("  self-test result cached for this machine (not used: the path is forced), "
                + "measured 2026-12-02T13:00:00Z in 600.0 s:", lines.get(2));
        assertEquals("  standard: WRONG, 0 right, 0 wrong, 0 crashed, 1 timed out, 1 not run, "
                + "of 2 cases", lines.get(3));
        assertEquals("    timed out: a (f): the child JVM ran out of time", lines.get(4));
        assertEquals("    not run: the self-test's 600 s ran out", lines.get(5));
        assertTrue(lines.get(1).contains("hsresnet.conv.path=standard"), lines.get(1));
    }
}
