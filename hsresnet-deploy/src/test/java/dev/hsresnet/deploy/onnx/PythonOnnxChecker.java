package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ONNX's own checker ({@code onnx.checker.check_model(..., full_check=True)}: structure, operator
 * schemas and shape inference) from Debian's python3-onnx, run as a child process. Where it is not
 * installed the calling test is skipped, unless {@code HSRESNET_REQUIRE_ONNX_CHECKER=1} (set by
 * CI), which makes its absence a failure.
 */
final class PythonOnnxChecker {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String CHECK = "import onnx,sys\n"
            + "for f in sys.argv[1:]:\n"
            + "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
            + "    print('ok', f)\n";
    private static Boolean available;

    private PythonOnnxChecker() {}

    /** Skips (or, when CI requires the checker, fails) the test if python3-onnx is missing. */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = Files.isExecutable(PYTHON)
                    && run(List.of(PYTHON.toString(), "-c", "import onnx")).exitCode == 0;
        }
        if (!available) {
            String why = "python3-onnx is not importable by " + PYTHON
                    + " (apt-get install python3-onnx)";
            if ("1".equals(System.getenv("HSRESNET_REQUIRE_ONNX_CHECKER"))) {
                fail(why + ", and HSRESNET_REQUIRE_ONNX_CHECKER=1 requires it");
            }
            assumeTrue(false, why);
        }
    }

    /** Asserts that every file passes the full check. */
    static void check(List<Path> files) {
        assumeAvailable();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", CHECK));
        files.forEach(f -> command.add(f.toString()));
        Result r = run(command);
        assertEquals(0, r.exitCode, "ONNX checker rejected a file:\n" + r.output);
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command.get(0) + "\n" + output);
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
