package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.CaseResult;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.EnginePathCache;
import dev.hsresnet.core.engine.EnginePathKey;
import dev.hsresnet.core.engine.EnginePathVerdict;
import dev.hsresnet.core.engine.PathVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hsresnet doctor}'s convolution path, each run in a JVM of its own (a process chooses its
 * path once): forced by the environment, and read from a cache file in a temporary cache
 * directory. Neither runs the self-test.
 */
class DoctorCliTest {

    @TempDir
    Path cacheDir;

    @Test
    void aForcedPathIsShownWithItsVariableAndNoSelfTest() throws Exception {
        CliRun r = MainJvm.run(Map.of("HSRESNET_CONV_PATH", "channels-last"),
                Map.of("hsresnet.cache.dir", cacheDir.toString()), "doctor");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("convolution path: channels-last"), r.out());
        assertTrue(lines.contains("  chosen: forced by environment variable "
                + "HSRESNET_CONV_PATH=channels-last"), r.out());
        assertTrue(lines.contains("  self-test: not run (the path is forced); no result cached "
                + "for this machine in " + cacheDir), r.out());
        assertTrue(lines.stream().filter(l -> l.startsWith("hsresnet ")).allMatch(
                l -> l.startsWith("hsresnet (channels-last) ") && l.endsWith("ok")), r.out());
    }

    @Test
    void aCachedVerdictIsShownWithItsFileAndFindings() throws Exception {
        // the child's key: same CPU, libtorch and (passed on) thread count as this JVM's
        EnginePathKey key = EnginePathKey.ofThisProcess();
        Path file = new EnginePathCache(cacheDir).write(verdict(key));
        CliRun r = MainJvm.run(Map.of("HSRESNET_CONV_PATH", ""),
                Map.of("hsresnet.cache.dir", cacheDir.toString()), "doctor");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf("convolution path: channels-last");
        assertTrue(at >= 0, r.out());
        assertEquals(List.of(
                "  chosen: self-test result from " + file + " (measured 2026-12-02T13:00:00Z): "
                        + "the standard path is wrong here (WRONG: 4 ok, 5 wrong, 1 crashed)",
                "  self-test, measured 2026-12-02T13:00:00Z in 12.4 s:",
                "  standard: WRONG, 4 right, 5 wrong, 1 crashed, of 10 cases",
                "    crashed: 512->1024 1x1/2 batch 2 at 14x14 (SIGFPE family): "
                        + "the JVM died of SIGFPE (exit status 134)",
                "      at C  [libtorch_cpu.so+0x1234]  brg_blocking_t::est_eff_1x1()+0x56",
                "    wrong: case 0 (family 0): max error 2.0e-01 (forward)",
                "    wrong: case 1 (family 1): NaN/inf (input gradient)",
                "    wrong: case 2 (family 0): max error 3.0e-01 (weight gradient)",
                "    ... 2 more wrong",
                "  channels-last: correct, 10 right, 0 wrong, 0 crashed, of 10 cases",
                "  step timing: not measured (only when both paths are correct)"),
                lines.subList(at + 1, at + 12));
        assertTrue(lines.stream().filter(l -> l.startsWith("hsresnet ")).allMatch(
                l -> l.startsWith("hsresnet (channels-last) ") && l.endsWith("ok")), r.out());
    }

    /** A verdict whose standard path has a crash (last) and five wrong cases (first). */
    private static EnginePathVerdict verdict(EnginePathKey key) {
        List<CaseResult> standard = new ArrayList<>();
        List<CaseResult> channelsLast = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String conv = "case " + i;
            String family = "family " + (i % 2);
            channelsLast.add(new CaseResult(conv, family, CaseResult.Status.OK, 1e-7, 1e-7, 1e-7,
                    null, null));
            standard.add(i >= 5 ? channelsLast.get(i) : new CaseResult(conv, family,
                    CaseResult.Status.WRONG, i == 0 ? 0.2 : 1e-7, i == 1 ? null : 1e-7,
                    i == 2 ? 0.3 : 1e-7, null, null));
        }
        String sigfpe = "512->1024 1x1/2 batch 2 at 14x14";
        standard.add(new CaseResult(sigfpe, "SIGFPE family", CaseResult.Status.CRASHED, null, null,
                null, "the JVM died of SIGFPE (exit status 134)", List.of(
                        "A fatal error has been detected by the Java Runtime Environment:",
                        "SIGFPE (0x8) at pc=0x00007f0000001234, pid=1234, tid=1240",
                        "Problematic frame:",
                        "C  [libtorch_cpu.so+0x1234]  brg_blocking_t::est_eff_1x1()+0x56")));
        channelsLast.add(new CaseResult(sigfpe, "SIGFPE family", CaseResult.Status.OK, 1e-7, 1e-7,
                1e-7, null, null));
        PathVerdict s = new PathVerdict(ConvPath.STANDARD, standard);
        return new EnginePathVerdict(key, "2026-12-02T13:00:00Z", 12.4,
                List.of(s, new PathVerdict(ConvPath.CHANNELS_LAST, channelsLast)), null,
                ConvPath.CHANNELS_LAST, "the standard path is wrong here (" + s.summary() + ")",
                null);
    }
}
