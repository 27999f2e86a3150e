package dev.hsresnet.core.engine;

import java.util.ArrayList;
import java.util.List;

/** Hand-written self-test verdicts for the cache and selection tests (no engine involved). */
final class Verdicts {

    private Verdicts() {}

    static EnginePathKey key(String cpu, int threads) {
        return new EnginePathKey(cpu, "0123456789abcdef", "2.7.1", threads,
                EnginePathSelfTest.VERSION);
    }

    /** @return a path's findings: {@code wrong} cases wrong, the others right */
    static PathVerdict path(ConvPath p, int cases, int wrong) {
        List<CaseResult> r = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            boolean ok = i >= wrong;
            r.add(new CaseResult("case " + i, "family " + (i % 2),
                    ok ? CaseResult.Status.OK : CaseResult.Status.WRONG, ok ? 1e-7 : 0.2, 1e-7,
                    1e-7, null, null));
        }
        return new PathVerdict(p, r);
    }

    /** @return a verdict that chose channels-last because the standard path was wrong */
    static EnginePathVerdict standardWrong(EnginePathKey key) {
        PathVerdict standard = path(ConvPath.STANDARD, 4, 1);
        PathVerdict channelsLast = path(ConvPath.CHANNELS_LAST, 4, 0);
        EnginePathVerdict.Choice c = EnginePathVerdict.choose(standard, channelsLast, null);
        return new EnginePathVerdict(key, "2026-12-02T13:00:00Z", 12.5,
                List.of(standard, channelsLast), null, c.path(), c.why(), null);
    }

    /** @return {@link #standardWrong} as a self-test that was cut short */
    static EnginePathVerdict cutShort(EnginePathKey key) {
        EnginePathVerdict v = standardWrong(key);
        return new EnginePathVerdict(v.key(), v.measuredAt(), v.seconds(), v.paths(), v.timing(),
                v.choice(), v.why(), "a child JVM ran out of time");
    }
}
