package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim that bin/hsresnet preloads to put oneMKL on its Intel code path
 * (tools/native/mkl_intel_path.c) must not change results: the same matrix products and the same
 * training step of an HS network, in one child JVM with the shim and one without, agree to float
 * rounding. The shim is built by the launcher's own function (bin/engine-env.sh).
 */
class MklIntelPathTest {

    private static final Path ROOT = Path.of(System.getProperty("hsresnet.project.dir", ".."));

    @TempDir
    Path tmp;

    @Test
    void intelCodePathGivesTheSameResults() throws Exception {
        Path lib = buildWithTheLaunchersFunction();
        assertEquals(PreloadedLibraries.MKL_INTEL_PATH, lib.getFileName().toString());

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
        // the matrix products and the logits agree to 1e-4 each
        for (int i = 0; i <= MklResultsChild.MATMUL_COUNT; i++) {
            double err = Nets.relativeError(intel.get(i), vendor.get(i));
            assertTrue(err < 1e-4, "result " + i + ": relative difference " + err);
        }
        // the gradients of a training step with batch-4 BatchNorm amplify rounding through 29
        // layers: on an AVX2 AMD EPYC VM (2026-12-02) all of them together differed by 1.05e-3,
        // one small tensor by 5.6e-3, the same in every run; 1e-4 held on the AVX-512 VMs.
        // Compared as one vector; a wrong kernel is off by O(1).
        List<float[]> rest = intel.subList(MklResultsChild.MATMUL_COUNT + 1, intel.size());
        double err = Nets.relativeError(concat(rest),
                concat(vendor.subList(MklResultsChild.MATMUL_COUNT + 1, vendor.size())));
        assertTrue(err < 1e-2, rest.size() + " gradients: relative difference " + err);
    }

    private static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    /** The shim as bin/hsresnet builds it: engine-env.sh's {@code mkl_intel_path} prints its path. */
    private static Path buildWithTheLaunchersFunction() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "root=\"$1\"; source \"$root/bin/engine-env.sh\"; mkl_intel_path", "_",
                ROOT.toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().put("HSRESNET_MKL", "intel");
        pb.environment().remove("LD_PRELOAD");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "building the shim timed out");
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.isEmpty(), "bin/engine-env.sh built no shim: is a C compiler (cc) installed?");
        return Path.of(out);
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
