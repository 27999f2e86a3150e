package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {

    @TempDir
    Path tmp;

    @Test
    void writesAHeaderAndOneLinePerRowThatReadsBackTheSame() throws IOException {
        ResultRow a = Rows.row("hs_resnet29_cifar", "djl", "inference", 1, 9.1234);
        ResultRow b = new ResultRow("matmul_2048", "onnx", "peak", 1, 2048, 40.5, 40, 41, 40.1,
                41, Double.NaN, 432.25, 100, Double.NaN, 10, 2, "2026-11-26T01:00:00Z",
                "2 cores, \"quoted\" CPU");
        Path file = tmp.resolve("sub/r.csv");
        ResultsCsv.write(file, List.of(a, b));
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", ResultsCsv.HEADER), lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).contains(",,432.25,100,,"), lines.get(2));
        List<ResultRow> back = ResultsCsv.read(file);
        assertEquals(2, back.size());
        assertEquals(b, back.get(1));
        ResultRow a2 = back.get(0);
        assertEquals(9.123, a2.medianMs(), 0);
        assertEquals(a.machine(), a2.machine());
        assertEquals(a.key(), a2.key());
        assertTrue(Double.isNaN(a2.ratioToPytorch()));
    }

    @Test
    void replacesAnOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("r.csv");
        Files.writeString(file, "old content that is not CSV\n");
        ResultsCsv.write(file, List.of(Rows.row("resnet29_cifar", "onnx", "inference", 8, 3)));
        assertEquals(1, ResultsCsv.read(file).size());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void readsColumnsByNameWhateverTheirOrderAndIgnoresExtraOnes() throws IOException {
        String text = ResultsCsv.format(List.of(Rows.row("resnet50d", "pytorch", "train", 8,
                1200)));
        String[] lines = text.split("\n");
        String reordered = "extra," + lines[0] + "\n" + "x," + lines[1] + "\n";
        List<ResultRow> rows = ResultsCsv.parse(reordered, "mem");
        assertEquals("resnet50d/pytorch/train/8", rows.get(0).key());
        assertEquals(1200, rows.get(0).medianMs());
    }

    @Test
    void namesTheLineAndColumnOfBadContent() {
        String header = String.join(",", ResultsCsv.HEADER);
        IOException noColumn = assertThrows(IOException.class,
                () -> ResultsCsv.parse("model,path\n", "f.csv"));
        assertTrue(noColumn.getMessage().startsWith("f.csv:1: not a benchmark results file"),
                noColumn.getMessage());
        String good = ResultsCsv.format(List.of(Rows.row("resnet50d", "djl", "train", 8, 1)))
                .split("\n")[1];
        IOException badNumber = assertThrows(IOException.class, () -> ResultsCsv.parse(
                header + "\n" + good + "\n" + good.replace(",djl,train,8,", ",djl,train,eight,")
                        + "\n", "f.csv"));
        assertTrue(badNumber.getMessage().startsWith("f.csv:3: 'batch' is not an integer"),
                badNumber.getMessage());
        IOException shortLine = assertThrows(IOException.class,
                () -> ResultsCsv.parse(header + "\nresnet50d,djl\n", "f.csv"));
        assertTrue(shortLine.getMessage().startsWith("f.csv:2:"), shortLine.getMessage());
        assertThrows(IOException.class, () -> ResultsCsv.parse("", "f.csv"));
    }

    @Test
    void roundsToFixedDecimalsWithoutExponents() {
        assertEquals("0.001", ResultsCsv.decimal(0.00123, 3));
        assertEquals("12345678.5", ResultsCsv.decimal(12345678.5, 3));
        assertEquals("2", ResultsCsv.decimal(2.0004, 3));
        assertEquals("", ResultsCsv.decimal(Double.NaN, 3));
    }
}
