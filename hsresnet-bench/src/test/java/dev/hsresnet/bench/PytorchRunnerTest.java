package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PytorchRunnerTest {

    @TempDir
    Path tmp;

    /** @return the runner, if Debian's Python with torch and the script are here */
    static PytorchRunner available() throws Exception {
        Path script = ReferenceScript.locate().orElse(null);
        assumeTrue(script != null, "no " + ReferenceScript.RELATIVE);
        assumeTrue(Files.isExecutable(PytorchRunner.DEFAULT_PYTHON), "no /usr/bin/python3");
        Process p = new ProcessBuilder(PytorchRunner.DEFAULT_PYTHON.toString(), "-c",
                "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "python3-torch is not installed");
        return new PytorchRunner(PytorchRunner.DEFAULT_PYTHON, script, 1);
    }

    @Test
    void theChildProcessTimesATinyCaseAndPrintsParseableJson() throws Exception {
        PytorchRunner runner = available();
        PytorchRunner.Output out = runner.run("resnet29_cifar", Mode.INFERENCE, List.of(1, 2),
                32, 10, TimingPolicy.steps(0, 2));
        assertTrue(out.torchVersion().startsWith("1."), out.torchVersion());
        assertEquals(1, out.threads());
        assertEquals(List.of(1, 2), out.results().stream().map(PytorchRunner.Result::batch)
                .toList());
        for (PytorchRunner.Result r : out.results()) {
            assertEquals("resnet29_cifar", r.model());
            assertEquals(Mode.INFERENCE, r.mode());
            assertEquals(32, r.size());
            assertEquals(2, r.timesMs().length);
            assertTrue(r.timesMs()[0] > 0);
        }
    }

    @Test
    void aFailingChildIsAnErrorWithTheEndOfItsStderr() throws Exception {
        PytorchRunner runner = available();
        IOException e = assertThrows(IOException.class, () -> runner.run("no_such_model",
                Mode.TRAIN, List.of(1), 32, 10, TimingPolicy.steps(0, 1)));
        assertTrue(e.getMessage().contains("exit 1") && e.getMessage().contains("unknown model"),
                e.getMessage());
    }

    @Test
    void theCommandCarriesThreadsTimingAndBatches() {
        PytorchRunner r = new PytorchRunner(Path.of("/usr/bin/python3"), Path.of("b.py"), 2);
        List<String> cmd = r.command("hs_resnet50", Mode.INFERENCE, List.of(1, 8), 224, 1000,
                new TimingPolicy(2, 3.0, 10, 2.0));
        assertEquals(List.of("/usr/bin/python3", "b.py", "hs_resnet50", "--json", "--threads",
                "2", "--size", "224", "--classes", "1000", "--warmup", "2", "--warmup-seconds",
                "3.0", "--repeats", "10", "--min-seconds", "2.0", "--batch", "1", "8",
                "--inference"), cmd);
        assertTrue(!r.command("m", Mode.TRAIN, List.of(8), 32, 10, TimingPolicy.steps(0, 1))
                .contains("--inference"));
        assertThrows(IllegalArgumentException.class,
                () -> new PytorchRunner(Path.of("p"), Path.of("s"), 0));
    }

    @Test
    void parsesTheJsonDocumentAndRejectsAnythingElse() throws IOException {
        PytorchRunner.Output out = PytorchRunner.parse("{\"torch\": \"1.13.1\", \"threads\": 2, "
                + "\"mode\": \"train\", \"results\": [{\"model\": \"resnet50d\", \"mode\": "
                + "\"train\", \"batch\": 8, \"size\": 224, \"times_ms\": [1.5, 2.5]}]}\n", "cmd");
        assertEquals("1.13.1", out.torchVersion());
        PytorchRunner.Result r = out.results().get(0);
        assertEquals(Mode.TRAIN, r.mode());
        assertEquals(2.5, r.timesMs()[1]);
        IOException notJson = assertThrows(IOException.class,
                () -> PytorchRunner.parse("Traceback (most recent call last):", "cmd"));
        assertTrue(notJson.getMessage().contains("Traceback"), notJson.getMessage());
        assertThrows(IOException.class, () -> PytorchRunner.parse("{\"torch\": \"1\"}", "cmd"));
        assertThrows(IOException.class, () -> PytorchRunner.parse("{\"torch\": \"1\", "
                + "\"results\": [{\"model\": \"m\", \"batch\": 1, \"times_ms\": []}]}", "cmd"));
    }
}
