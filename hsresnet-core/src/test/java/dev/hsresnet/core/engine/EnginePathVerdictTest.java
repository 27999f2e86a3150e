package dev.hsresnet.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EnginePathVerdict#choose}: the correct path, the faster of two correct ones. */
class EnginePathVerdictTest {

    private static final PathVerdict STANDARD_OK = Verdicts.path(ConvPath.STANDARD, 3, 0);
    private static final PathVerdict STANDARD_WRONG = Verdicts.path(ConvPath.STANDARD, 3, 2);
    private static final PathVerdict LAST_OK = Verdicts.path(ConvPath.CHANNELS_LAST, 3, 0);
    private static final PathVerdict LAST_WRONG = Verdicts.path(ConvPath.CHANNELS_LAST, 3, 1);

    @Test
    void bothCorrectTheFasterWins() {
        StepTiming standardFaster = new StepTiming("net", 8, 40.0, 55.0);
        StepTiming lastFaster = new StepTiming("net", 8, 70.0, 55.0);
        assertEquals(ConvPath.STANDARD,
                EnginePathVerdict.choose(STANDARD_OK, LAST_OK, standardFaster).path());
        EnginePathVerdict.Choice c = EnginePathVerdict.choose(STANDARD_OK, LAST_OK, lastFaster);
        assertEquals(ConvPath.CHANNELS_LAST, c.path());
        assertTrue(c.why().contains("70.0 ms standard, 55.0 ms channels-last"), c.why());
    }

    @Test
    void onlyTheCorrectPathIsChosen() {
        assertEquals(ConvPath.CHANNELS_LAST,
                EnginePathVerdict.choose(STANDARD_WRONG, LAST_OK, null).path());
        assertEquals(ConvPath.STANDARD,
                EnginePathVerdict.choose(STANDARD_OK, LAST_WRONG, null).path());
    }

    @Test
    void withNeitherCorrectOrNoTimingChannelsLastIsKept() {
        assertEquals(ConvPath.CHANNELS_LAST,
                EnginePathVerdict.choose(STANDARD_WRONG, LAST_WRONG, null).path());
        assertEquals(ConvPath.CHANNELS_LAST,
                EnginePathVerdict.choose(STANDARD_OK, LAST_OK, null).path());
    }

    @Test
    void aPathWithACrashOrNoCasesIsNotCorrect() {
        PathVerdict crashed = new PathVerdict(ConvPath.STANDARD, List.of(
                STANDARD_OK.cases().get(0), new CaseResult("512->1024 1x1/2", "sigfpe",
                        CaseResult.Status.CRASHED, null, null, null, "the JVM died of SIGFPE", null)));
        assertFalse(crashed.correct());
        assertEquals("WRONG: 1 ok, 1 crashed", crashed.summary());
        assertEquals(List.of("sigfpe"), crashed.failingFamilies());
        assertFalse(new PathVerdict(ConvPath.STANDARD, List.of()).correct());
    }
}
