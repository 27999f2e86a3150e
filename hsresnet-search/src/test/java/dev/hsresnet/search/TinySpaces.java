package dev.hsresnet.search;

import dev.hsresnet.bench.TimingPolicy;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Stem;
import java.nio.file.Path;
import java.util.List;

/** Small bases and spaces that the tests can enumerate and measure in seconds. */
final class TinySpaces {

    private TinySpaces() {}

    /** A 3-stage CIFAR-stem network, planes 8/16/32, one HS block per stage, 32x32 input. */
    static ModelEntry base() {
        ResNetSpec spec = ResNetSpec.builder().stem(Stem.CIFAR).depths(1, 1, 1).planes(8, 16, 32)
                .hs(2, 3, 6, 12).numClasses(10).build();
        return new ModelEntry("tiny", "cifar", "a tiny test base", spec, Preprocessing.cifar(),
                null);
    }

    /** 2 s x 2 w x 2 depths + 2 plain = 10 options per stage: 1,000 candidates. */
    static SearchSpace space() {
        return SearchSpace.around(base(), List.of(2, 3), List.of(2, 3), List.of(0, 1), true,
                true);
    }

    /** 2 options per stage (s = 2 with w 2 or 3, depth 1): 8 candidates, quick to measure. */
    static SearchSpace measurable() {
        return SearchSpace.around(base(), List.of(2), List.of(2, 3), List.of(0), false, true);
    }

    /** Options that time each call a few times with no warm-up beyond one call. */
    static SearchOptions options(Engine engine, int batch, Path table, boolean remeasure,
            Budget budget, Goal goal, int top) {
        return new SearchOptions(engine, batch, 1, TimingPolicy.steps(1, 3), 0, table, remeasure,
                budget, goal, top, null);
    }
}
