package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.PreloadedLibraries;
import dev.hsresnet.core.testing.Nets;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim that bin/hsresnet preloads to put oneMKL on its Intel code path
 * (tools/native/mkl_intel_path.c) must not change results: the same matrix products and the same
 * training step of an HS network, in one child JVM with the shim and one without, agree to float
 * rounding. Compiles the shim with the machine's C compiler, as the launcher does.
 */
class MklIntelPathTest {

    private static final Path SOURCE = Path.of(System.getProperty("hsresnet.project.dir", ".."))
            .resolve("tools/native/mkl_intel_path.c");

    @TempDir
    Path tmp;

    @Test
    void intelCodePathGivesTheSameResults() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SOURCE), "no " + SOURCE);
        Path lib = tmp.resolve(PreloadedLibraries.MKL_INTEL_PATH);
        Process cc = new ProcessBuilder("cc", "-O2", "-shared", "-fPIC", "-o", lib.toString(),
                SOURCE.toString()).redirectErrorStream(true).start();
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS), "cc timed out");
        assertEquals(0, cc.exitValue(), new String(cc.getInputStream().readAllBytes()));

        Path withShim = tmp.resolve("intel.bin");
        Path without = tmp.resolve("vendor.bin");
        ChildJvm.Result a = ChildJvm.run(MklResultsChild.class, 300,
                Map.of("LD_PRELOAD", lib.toString()), withShim.toString());
        assertEquals(0, a.exitCode(), a.output());
        assertTrue(a.output().contains("mkl-intel-path mapped: true"), a.output());
        ChildJvm.Result b = ChildJvm.run(MklResultsChild.class, 300, Map.of("LD_PRELOAD", ""),
                without.toString());
        assertEquals(0, b.exitCode(), b.output());
        assertTrue(b.output().contains("mkl-intel-path mapped: false"), b.output());

        List<float[]> intel = read(withShim);
        List<float[]> vendor = read(without);
        assertEquals(vendor.size(), intel.size(), "results written");
        assertTrue(intel.size() > 10, "results written: " + intel.size());
        for (int i = 0; i < intel.size(); i++) {
            double err = Nets.relativeError(intel.get(i), vendor.get(i));
            assertTrue(err < 1e-4, "result " + i + ": relative difference " + err);
        }
    }

    private static List<float[]> read(Path file) throws IOException {
        List<float[]> results = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream data = new DataInputStream(in)) {
            while (true) {
                int n;
                try {
                    n = data.readInt();
                } catch (EOFException end) {
                    return results;
                }
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = data.readFloat();
                }
                results.add(values);
            }
        }
    }
}
