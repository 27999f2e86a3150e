package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void matchesRowsOnModelPathModeAndBatch() {
        List<ResultRow> old = List.of(
                Rows.row("hs_resnet50", "djl", "inference", 1, 100),
                Rows.row("hs_resnet50", "djl", "inference", 8, 600),
                Rows.row("hs_resnet50", "onnx", "inference", 8, 200));
        List<ResultRow> now = List.of(
                Rows.row("hs_resnet50", "djl", "inference", 8, 450),
                Rows.row("hs_resnet50", "djl", "inference", 1, 102),
                Rows.row("hs_resnet50", "djl", "train", 8, 2000));
        Comparison c = Comparison.of(old, now);
        assertEquals(2, c.changes().size());
        Comparison.Change b8 = c.changes().get(0);
        assertEquals("hs_resnet50/djl/inference/8", b8.key());
        assertEquals(-25, b8.medianChangePercent(), 1e-9);
        assertTrue(b8.beyondSpread(), "600 -> 450 ms with p10-p90 of 90 ms");
        Comparison.Change b1 = c.changes().get(1);
        assertEquals(2, b1.medianChangePercent(), 1e-9);
        assertFalse(b1.beyondSpread(), "100 -> 102 ms within a p10-p90 of 15 ms");
        assertEquals(List.of("hs_resnet50/djl/train/8"), c.onlyNew());
        assertEquals(List.of("hs_resnet50/onnx/inference/8"), c.onlyOld());
    }

    @Test
    void rendersAsAMarkdownTableWithTheUnmatchedRowsBelow() {
        Comparison c = Comparison.of(List.of(Rows.row("m", "djl", "train", 8, 200)),
                List.of(Rows.row("m", "djl", "train", 8, 100),
                        Rows.row("m", "onnx", "inference", 1, 1)));
        String md = MarkdownTable.comparison(c);
        assertTrue(md.contains("| m | djl | train | 8 | 200.0 | 100.0 | -50.0% | yes |"), md);
        assertTrue(md.contains("only in the new run: m/onnx/inference/1"), md);
    }
}
