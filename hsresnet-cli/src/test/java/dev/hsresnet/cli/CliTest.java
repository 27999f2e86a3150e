package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.SpecJson;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path tmp;

    @Test
    void modelsListsEveryModelWithItsCost() {
        CliRun r = CliRun.of("models");
        assertEquals(0, r.exitCode(), r.err());
        for (ModelEntry e : Models.list()) {
            assertTrue(r.out().contains(e.name()), e.name());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("hs_resnet50 ")
                && l.contains("27,549,936") && l.contains("4.84 G")), r.out());
    }

    @Test
    void modelsJsonCarriesParamsMacsAndArchitecture() throws IOException {
        CliRun r = CliRun.of("models", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode list = SpecJson.mapper().readTree(r.out());
        assertEquals(Models.list().size(), list.size());
        for (JsonNode node : list) {
            ModelEntry e = Models.get(node.get("name").asText());
            Complexity c = Complexity.of(e.spec(), e.inputSize());
            assertEquals(c.params(), node.get("params").asLong());
            assertEquals(c.macs(), node.get("macs").asLong());
            assertEquals(e.spec(), SpecJson.parse(node.get("architecture").toString()));
        }
    }

    @Test
    void infoShowsStagesAtTheRequestedInput() {
        CliRun r = CliRun.of("info", "hs_resnet50", "--input", "448");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("input 3x448x448"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("layer4") && l.contains("14x14")
                && l.contains("HS s=4 w=192") && l.contains("2048")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total")
                && l.contains("27,549,936")), r.out());
    }

    @Test
    void initWritesALoadableModelDirectoryAndRefusesToOverwrite() throws IOException {
        Path dir = tmp.resolve("m");
        CliRun r = CliRun.of("init", "hs_resnet29_cifar", "--out", dir.toString(), "--classes",
                "4", "--in-channels", "1", "--seed", "9");
        assertEquals(0, r.exitCode(), r.err());
        ModelConfig config = ModelDir.readConfig(dir);
        assertEquals(4, config.architecture().numClasses());
        assertEquals(1, config.architecture().inChannels());
        assertEquals(1, config.preprocessing().mean().size());

        CliRun again = CliRun.of("init", "hs_resnet29_cifar", "--out", dir.toString());
        assertEquals(1, again.exitCode());
        assertEquals("hsresnet init: error: " + dir + " already holds a model; pass --force to "
                + "replace it", again.err().strip());

        Path other = tmp.resolve("m2");
        assertEquals(0, CliRun.of("init", "hs_resnet29_cifar", "--out", other.toString(),
                "--classes", "4", "--in-channels", "1", "--seed", "9").exitCode());
        assertEquals(config.weights().sha256(), ModelDir.readConfig(other).weights().sha256(),
                "same seed, same weights");
    }

    @Test
    void initTakesLabelsFromAFile() throws IOException {
        Path labels = tmp.resolve("labels.txt");
        Files.writeString(labels, "cat\ndog\n\nbird\n");
        Path dir = tmp.resolve("m");
        assertEquals(0, CliRun.of("init", "resnet29_cifar", "--out", dir.toString(), "--labels",
                labels.toString()).exitCode());
        assertEquals(List.of("cat", "dog", "bird"), ModelDir.readConfig(dir).labels());
    }

    @Test
    void forwardMatchesTheJavaApiInBothModesAndGivesFeatures() throws IOException {
        Path dir = tmp.resolve("m");
        assertEquals(0, CliRun.of("init", "hs_resnet29_cifar", "--out", dir.toString())
                .exitCode());
        Path in = tmp.resolve("x.safetensors");
        float[] x = new float[2 * 3 * 32 * 32];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Safetensors.write(in, Map.of("input", Tensor.ofFloats(new long[] {2, 3, 32, 32}, x)),
                Map.of());
        for (boolean train : new boolean[] {false, true}) {
            Path out = tmp.resolve("y" + train + ".safetensors");
            CliRun r = train
                    ? CliRun.of("forward", "--model", dir.toString(), "--input", in.toString(),
                            "--output", out.toString(), "--train-mode")
                    : CliRun.of("forward", "--model", dir.toString(), "--input", in.toString(),
                            "--output", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            Tensor y = Safetensors.read(out).tensors().get("output");
            assertArrayEquals(new long[] {2, 10}, y.shape());
            try (ResNetModel model = ModelDir.load(dir);
                    NDManager m = model.manager().newSubManager()) {
                NDArray input = m.create(x, new Shape(2, 3, 32, 32));
                assertArrayEquals(model.forward(input, train).singletonOrThrow().toFloatArray(),
                        y.toFloats(), 1e-6f);
            }
        }
        Path feats = tmp.resolve("f.safetensors");
        assertEquals(0, CliRun.of("forward", "--model", dir.toString(), "--input", in.toString(),
                "--output", feats.toString(), "--features", "0,3").exitCode());
        Map<String, Tensor> f = Safetensors.read(feats).tensors();
        assertArrayEquals(new long[] {2, 16, 32, 32}, f.get("features.0").shape());
        assertArrayEquals(new long[] {2, 256, 8, 8}, f.get("features.3").shape());
    }

    @Test
    void forwardErrorsAreOneLineNamingTheProblem() throws IOException {
        Path dir = tmp.resolve("m");
        assertEquals(0, CliRun.of("init", "resnet29_cifar", "--out", dir.toString()).exitCode());
        Path in = tmp.resolve("x.safetensors");
        Safetensors.write(in, Map.of("input", Tensor.ofFloats(new long[] {1, 1, 4, 4},
                new float[16])), Map.of());
        CliRun wrongChannels = CliRun.of("forward", "--model", dir.toString(), "--input",
                in.toString(), "--output", tmp.resolve("y.safetensors").toString());
        assertEquals(1, wrongChannels.exitCode());
        assertTrue(wrongChannels.oneLineError(), wrongChannels.err());
        assertTrue(wrongChannels.err().contains("tensor 'input' has shape [1, 1, 4, 4], expected "
                + "(N, 3, H, W)"), wrongChannels.err());

        CliRun noFile = CliRun.of("forward", "--model", dir.toString(), "--input",
                tmp.resolve("missing.safetensors").toString(), "--output", "y.safetensors");
        assertEquals(1, noFile.exitCode());
        assertTrue(noFile.oneLineError(), noFile.err());
        assertTrue(noFile.err().contains("missing.safetensors"), noFile.err());

        Files.writeString(tmp.resolve("bad.safetensors"), "not a safetensors file");
        CliRun corrupt = CliRun.of("forward", "--model", dir.toString(), "--input",
                tmp.resolve("bad.safetensors").toString(), "--output", "y.safetensors");
        assertEquals(1, corrupt.exitCode());
        assertTrue(corrupt.oneLineError(), corrupt.err());

        CliRun noModel = CliRun.of("forward", "--model", tmp.resolve("none").toString(),
                "--input", in.toString(), "--output", "y.safetensors");
        assertEquals(1, noModel.exitCode());
        assertTrue(noModel.err().contains("no such model directory"), noModel.err());
    }

    @Test
    void convertWritesBothFormats() throws IOException {
        Path dir = tmp.resolve("m");
        assertEquals(0, CliRun.of("init", "resnet29_cifar", "--out", dir.toString()).exitCode());
        Path st = tmp.resolve("w.safetensors");
        assertEquals(0, CliRun.of("convert", "--model", dir.toString(), "--to", "safetensors",
                "--out", st.toString()).exitCode());
        assertEquals(Safetensors.read(dir.resolve("weights.safetensors")).tensors().keySet(),
                Safetensors.read(st).tensors().keySet());
        Path params = tmp.resolve("djl/net-0000.params");
        CliRun r = CliRun.of("convert", "--model", dir.toString(), "--to", "DJL", "--out",
                params.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("DJL@", new String(Files.readAllBytes(params), 0, 4,
                java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void doctorFindsTheProjectsConvolutionsCorrect() {
        CliRun r = CliRun.of("doctor");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("hsresnet's convolutions are correct on this machine."));
        // libtorch 2.7.1 ships libgomp; the build's test JVMs run with the launcher's policy
        assertTrue(r.out().lines().anyMatch(l -> l.equals("OpenMP: GNU libgomp, "
                + "OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY") + ", GOMP_SPINCOUNT unset")),
                r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith("hsresnet ")).allMatch(
                l -> l.endsWith("ok")), r.out());
    }

    @Test
    void benchStepTimesTrainingAndInference() {
        for (String mode : new String[] {"--classes=3", "--inference"}) {
            CliRun r = CliRun.of("bench-step", "resnet29_cifar", "--batch", "2", "--size", "16",
                    "--warmup", "1", "--steps", "2", mode);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("resnet29_cifar")
                    && l.contains(mode.equals("--inference") ? "inference" : "train step")),
                    r.out());
        }
        assertEquals(2, CliRun.of("bench-step", "resnet29_cifar", "--batch", "0").exitCode());
    }

    @Test
    void usageErrorsExitTwoWithAHint() {
        CliRun r = CliRun.of("info");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required parameter: 'NAME|DIR'"), r.err());
        assertTrue(r.err().contains("Try 'hsresnet info --help'"), r.err());
        CliRun bad = CliRun.of("convert", "--model", "x", "--to", "onnx", "--out", "y");
        assertEquals(2, bad.exitCode());
        CliRun unknown = CliRun.of("info", "resnet18");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.oneLineError());
        assertTrue(unknown.err().startsWith("hsresnet info: error: unknown model 'resnet18'"));
    }

    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            picocli.CommandLine cl = Main.commandLine();
            for (var sub : cl.getSubcommands().entrySet()) {
                String usage = sub.getValue().getUsageMessage();
                assertTrue(usage.contains("Usage: hsresnet " + sub.getKey()), sub.getKey());
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(warnings.isEmpty(), warnings);
    }
}
