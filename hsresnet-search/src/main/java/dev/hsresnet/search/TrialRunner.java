package dev.hsresnet.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs proxy trials: one after another ({@link #SEQUENTIAL}), or elsewhere (Spark). */
public interface TrialRunner {

    /** Every trial in this JVM, in order, with epoch lines in the log. */
    TrialRunner SEQUENTIAL = (jobs, log) -> {
        List<Double> top1 = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            log.accept("proxy trial " + (i + 1) + "/" + jobs.size() + ": " + jobs.get(i).label());
            top1.add(ProxyTrials.runJob(jobs.get(i), log));
        }
        return top1;
    };

    /**
     * @param jobs the trials
     * @param log progress lines
     * @return each trial's proxy top-1 (percent), in the order of {@code jobs}
     * @throws IOException when a trial cannot read its data or write its files
     */
    List<Double> run(List<TrialJob> jobs, Consumer<String> log) throws IOException;
}
