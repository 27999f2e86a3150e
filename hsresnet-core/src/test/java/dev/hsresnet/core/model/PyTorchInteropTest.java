package dev.hsresnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Java writes, PyTorch reads: a model directory saved by Java loads into the PyTorch reference
 * with {@code load_state_dict(strict=True)} and gives Java's output (1e-4), up to a full-size
 * HS-ResNet-50 at 224x224. Needs Debian's python3-torch (.ci/run installs it); skipped where it is
 * absent.
 */
class PyTorchInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    @BeforeAll
    static void torchIsInstalled() throws Exception {
        boolean ok = Files.isExecutable(PYTHON)
                && run(List.of(PYTHON.toString(), "-c", "import torch")).exitCode == 0;
        assumeTrue(ok, "python3-torch is not installed (apt-get install python3-torch)");
    }

    /** Residual branches active (no zero-init), so every HS convolution shapes the output. */
    @ParameterizedTest(name = "{0} at {1}x{1}")
    @CsvSource({"hs_resnet29_cifar, 32", "resnet29_cifar, 32", "hs_resnet50_8w_8s, 64",
        "hs_resnet50, 224"})
    void pytorchLoadsJavaWeightsStrictlyAndAgrees(String name, int size) throws Exception {
        ModelConfig registry = ModelConfig.of(name, 10, 3);
        ModelConfig config = new ModelConfig(registry.format(), registry.formatVersion(), name,
                registry.architecture().toBuilder().zeroInitLastBn(false).build(),
                registry.preprocessing().withSize(size), null, null);
        Path dir = tmp.resolve(name);
        Path io = tmp.resolve(name + "-io.safetensors");
        try (ResNetModel model = ResNetModel.create(config, 5);
                NDManager m = model.manager().newSubManager()) {
            ModelDir.save(model, dir);
            NDArray x = Nets.randomInput(m, new Shape(2, 3, size, size), 6);
            NDArray y = model.forward(x, false).singletonOrThrow();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("input", Tensor.ofFloats(x.getShape().getShape(), x.toFloatArray()));
            tensors.put("output_eval", Tensor.ofFloats(y.getShape().getShape(), y.toFloatArray()));
            Safetensors.write(io, tensors, Map.of());
        }
        Path spec = tmp.resolve(name + "-spec.json");
        ResNetSpec arch = ModelDir.readConfig(dir).architecture();
        Files.writeString(spec, SpecJson.toJson(arch), StandardCharsets.UTF_8);
        Result r = run(List.of(PYTHON.toString(), script().toString(), spec.toString(),
                dir.resolve(ModelDir.WEIGHTS_FILE).toString(), "--input", io.toString(),
                "--expect-key", "output_eval", "--tol", "1e-4"));
        assertEquals(0, r.exitCode, r.output);
    }

    private static Path script() {
        Path root = Path.of(System.getProperty("hsresnet.project.dir", ".."));
        return root.resolve("tools/reference/check_state_dict.py").toAbsolutePath();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
