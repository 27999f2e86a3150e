package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.models.SpecFile;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.search.ReportFiles;
import dev.hsresnet.train.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hsresnet search} on a tiny 4-stage base given as a spec file, and its chosen spec file
 * used by init (classifier and segmentation) and train.
 */
class SearchCliTest {

    @TempDir
    static Path shared;

    static Path base;

    static Path fashion;

    @BeforeAll
    static void setUp() throws IOException {
        ResNetSpec spec = ResNetSpec.builder().stem(Stem.DEEP).stemWidth(16).depths(1, 1, 1, 1)
                .planes(8, 16, 32, 64).hs(2, 3, 6, 12, 24).numClasses(10).build();
        base = shared.resolve("tiny.spec.json");
        SpecFile.of(new ModelEntry("tiny", "lite", "a tiny 4-stage base", spec,
                Preprocessing.imagenet(64), null)).write(base);
        fashion = Demo.extractSlice(shared.resolve("fashion"));
    }

    private static List<String> search(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("search", "--base", base.toString(), "--s",
                "2", "--w", "2,3", "--no-plain", "--runs", "2", "--warm-up", "0", "--top", "1",
                "--table", shared.resolve("table.json").toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aSearchWritesItsFilesAndItsSpecFileInitsAndTrains() throws IOException {
        Path out = shared.resolve("search");
        CliRun r = CliRun.of(search(out, "--max-params", base.toString()).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("16 candidates") && r.out().contains("chosen: "), r.out());
        for (String f : List.of(ReportFiles.REPORT, ReportFiles.FRONT_CSV, ReportFiles.SPEC)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<String> csv = Files.readAllLines(out.resolve(ReportFiles.FRONT_CSV));
        assertTrue(csv.get(0).startsWith("label,params,macs,predicted_ms") && csv.size() >= 2);
        Path spec = out.resolve(ReportFiles.SPEC);
        SpecFile chosen = SpecFile.read(spec);
        long baseParams = dev.hsresnet.core.complexity.Complexity.of(
                SpecFile.read(base).architecture(), 64).params();
        assertTrue(dev.hsresnet.core.complexity.Complexity.of(chosen.architecture(), 64)
                .params() <= baseParams, "the choice is within --max-params tiny");

        Path model = shared.resolve("model");
        CliRun init = CliRun.of("init", spec.toString(), "--out", model.toString());
        assertEquals(0, init.exitCode(), init.err());
        ModelConfig config = ModelDir.readConfig(model);
        assertEquals(chosen.architecture(), config.architecture());
        assertEquals(chosen.name(), config.name());

        Path seg = shared.resolve("seg");
        CliRun initSeg = CliRun.of("init", "fpn_" + spec, "--out", seg.toString(), "--classes",
                "3");
        assertEquals(0, initSeg.exitCode(), initSeg.err());
        ModelConfig segConfig = ModelDir.readConfig(seg);
        assertEquals("fpn_" + chosen.name(), segConfig.name());
        assertEquals("segmentation", segConfig.taskName());
        assertEquals(chosen.architecture().stages(), segConfig.architecture().stages());

        Path run = shared.resolve("run");
        CliRun train = CliRun.of("train", "--model", spec.toString(), "--kind", "fashion-mnist",
                "--data", fashion.toString(), "--epochs", "1", "--batch-size", "16", "-o",
                "data.limitPerClass=8", "--out", run.toString());
        assertEquals(0, train.exitCode(), train.out() + train.err());
        ModelConfig trained = ModelDir.readConfig(run.resolve("best"));
        assertEquals(chosen.architecture().stages(), trained.architecture().stages());
        assertEquals(1, trained.architecture().inChannels());
    }

    @Test
    void proxyTrialsRankTheFrontAndResume() throws IOException {
        Path out = shared.resolve("proxy");
        String[] args = search(out, "--goal", "best-proxy", "--proxy-data", fashion.toString(),
                "--proxy-kind", "fashion-mnist", "--proxy-trials", "2", "--proxy-epochs", "1",
                "--proxy-per-class", "8").toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        var report = SpecJson.mapper().readTree(out.resolve(ReportFiles.REPORT).toFile());
        // two spread along the front (the whole front when it is shorter: timing noise can
        // leave a tiny space with one point), and the choice before the trials if not among them
        int picked = Math.min(2, report.get("front").size());
        int trials = report.get("trials").size();
        assertTrue(trials == picked || trials == picked + 1, r.out());
        assertTrue(r.out().contains("proxy trial " + trials + "/" + trials)
                && r.out().contains("proxy top-1")
                && r.out().contains("not the accuracy of a full training"), r.out());
        double best = 0;
        for (var t : report.get("trials")) {
            best = Math.max(best, t.get("proxyTop1").asDouble());
            assertTrue(t.get("measuredMs").asDouble() > 0, "every trained candidate is "
                    + "re-measured before the choice: " + t);
        }
        assertEquals(best, report.get("chosen").get("proxyTop1").asDouble());

        CliRun again = CliRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(trials, again.out().lines().filter(l -> l.contains("finished earlier"))
                .count(), again.out());
    }

    @Test
    void anImpossibleBudgetNamesTheNearestAndBadInputIsRefused() {
        CliRun r = CliRun.of(search(shared.resolve("none"), "--max-params", "1K")
                .toArray(String[]::new));
        assertEquals(SearchCommand.INFEASIBLE, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("no candidate meets the budget (params <= 1,000); nearest: "),
                r.out());

        CliRun empty = CliRun.of(search(shared.resolve("empty"), "--no-hs")
                .toArray(String[]::new));
        assertEquals(1, empty.exitCode());
        assertTrue(empty.oneLineError() && empty.err().contains("the search space is empty"),
                empty.err());

        CliRun badLimit = CliRun.of(search(shared.resolve("bad"), "--max-params", "lots")
                .toArray(String[]::new));
        assertEquals(1, badLimit.exitCode());
        assertTrue(badLimit.err().contains("'lots' is neither a number"), badLimit.err());
    }
}
