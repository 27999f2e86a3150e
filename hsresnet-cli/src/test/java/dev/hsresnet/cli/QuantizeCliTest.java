package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.CpuInfo;
import dev.hsresnet.deploy.bench.SyntheticImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export --quantize and eval --onnx through the command line. */
class QuantizeCliTest {

    @TempDir
    static Path shared;

    static Path model;
    static Path data;

    @BeforeAll
    static void modelAndImages() throws IOException {
        model = shared.resolve("m");
        CliRun init = CliRun.of("init", "resnet29_cifar", "--out", model.toString(), "--classes",
                "2", "--seed", "4");
        assertEquals(0, init.exitCode(), init.err());
        data = shared.resolve("data");
        for (String cls : List.of("a", "b")) {
            Path dir = Files.createDirectories(data.resolve(cls));
            List<byte[]> jpegs = SyntheticImages.jpegs(6, 40, cls.hashCode());
            for (int i = 0; i < jpegs.size(); i++) {
                Files.write(dir.resolve(i + ".jpg"), jpegs.get(i));
            }
        }
    }

    @TempDir
    Path tmp;

    @Test
    void int8ExportThenEvalReportsTheAccuracyChange() throws IOException {
        Path out = tmp.resolve("m-int8.onnx");
        CliRun e = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "int8", "--calibration", data.toString(), "--calibration-images",
                "8", "--out", out.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.err().contains("calibrating on 8 of 12 images"), e.err());
        assertTrue(e.out().contains("quantization: int8 static QDQ"), e.out());
        assertTrue(Files.isRegularFile(out));

        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", data.toString(),
                "--onnx", out.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        List<String> lines = eval.out().lines().toList();
        assertTrue(lines.get(0).contains("top-1") && lines.get(0).contains("(12 images)"),
                eval.out());
        assertTrue(lines.get(1).startsWith(out + " (ONNX Runtime; quantization: int8 static QDQ")
                && lines.get(1).contains(" points)"), eval.out());
    }

    @Test
    void badQuantizationRequestsFailBeforeWriting() throws IOException {
        Path out = tmp.resolve("never.onnx");
        CliRun noFolder = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "int8", "--out", out.toString());
        assertEquals(2, noFolder.exitCode(), noFolder.err());
        assertTrue(noFolder.err().contains("needs --calibration DIR"), noFolder.err());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun emptyFolder = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "int8", "--calibration", empty.toString(), "--out",
                out.toString());
        assertEquals(1, emptyFolder.exitCode(), emptyFolder.err());
        assertTrue(emptyFolder.err().contains("calibration folder " + empty + ": no image found"),
                emptyFolder.err());
        assertTrue(emptyFolder.oneLineError(), emptyFolder.err());

        CliRun oldOpset = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "int8", "--calibration", data.toString(), "--opset", "12",
                "--out", out.toString());
        assertEquals(2, oldOpset.exitCode(), oldOpset.err());
        assertTrue(oldOpset.err().contains("--opset 13 or newer"), oldOpset.err());

        CliRun bits = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "int8", "--calibration", data.toString(), "--weight-bits", "4",
                "--out", out.toString());
        assertEquals(2, bits.exitCode(), bits.err());
        assertTrue(bits.err().contains("weight bits must be 7 or 8, got 4"), bits.err());

        CliRun bf16 = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "bf16", "--out", out.toString());
        assertEquals(2, bf16.exitCode(), bf16.err());
        CpuInfo cpu = CpuInfo.current();
        boolean hasBf16 = cpu.has("avx512_bf16") || cpu.has("amx_bf16");
        assertTrue(bf16.err().contains(hasBf16 ? "no bfloat16 Conv kernel"
                : "no bfloat16 instructions"), bf16.err());

        CliRun unknown = CliRun.of("export", "--model", model.toString(), "--format", "onnx",
                "--quantize", "int4", "--out", out.toString());
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("must be none, int8 or bf16, got 'int4'"),
                unknown.err());
        assertFalse(Files.exists(out), "no file is written by a refused export");
    }

    @Test
    void evalRefusesAnOnnxFileOfAnotherModel() throws IOException {
        Path other = tmp.resolve("other");
        assertEquals(0, CliRun.of("init", "resnet29_cifar", "--out", other.toString(),
                "--classes", "3").exitCode());
        Path file = tmp.resolve("other.onnx");
        assertEquals(0, CliRun.of("export", "--model", other.toString(), "--format", "onnx",
                "--out", file.toString()).exitCode());
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", data.toString(),
                "--onnx", file.toString());
        assertEquals(1, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains(file + " is not an export of " + model
                + ": architecture mismatch"), eval.err());
    }
}
