package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsresnet.core.engine.CaseResult;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.EnginePathCache;
import dev.hsresnet.core.engine.EnginePathKey;
import dev.hsresnet.core.engine.EnginePathSelfTest;
import dev.hsresnet.core.engine.EnginePathVerdict;
import dev.hsresnet.core.engine.PathVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real self-test, in its child JVMs, on this machine: no stand-ins for any result. The
 * channels-last path must be correct on every machine the project has met. The AMD build
 * machines (an AMD EPYC whose hypervisor hides the CPU caches, docs/engine.md) must in addition
 * show the standard path's known failures and so choose channels-last (the verdict is left in
 * {@code target/engine-path-verdict.json}); elsewhere (e.g. the Intel
 * Xeon of issue 11, where the standard path was found correct) those assertions are skipped.
 */
class EnginePathSelfTestTest {

    private static EnginePathVerdict verdict;

    @BeforeAll
    static void runSelfTest() throws Exception {
        verdict = EnginePathSelfTest.run(EnginePathKey.ofThisProcess());
        Files.writeString(Path.of("target", "engine-path-verdict.json"),
                EnginePathCache.json(verdict));
        System.out.println("engine-path self-test: " + verdict.seconds() + " s, choice "
                + verdict.choice().id() + ": " + verdict.why());
    }

    private static boolean amdBuildMachine() throws Exception {
        return verdict.key().cpuModel().startsWith("AMD EPYC")
                && !Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cache"));
    }

    @Test
    void everyCaseOfEveryPathHasAResultAndTheChoiceFollowsThem() {
        for (PathVerdict p : verdict.paths()) {
            assertFalse(p.cases().isEmpty(), p.path().id());
            assertTrue(p.cases().stream().noneMatch(c -> c.status() == CaseResult.Status.NOT_RUN),
                    p.path().id() + ": " + p.summary());
        }
        assertNull(verdict.cutShort(), "ran to its end, so it may be cached");
        assertTrue(verdict.path(ConvPath.CHANNELS_LAST).correct(),
                () -> "channels-last: " + verdict.path(ConvPath.CHANNELS_LAST).failures());
        ConvPath expected = verdict.path(ConvPath.STANDARD).correct()
                ? verdict.timing().faster() : ConvPath.CHANNELS_LAST;
        assertEquals(expected, verdict.choice(), verdict.why());
    }

    @Test
    void onTheAmdBuildMachinesTheStandardPathShowsTheKnownFailures() throws Exception {
        assumeTrue(amdBuildMachine(), "not the AMD build machine: " + verdict.key().cpuModel());
        PathVerdict standard = verdict.path(ConvPath.STANDARD);
        assertFalse(standard.correct());
        assertEquals(ConvPath.CHANNELS_LAST, verdict.choice());
        assertNull(verdict.timing(), "no timing when the standard path is wrong");
        CaseResult forward = find(standard.cases(), "24->36 3x3/1 batch 2 at 9x9");
        assertEquals(CaseResult.Status.WRONG, forward.status());
        assertTrue(forward.forward() == null || forward.forward() > 1e-3, forward.toString());
        // the input-gradient families are wrong in some runs only (docs/engine.md): the
        // verdict file lists what this run found; these two are wrong in every run
        List<String> families = standard.failingFamilies();
        for (String family : List.of(
                "3x3 with input channels > 16, not a multiple of 16 (forward)",
                "1x1 stride 2 backward with >= 512 channels (SIGFPE)")) {
            assertTrue(families.contains(family), family + " not among " + families);
        }
        CaseResult sigfpe = find(standard.cases(), "512->1024 1x1/2 batch 2 at 14x14");
        assertEquals(CaseResult.Status.CRASHED, sigfpe.status(), sigfpe.toString());
        assertTrue(sigfpe.crashReport() != null && sigfpe.crashReport().stream()
                .anyMatch(l -> l.contains("SIGFPE")), "the report's head is kept: " + sigfpe);
        assertTrue(families.stream().anyMatch(f -> f.startsWith("network shape of hs_resnet50")),
                () -> "no hs_resnet50 shape among " + families);

    }

    private static CaseResult find(List<CaseResult> cases, String conv) {
        return cases.stream().filter(c -> c.conv().equals(conv)).findFirst()
                .orElseThrow(() -> new AssertionError("no case " + conv));
    }
}
