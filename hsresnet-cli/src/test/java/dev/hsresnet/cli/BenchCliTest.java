package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCliTest {

    @TempDir
    Path tmp;

    private static String[] tiny(String... more) {
        String[] base = {"bench", "--models", "resnet29_cifar", "--paths", "onnx", "--modes",
            "inference", "--batch", "1", "--repeats", "1", "--warmup", "0", "--warmup-seconds",
            "0", "--min-seconds", "0", "--peak-size", "0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aTinyRunPrintsAMarkdownTableWritesTheCsvAndComparesWithIt() throws IOException {
        Path csv = tmp.resolve("a.csv");
        CliRun first = CliRun.of(tiny("--csv", csv.toString()));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("| resnet29_cifar | onnx | inference | 1 |"),
                first.out());
        assertTrue(Files.readString(csv).startsWith("model,path,mode,batch,"));

        Path csv2 = tmp.resolve("b.csv");
        CliRun second = CliRun.of(tiny("--csv", csv2.toString(), "--compare", csv.toString()));
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("Against " + csv), second.out());
        assertTrue(second.out().lines().anyMatch(l -> l.startsWith(
                "| resnet29_cifar | onnx | inference | 1 | ") && l.contains("%")), second.out());
    }

    @Test
    void badArgumentsAreUsageErrorsOnOneLine() {
        for (String[] args : new String[][] {
            {"bench", "--models", "resnet9000"},
            {"bench", "--repeats", "0"},
            {"bench", "--paths", "tensorflow"},
            {"bench", "--paths", "onnx", "--modes", "train"},
            {"bench", "--batch", "0"},
            {"bench", "--warmup-seconds", "-1"},
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("hsresnet bench: "), r.err());
        }
    }

    @Test
    void anUnreadableComparisonFileFailsBeforeAnythingIsTimed() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "not,a,results,file\n");
        CliRun r = CliRun.of(tiny("--compare", bad.toString(), "--csv",
                tmp.resolve("x.csv").toString()));
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("not a benchmark results file"), r.err());
        assertTrue(!Files.exists(tmp.resolve("x.csv")));
    }
}
