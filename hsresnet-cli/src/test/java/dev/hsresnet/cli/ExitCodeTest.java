package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.ConvPathSetting;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The CLI's one exit-code rule, command by command: a usage error or a bad option value exits 2
 * with a message that names the option (then a hint), before anything runs; failures while running
 * exit 1 (the other CLI tests).
 */
class ExitCodeTest {

    /** Every command with a bad value of one of its options, and the option the message names. */
    static Stream<Arguments> badOptionValues() {
        return Stream.of(
                bad("--batch", "predict", "--model", "m", "--batch", "0", "x.jpg"),
                bad("--top-k", "predict", "--model", "m", "--top-k", "-1", "x.jpg"),
                bad("--backend", "predict", "--model", "m", "--backend", "tf", "x.jpg"),
                bad("--port", "serve", "--model", "m", "--port", "70000"),
                bad("--max-batch", "serve", "--model", "m", "--max-batch", "0"),
                bad("--timeout-s", "serve", "--model", "m", "--timeout-s", "0"),
                bad("--epochs", "train", "--model", "resnet29_cifar", "--data", "d", "--epochs",
                        "0", "--out", "r"),
                bad("--kind", "train", "--model", "resnet29_cifar", "--data", "d", "--kind",
                        "imagenet", "--out", "r"),
                bad("optimizer.lr", "train", "--model", "resnet29_cifar", "--data", "d", "-o",
                        "optimizer.lr=fast", "--out", "r"),
                bad("--data", "train", "--model", "resnet29_cifar", "--out", "r"),
                bad("--resume", "train", "--resume", "r", "--out", "s"),
                bad("--batch-size", "eval", "--model", "m", "--data", "d", "--batch-size", "0"),
                bad("--workers", "eval", "--model", "m", "--data", "d", "--workers", "0"),
                bad("--epochs", "demo", "--epochs", "0"),
                bad("--per-class", "demo", "--per-class", "-3"),
                bad("--batch", "bench-step", "resnet29_cifar", "--batch", "0"),
                bad("--no-fold", "bench-step", "resnet29_cifar", "--no-fold"),
                bad("--count", "bench-predict", "--count", "0"),
                bad("--backend", "bench-predict", "--backend", "tf"),
                bad("--minutes", "bench-train", "--model", "resnet29_cifar", "--data", "d",
                        "--minutes", "0", "--out", "r"),
                bad("--kind", "bench-train", "--model", "resnet29_cifar", "--data", "d",
                        "--kind", "imagenet", "--out", "r"),
                bad("--top", "bench-profile", "resnet29_cifar", "--top", "0"),
                bad("--warmup", "bench-profile", "resnet29_cifar", "--warmup", "-1"),
                bad("--opset", "export", "--model", "m", "--format", "onnx", "--out", "m.onnx",
                        "--opset", "99"),
                bad("--format", "export", "--model", "m", "--format", "tflite", "--out", "m.x"),
                bad("--classes", "init", "resnet29_cifar", "--out", "m", "--classes", "-1"),
                bad("--in-channels", "init", "resnet29_cifar", "--out", "m", "--in-channels",
                        "0"),
                bad("--input", "info", "resnet29_cifar", "--input", "0"),
                bad("--output", "forward", "--model", "m", "--input", "x.safetensors"),
                bad("--to", "convert", "--model", "m", "--to", "onnx", "--out", "y"),
                bad("--jsn", "models", "--jsn"),
                bad("--batch", "bench", "--batch", "0"),
                bad("--quick", "doctor", "--quick"));
    }

    private static Arguments bad(String option, String... args) {
        return Arguments.of(option, List.of(args));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOptionValues")
    void aBadOptionValueIsAUsageErrorNamingTheOption(String option, List<String> args) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(ErrorHandler.USAGE, r.exitCode(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(2, lines.size(), "message and hint only: " + r.err());
        assertTrue(lines.get(0).startsWith("hsresnet " + args.get(0) + ": "), r.err());
        assertTrue(lines.get(0).contains(option), "names " + option + ": " + r.err());
        assertEquals("Try 'hsresnet " + args.get(0) + " --help' for usage.", lines.get(1));
        assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
    }

    @Test
    void anUnknownCommandSaysSoOnceWithTheNearestName() {
        CliRun r = CliRun.of("trian", "--model", "x");
        assertEquals(ErrorHandler.USAGE, r.exitCode());
        assertEquals("hsresnet: unknown command 'trian'; did you mean 'train'?\n"
                + "Try 'hsresnet --help' for usage.", r.err().strip());
        CliRun far = CliRun.of("xyzzy");
        assertEquals(ErrorHandler.USAGE, far.exitCode());
        assertEquals("hsresnet: unknown command 'xyzzy'", far.err().lines().findFirst()
                .orElseThrow());
    }

    @Test
    void anUnknownOptionSuggestsTheNearestOption() {
        CliRun r = CliRun.of("predict", "--model", "m", "--bakend", "onnx", "x.jpg");
        assertEquals(ErrorHandler.USAGE, r.exitCode());
        assertEquals("hsresnet predict: unknown option '--bakend'; did you mean '--backend'?",
                r.err().lines().findFirst().orElseThrow());
        assertFalse(r.err().contains("Did you mean"), "said once: " + r.err());
    }

    @Test
    void aBadConvPathVariableIsAUsageErrorBeforeAnyCommandRuns() throws Exception {
        // a real environment variable needs a JVM of its own; models needs no engine, so nothing
        // but the check can fail, and the check comes before the doctor's engine
        for (String command : List.of("models", "doctor")) {
            CliRun r = MainJvm.run(Map.of("HSRESNET_CONV_PATH", "nchw"), Map.of(), command);
            assertEquals(ErrorHandler.USAGE, r.exitCode(), r.out() + r.err());
            assertEquals("hsresnet " + command + ": environment variable HSRESNET_CONV_PATH must "
                    + "be auto|standard|channels-last; got 'nchw'", r.err().strip());
            assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
        }
        CliRun help = MainJvm.run(Map.of("HSRESNET_CONV_PATH", "nchw"), Map.of(), "--help");
        assertEquals(0, help.exitCode(), "help is still shown: " + help.err());
    }

    @Test
    void aBadConvPathPropertyIsAUsageErrorToo() {
        String before = System.getProperty(ConvPathSetting.PROPERTY);
        System.setProperty(ConvPathSetting.PROPERTY, "fast");
        try {
            CliRun r = CliRun.of("info", "resnet29_cifar");
            assertEquals(ErrorHandler.USAGE, r.exitCode(), r.err());
            assertEquals("hsresnet info: system property hsresnet.conv.path must be "
                    + "auto|standard|channels-last; got 'fast'", r.err().strip());
            assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
        } finally {
            if (before == null) {
                System.clearProperty(ConvPathSetting.PROPERTY);
            } else {
                System.setProperty(ConvPathSetting.PROPERTY, before);
            }
        }
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertEquals(2, ErrorHandler.editDistance("trian", "train"));
        assertEquals(1, ErrorHandler.editDistance("--bakend", "--backend"));
        assertEquals(0, ErrorHandler.editDistance("", ""));
        assertEquals(3, ErrorHandler.editDistance("abc", ""));
    }
}
