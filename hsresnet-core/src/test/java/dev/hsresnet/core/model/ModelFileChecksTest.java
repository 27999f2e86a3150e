package dev.hsresnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.io.NonFiniteWeightsException;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.WeightsMismatchException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.spec.SpecLimits;
import dev.hsresnet.core.spec.StageSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hostile or broken model directory is refused before anything the size of its network is
 * allocated, with a message naming the file and the field or tensor at fault.
 */
class ModelFileChecksTest {

    private static final String NAME = "hs_resnet29_cifar";

    @TempDir
    Path tmp;

    private Path savedModel() throws IOException {
        Path dir = tmp.resolve("saved");
        try (ResNetModel model = ResNetModel.create(ModelConfig.of(NAME, 10, 3), 1)) {
            ModelDir.save(model, dir);
        }
        return dir;
    }

    private static IOException loadFails(Path dir) {
        return assertThrows(IOException.class, () -> ModelDir.load(dir));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"depth\" : 3|\"depth\" : 1000000|architecture.stages[0].depth: must be in 1..1000, got 1000000",
        "\"planes\" : 16|\"planes\" : 100000|architecture.stages[0].planes: must be in 1..8192, got 100000",
        "\"s\" : 4|\"s\" : 1000|architecture.stages[0].hs.s: must be in 2..64, got 1000",
        "\"w\" : 6|\"w\" : 2147483647|architecture.stages[0].hs.w: must be in 1..8192, got 2147483647",
        "\"expansion\" : 4|\"expansion\" : 4096|architecture.expansion: must be in 1..64, got 4096",
        "\"numClasses\" : 10|\"numClasses\" : 2147483647|architecture.numClasses: must be in 0..1000000, got 2147483647",
        "\"inChannels\" : 3|\"inChannels\" : 100000|architecture.inChannels: must be in 1..1024, got 100000",
        "\"size\" : 32|\"size\" : 100000|preprocessing.size: must be in 1..4096, got 100000",
        "\"size\" : 32|\"size\" : 0|preprocessing.size: must be in 1..4096, got 0",
        "0.4914|1e999|preprocessing.mean[0]: must be a finite number, got Infinity",
        "0.247|-1e999|preprocessing.std[0]: must be a finite number > 0, got -Infinity",
    })
    void everyArchitectureFieldIsBounded(String from, String to, String expected)
            throws IOException {
        Path dir = savedModel();
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);
        assertTrue(good.contains(from), from);
        Files.writeString(json, good.replaceFirst(from, to));
        assertEquals(json + ": " + expected, loadFails(dir).getMessage());
    }

    @Test
    void tooManyParametersAreRefusedFromTheSpecAlone() throws IOException {
        Path dir = savedModel();
        Path json = dir.resolve("model.json");
        // every field in range, but 4 stages of 8192 planes at expansion 8: billions of weights
        String good = Files.readString(json);
        ModelConfig config = ModelDir.readConfig(dir);
        ResNetSpec huge = config.architecture().toBuilder().stem(dev.hsresnet.core.spec.Stem.DEEP)
                .stages(List.of(StageSpec.plain(3, 8192), StageSpec.plain(3, 8192),
                        StageSpec.plain(3, 8192), StageSpec.plain(3, 8192)))
                .expansion(8).build();
        String arch = SpecJson.write(config.architecture());
        Files.writeString(json, good.replace(indent(arch), indent(SpecJson.write(huge))));
        IOException e = loadFails(dir);
        assertTrue(e.getMessage().startsWith(json + ": architecture: the network would have "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("parameters, more than the limit of 1,000,000,000"),
                e.getMessage());
    }

    /** model.json nests the architecture one level deeper than SpecJson writes it alone. */
    private static String indent(String json) {
        return json.replace("\n", "\n  ");
    }

    @Test
    void weightsAreCheckedAgainstTheSpecBeforeTheNetworkIsBuilt() throws IOException {
        Path dir = savedModel();
        Path json = dir.resolve("model.json");
        ModelConfig config = ModelDir.readConfig(dir);
        // a big network (hundreds of millions of parameters, GBs to allocate) whose model.json
        // still carries the small model's weights record: refused from the header alone
        ResNetSpec big = config.architecture().toBuilder()
                .stages(List.of(StageSpec.plain(1, 4096))).expansion(8).build();
        long params = Complexity.of(big, 32).params();
        assertTrue(params > 300_000_000L && params < SpecLimits.MAX_PARAMETERS, "" + params);
        String good = Files.readString(json);
        Files.writeString(json, good.replace(indent(SpecJson.write(config.architecture())),
                indent(SpecJson.write(big))));
        long start = System.nanoTime();
        WeightsMismatchException e =
                assertThrows(WeightsMismatchException.class, () -> ModelDir.load(dir));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10,
                "took as long as allocating the network");
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        assertTrue(e.getMessage().startsWith(weights + " does not fit model '" + NAME + "': "),
                e.getMessage());
        assertTrue(e.problems().contains(
                "conv1.weight has shape [16, 3, 3, 3], expected [4096, 3, 3, 3]"), e.problems()
                        .toString());
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed() throws IOException {
        Path dir = savedModel();
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        Map<String, Tensor> tensors = new LinkedHashMap<>(Safetensors.read(weights).tensors());
        float[] values = tensors.get("layer2.1.conv3.weight").toFloats();
        values[5] = Float.NaN;
        tensors.put("layer2.1.conv3.weight",
                Tensor.ofFloats(tensors.get("layer2.1.conv3.weight").shape(), values));
        float[] bias = tensors.get("fc.bias").toFloats();
        bias[0] = Float.POSITIVE_INFINITY;
        tensors.put("fc.bias", Tensor.ofFloats(new long[] {bias.length}, bias));
        rewriteWeights(dir, tensors);

        NonFiniteWeightsException e =
                assertThrows(NonFiniteWeightsException.class, () -> ModelDir.load(dir));
        assertEquals("fc.bias", e.tensor()); // the file's first tensor: names are sorted
        assertEquals(weights + ": tensor fc.bias holds NaN or infinity (first at "
                + "flat index 0), and 1 more tensors do; such weights are refused unless "
                + "non-finite values are allowed (--allow-non-finite)", e.getMessage());
        try (ResNetModel m = ModelDir.load(dir, LoadOptions.allowingNonFinite())) {
            assertTrue(Float.isNaN(m.stateDict().get("layer2.1.conv3.weight").toFloats()[5]));
        }
    }

    @Test
    void aModelJsonThatIsNotUtf8IsNamed() throws IOException {
        Path dir = savedModel();
        Path json = dir.resolve("model.json");
        byte[] bytes = Files.readString(json).replace("hs_resnet29_cifar", "caf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(json, bytes);
        assertEquals(json + ": not valid UTF-8 text (bad byte at offset "
                + new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00e9') + ")",
                loadFails(dir).getMessage());
    }

    @Test
    void aWeightsPathThatIsADirectoryOrModelJsonThatIsADirectorySaysSo() throws IOException {
        Path dir = savedModel();
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        Files.delete(weights);
        Files.createDirectory(weights);
        assertEquals(weights + ": is a directory, not a file", loadFails(dir).getMessage());
        Path json = dir.resolve(ModelDir.CONFIG_FILE);
        Files.delete(json);
        Files.createDirectory(json);
        assertEquals(json + ": is a directory, not a file", loadFails(dir).getMessage());
    }

    @Test
    void aWeightsPathThatIsAFifoSaysSoWithoutBlocking() throws Exception {
        Path dir = savedModel();
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        Files.delete(weights);
        assumeTrue(mkfifo(weights), "mkfifo is not available");
        assertEquals(weights + ": is a FIFO, socket or device, not a regular file",
                loadFails(dir).getMessage());
        assertEquals(weights + ": is a FIFO, socket or device, not a regular file",
                assertThrows(IOException.class, () -> Safetensors.read(weights)).getMessage());
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void controlCharactersFromTheFileAreEscapedInMessages() throws IOException {
        Path dir = savedModel();
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);
        Files.writeString(json, good.replace("\"stem\" : \"cifar\"",
                "\"stem\" : \"\\u001b]0;pwned\\u0007\""));
        String message = loadFails(dir).getMessage();
        assertFalse(message.chars().anyMatch(c -> c < 0x20), message);
        assertTrue(message.endsWith("architecture.stem: unknown stem '\\x1b]0;pwned\\x07', "
                + "expected one of deep, resnet, cifar"), message);
    }

    /** Rewrites the weights and the checksum in model.json, as a tool editing the file would. */
    private static void rewriteWeights(Path dir, Map<String, Tensor> tensors) throws IOException {
        Path weights = dir.resolve(ModelDir.WEIGHTS_FILE);
        Safetensors.write(weights, tensors, Map.of());
        ModelConfig config = ModelDir.readConfig(dir);
        ModelDir.writeConfig(dir, config.withWeights(new WeightsInfo(ModelDir.WEIGHTS_FILE,
                "safetensors", Files.size(weights), ModelDir.sha256(weights))));
    }
}
