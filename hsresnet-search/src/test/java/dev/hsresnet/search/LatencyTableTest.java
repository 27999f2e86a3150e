package dev.hsresnet.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real measurements on a tiny space: the table is filled once, reused, and kept per machine. */
class LatencyTableTest {

    @TempDir
    Path dir;

    private static SearchReport search(SearchOptions options, List<String> log) throws Exception {
        return ArchitectureSearch.run(TinySpaces.measurable(), options, log::add);
    }

    @Test
    void aTableIsMeasuredOnceThenReusedAndAForeignOneIsRefused() throws Exception {
        Path file = dir.resolve("cache/latency.json");
        SearchOptions options = TinySpaces.options(Engine.DJL, 1, file, false, Budget.NONE,
                Goal.MOST_MACS, 1);
        List<String> first = new ArrayList<>();
        SearchReport r = search(options, first);

        CostModel costs = CostModel.of(TinySpaces.measurable());
        int parts = 2 * 3 + 2;
        assertEquals(parts, LatencyModel.needed(costs, true).size(), "6 stage options, a stem, a "
                + "head");
        assertTrue(first.get(0).startsWith("latency table: measuring " + parts + " stages"),
                first.get(0));
        LatencyTable table = LatencyTable.read(file);
        assertEquals(parts, table.parts().size());
        assertTrue(table.parts().containsKey(costs.stageId(1, 0)), table.parts().keySet()
                .toString());
        assertEquals(1, table.calibrations().size());
        Calibration djl = table.calibrations().values().iterator().next();
        assertEquals(1, djl.scale(), "a DJL forward's parts add up to it: nothing to calibrate");
        assertEquals(0, djl.offsetMs());
        assertEquals(8, r.size());
        assertEquals(1, r.remeasured().size());
        assertTrue(r.remeasured().get(0).measuredMs() > 0);

        byte[] before = Files.readAllBytes(file);
        List<String> second = new ArrayList<>();
        SearchReport again = search(options, second);
        assertTrue(second.stream().noneMatch(l -> l.contains("measuring")), second.toString());
        assertArrayEquals(before, Files.readAllBytes(file), "a reused table is not rewritten");
        assertEquals(r.front().stream().map(Candidate::predictedMs).toList(),
                again.front().stream().map(Candidate::predictedMs).toList());

        String foreign = new String(before, StandardCharsets.UTF_8).replace(
                "\"cpuModel\" : \"" + table.fingerprint().cpuModel().replace("\\", "\\\\") + "\"",
                "\"cpuModel\" : \"Some Other CPU\"");
        Files.writeString(file, foreign);
        var refused = assertThrows(IllegalArgumentException.class, () -> search(options,
                new ArrayList<>()));
        assertTrue(refused.getMessage().contains("another machine")
                && refused.getMessage().contains("cpuModel: table 'Some Other CPU'"),
                refused.getMessage());
        var otherBatch = assertThrows(IllegalArgumentException.class, () -> search(
                TinySpaces.options(Engine.DJL, 2, dir.resolve("cache/latency.json"), false,
                        Budget.NONE, Goal.MOST_MACS, 0), new ArrayList<>()));
        assertTrue(otherBatch.getMessage().contains("batch: table '1', here '2'"),
                otherBatch.getMessage());

        List<String> remeasured = new ArrayList<>();
        search(TinySpaces.options(Engine.DJL, 1, file, true, Budget.NONE, Goal.MOST_MACS, 0),
                remeasured);
        assertTrue(remeasured.get(0).startsWith("latency table: measuring " + parts),
                remeasured.toString());
        assertEquals(table.fingerprint(), LatencyTable.read(file).fingerprint());
    }

    @Test
    void aModelsLatencyIsPredictedThenMeasuredBesideTheCandidates() throws Exception {
        Path file = dir.resolve("ref.json");
        SearchSpace space = TinySpaces.measurable();
        SearchOptions options = new SearchOptions(Engine.DJL, 1, 1,
                dev.hsresnet.bench.TimingPolicy.steps(1, 3), 0, file, false, Budget.NONE,
                Goal.MOST_MACS, 2, space.base());
        List<String> log = new ArrayList<>();
        SearchReport r = ArchitectureSearch.run(space, options, log::add);
        LatencyReference ref = r.latencyReference();
        assertTrue(ref.inSpace(), "the base is a candidate of its space");
        LatencyModel latency = LatencyModel.of(CostModel.of(space), LatencyTable.read(file));
        assertEquals(latency.predict(space.choiceOf(space.base().spec())), ref.predictedMs());
        assertTrue(ref.measuredMs() > 0);
        assertTrue(r.budget().contains(String.format(java.util.Locale.ROOT, "latency <= %.2f ms",
                ref.measuredMs())), r.budget());
        assertTrue(r.remeasured().size() >= Math.min(2, r.feasible()), r.remeasured().toString());
        if (r.chosen() != null) {
            assertTrue(r.chosen().measuredMs() <= ref.measuredMs());
        }
        var both = assertThrows(IllegalArgumentException.class, () -> new SearchOptions(
                Engine.DJL, 1, 1, dev.hsresnet.bench.TimingPolicy.steps(1, 3), 0, file, false,
                new Budget(5.0, null, null, null, null), Goal.MOST_MACS, 2, space.base()));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void onnxRuntimeBlocksAreMeasuredToo() throws Exception {
        Path file = dir.resolve("onnx.json");
        SearchReport r = search(TinySpaces.options(Engine.ONNX, 1, file, false, Budget.NONE,
                Goal.FASTEST, 1), new ArrayList<>());
        LatencyTable table = LatencyTable.read(file);
        assertEquals("onnx", table.fingerprint().engine());
        assertTrue(table.fingerprint().engineVersion().startsWith("onnxruntime "));
        assertEquals(CostModel.of(TinySpaces.measurable()).blocks().size(), table.parts().size());
        assertEquals(3, table.calibrations().values().iterator().next().anchors().size(),
                "blocks alone are calibrated on the fastest and slowest candidates and the base");
        assertTrue(r.chosen().measuredMs() > 0);
    }
}
