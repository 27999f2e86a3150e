package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.WeightsInfo;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or broken model directories on the real command line: refused with one line that names
 * model.json and the field (never an engine's allocation error), with control characters escaped.
 */
class HostileModelCliTest {

    @TempDir
    Path tmp;

    private Path init() {
        Path dir = tmp.resolve("m");
        CliRun run = CliRun.of("init", "resnet29_cifar", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }

    private static void edit(Path dir, String from, String to) throws IOException {
        Path json = dir.resolve(ModelDir.CONFIG_FILE);
        String text = Files.readString(json);
        assertTrue(text.contains(from), from);
        Files.writeString(json, text.replace(from, to));
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.oneLineError(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("allocate"), run.err());
    }

    @Test
    void initRefusesAHugeClassifierBeforeAllocating() {
        CliRun run = CliRun.of("init", "resnet29_cifar", "--classes", "2147483647", "--out",
                tmp.resolve("huge").toString());
        assertOneLineError(run, "numClasses: must be in 0..1000000, got 2147483647");
        assertFalse(Files.exists(tmp.resolve("huge").resolve(ModelDir.WEIGHTS_FILE)));
    }

    @Test
    void infoAndForwardNameModelJsonAndTheField() throws IOException {
        Path dir = init();
        Path json = dir.resolve(ModelDir.CONFIG_FILE);
        edit(dir, "\"depth\" : 3", "\"depth\" : 1000000");
        assertOneLineError(CliRun.of("info", dir.toString()),
                json + ": architecture.stages[0].depth: must be in 1..1000, got 1000000");
        edit(dir, "\"depth\" : 1000000", "\"depth\" : 3");
        edit(dir, "\"numClasses\" : 10", "\"numClasses\" : 2147483647");
        Path in = tmp.resolve("x.safetensors");
        Safetensors.write(in, Map.of("input", Tensor.ofFloats(new long[] {1, 3, 32, 32},
                new float[3 * 32 * 32])), Map.of());
        assertOneLineError(CliRun.of("forward", "--model", dir.toString(), "--input",
                in.toString(), "--output", tmp.resolve("y.safetensors").toString()),
                json + ": architecture.numClasses: must be in 0..1000000, got 2147483647");
        edit(dir, "\"numClasses\" : 2147483647", "\"numClasses\" : \"10\"");
        assertOneLineError(CliRun.of("info", dir.toString()),
                json + ": architecture.numClasses: Cannot coerce String value");
    }

    @Test
    void controlCharactersFromModelJsonNeverReachTheTerminal() throws IOException {
        Path dir = init();
        edit(dir, "\"stem\" : \"cifar\"", "\"stem\" : \"\\u001b]0;owned\\u0007\\u202e\"");
        CliRun run = CliRun.of("info", dir.toString());
        assertOneLineError(run, "unknown stem '\\x1b]0;owned\\x07\\u202e'");
        assertFalse(run.err().chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e));

        edit(dir, "\"stem\" : \"\\u001b]0;owned\\u0007\\u202e\"", "\"stem\" : \"cifar\"");
        edit(dir, "\"name\" : \"resnet29_cifar\"", "\"name\" : \"net\\u001b[2J\"");
        CliRun info = CliRun.of("info", dir.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().startsWith("net\\x1b[2J ("), info.out());
        assertFalse(info.out().chars().anyMatch(c -> c == 0x1b), info.out());
    }

    @Test
    void nonFiniteWeightsNeedTheFlag() throws IOException {
        Path dir = init();
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        Map<String, Tensor> tensors = new LinkedHashMap<>(Safetensors.read(weights).tensors());
        float[] w = tensors.get("layer1.0.conv1.weight").toFloats();
        w[3] = Float.NaN;
        tensors.put("layer1.0.conv1.weight",
                Tensor.ofFloats(tensors.get("layer1.0.conv1.weight").shape(), w));
        Safetensors.write(weights, tensors, Map.of());
        ModelConfig config = ModelDir.readConfig(dir);
        byte[] json = (SpecJson.write(config.withWeights(new WeightsInfo(ModelDir.WEIGHTS_FILE,
                "safetensors", Files.size(weights), ModelDir.sha256(weights)))) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(ModelDir.CONFIG_FILE), json);

        Path out = tmp.resolve("out.safetensors");
        assertOneLineError(CliRun.of("convert", "--model", dir.toString(), "--to", "safetensors", "--out",
                out.toString()), weights + ": tensor layer1.0.conv1.weight holds NaN or infinity");
        assertFalse(Files.exists(out));
        CliRun allowed = CliRun.of("convert", "--model", dir.toString(), "--to", "safetensors", "--out",
                out.toString(), "--allow-non-finite");
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(Float.isNaN(
                Safetensors.read(out).tensors().get("layer1.0.conv1.weight").toFloats()[3]));
    }

    @Test
    void aWeightsPathThatIsADirectorySaysSo() throws IOException {
        Path dir = init();
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        Files.delete(weights);
        Files.createDirectory(weights);
        assertOneLineError(CliRun.of("convert", "--model", dir.toString(), "--to", "safetensors", "--out",
                tmp.resolve("o.safetensors").toString()), weights + ": is a directory, not a file");
    }
}
