package dev.hsresnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.bench.TimingPolicy;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.search.ArchitectureSearch;
import dev.hsresnet.search.Budget;
import dev.hsresnet.search.Candidate;
import dev.hsresnet.search.Engine;
import dev.hsresnet.search.Goal;
import dev.hsresnet.search.ProxyOptions;
import dev.hsresnet.search.ProxyTrials;
import dev.hsresnet.search.SearchOptions;
import dev.hsresnet.search.SearchReport;
import dev.hsresnet.search.SearchSpace;
import dev.hsresnet.search.TrialRunner;
import dev.hsresnet.train.demo.Demo;
import dev.hsresnet.train.recipe.DataKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proxy trials of a search as Spark tasks, read back by a later run one after another. */
class SparkTrialsTest {

    @TempDir
    Path dir;

    @Test
    void trialsRunOnePerTaskAndALaterRunReadsThemBack() throws Exception {
        ResNetSpec spec = ResNetSpec.builder().stem(Stem.CIFAR).depths(1, 1, 1).planes(8, 16, 32)
                .hs(2, 3, 6, 12).numClasses(10).build();
        ModelEntry base = new ModelEntry("tiny", "cifar", "a tiny base", spec,
                Preprocessing.cifar(), null);
        SearchSpace space = SearchSpace.around(base, List.of(2), List.of(2, 3), List.of(0),
                true, true);
        SearchOptions options = new SearchOptions(Engine.DJL, 1, 1, TimingPolicy.steps(1, 2), 0,
                null, false, Budget.NONE, Goal.BEST_PROXY, 0, null);
        SearchReport report = ArchitectureSearch.run(space, options, line -> { });
        Path fashion = Demo.extractSlice(dir.resolve("fashion"));
        ProxyOptions proxy = new ProxyOptions(DataKind.FASHION_MNIST, fashion.toString(), 2, 1, 8,
                List.of());
        Path out = dir.resolve("search");

        SearchReport spark = ProxyTrials.run(report, space, proxy, out, Goal.BEST_PROXY,
                new SparkTrials(TestSpark.session()), null, line -> { });

        // two spread along the front, or the whole front when timing noise leaves one point
        assertEquals(Math.min(2, report.front().size()), spark.trials().size());
        for (Candidate c : spark.trials()) {
            assertTrue(c.proxyTop1() >= 0 && c.proxyTop1() <= 100, c.toString());
            assertTrue(Files.isRegularFile(out.resolve(ProxyTrials.DIR).resolve(c.label())
                    .resolve("summary.json")), c.label());
        }
        List<String> log = new ArrayList<>();
        SearchReport again = ProxyTrials.run(report, space, proxy, out, Goal.BEST_PROXY,
                TrialRunner.SEQUENTIAL, null, log::add);
        assertEquals(spark.trials().size(), log.stream().filter(l -> l.contains(
                "finished earlier")).count(), log.toString());
        assertEquals(spark.trials().stream().map(c -> c.label() + " " + c.proxyTop1()).toList(),
                again.trials().stream().map(c -> c.label() + " " + c.proxyTop1()).toList());
        assertEquals(spark.chosen().label(), again.chosen().label());
    }
}
