package dev.hsresnet.search;

import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.loop.TrainRun;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.report.EpochMetrics;
import dev.hsresnet.train.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Proxy-accuracy trials: each candidate is written as a spec file and trained by {@link TrainRun}
 * in a run directory of its own under {@code trials/}, so a trial that was interrupted resumes
 * from its last checkpoint and a finished one is read back, not trained again. A {@link
 * TrialRunner} runs them, one after another or one per Spark task.
 */
public final class ProxyTrials {

    /** The directory of the trials, inside the search's output directory. */
    public static final String DIR = "trials";

    /** What the report says the proxy is. */
    static final String NOTE = "proxy accuracy: best validation top-1 after a short training "
            + "(%d epochs on %s, %s), not the accuracy of a full training at the target input "
            + "size; use it to rank candidates only";

    /** Times a candidate end to end. */
    @FunctionalInterface
    public interface Remeasure {
        /**
         * @param c a candidate
         * @return it with its end-to-end measurement
         * @throws Exception from the engine
         */
        Candidate apply(Candidate c) throws Exception;
    }

    private ProxyTrials() {}

    /**
     * @param front the front, by increasing latency
     * @param count how many to pick
     * @return {@code count} candidates spread evenly along the front (its ends included)
     */
    static List<Candidate> pick(List<Candidate> front, int count) {
        if (front.size() <= count) {
            return List.copyOf(front);
        }
        List<Candidate> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = count == 1 ? front.size() - 1
                    : (int) Math.round((double) i * (front.size() - 1) / (count - 1));
            Candidate c = front.get(index);
            if (!picked.contains(c)) {
                picked.add(c);
            }
        }
        return picked;
    }

    /**
     * Trains the candidates (resuming or reading back earlier trials) and adds their proxy
     * accuracy; with goal {@link Goal#BEST_PROXY} the choice becomes the most accurate trained
     * candidate within the budget.
     *
     * @param report the search's report (its limits hold the choice)
     * @param space its space
     * @param options the trials
     * @param out the search's output directory
     * @param goal the goal
     * @param runner where the trials run
     * @param remeasure times a trained candidate end to end when the search did not (so that
     *     the choice is held to the budget by measurement), or null to keep predictions
     * @param log progress lines (one per epoch)
     * @return the report with the trials
     * @throws Exception when a trial cannot read its data or write its files, or from the
     *     engine
     */
    public static SearchReport run(SearchReport report, SearchSpace space, ProxyOptions options,
            Path out, Goal goal, TrialRunner runner, Remeasure remeasure, Consumer<String> log)
            throws Exception {
        Budget budget = report.limits();
        List<Candidate> chosen = new ArrayList<>(pick(report.front(), options.count()));
        if (report.chosen() != null
                && chosen.stream().noneMatch(c -> c.label().equals(report.chosen().label()))) {
            chosen.add(report.chosen());
        }
        Path dir = out.toAbsolutePath().resolve(DIR);
        Files.createDirectories(dir);
        List<TrialJob> jobs = new ArrayList<>();
        for (Candidate c : chosen) {
            jobs.add(job(c, space, report, options, dir));
        }
        List<Double> top1 = runner.run(jobs, log);
        List<Candidate> trained = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Candidate c = measured(report, chosen.get(i)).withProxy(top1.get(i));
            trained.add(c);
            log.accept(String.format(Locale.ROOT, "proxy trial %d/%d: %s top-1 %.2f%%", i + 1,
                    chosen.size(), c.label(), c.proxyTop1()));
        }
        if (remeasure != null) {
            for (int i = 0; i < trained.size(); i++) {
                Candidate c = trained.get(i);
                if (c.measuredMs() == null) {
                    Candidate m = remeasure.apply(c);
                    trained.set(i, m);
                    log.accept(String.format(Locale.ROOT, "re-measured %s: predicted %.2f ms, "
                            + "measured %.2f ms%s", m.label(), m.predictedMs(), m.measuredMs(),
                            budget.admits(m.params(), m.macs(), m.latencyMs()) ? ""
                                    : ", over the budget"));
                }
            }
        }
        Candidate newChoice = report.chosen();
        if (goal == Goal.BEST_PROXY) {
            newChoice = trained.stream()
                    .filter(c -> budget.admits(c.params(), c.macs(), c.latencyMs()))
                    .max(Comparator.comparingDouble(Candidate::proxyTop1)).orElse(null);
        } else if (newChoice != null) {
            String label = newChoice.label();
            newChoice = trained.stream().filter(c -> c.label().equals(label)).findFirst()
                    .orElse(newChoice);
        }
        String note = String.format(Locale.ROOT, NOTE, options.epochs(), options.kind().key(),
                options.limitPerClass() == null ? "every image"
                        : options.limitPerClass() + " training images per class");
        return report.withTrials(trained, note, newChoice);
    }

    /** @return the candidate as re-measured, when it was */
    private static Candidate measured(SearchReport report, Candidate c) {
        return report.remeasured().stream().filter(r -> r.label().equals(c.label())).findFirst()
                .orElse(c);
    }

    /** Writes the candidate's spec file (unless a trial already started) and makes its job. */
    private static TrialJob job(Candidate c, SearchSpace space, SearchReport report,
            ProxyOptions options, Path dir) throws IOException {
        Path spec = dir.resolve(c.label() + ".spec.json");
        Path runDir = dir.resolve(c.label());
        if (!Files.isRegularFile(spec)) {
            ReportFiles.specFile(c, space, report).write(spec);
        }
        List<String> overrides = new ArrayList<>(List.of("epochs=" + options.epochs(),
                "batchSize=64", "data.workers=2", "optimizer.lr=0.1", "optimizer.nesterov=true",
                "schedule.warmupEpochs=1", "checkpoint.keepLast=2"));
        if (options.limitPerClass() != null) {
            overrides.add("data.limitPerClass=" + options.limitPerClass());
        }
        overrides.addAll(options.overrides());
        Recipe recipe = Recipes.applyOverrides(Recipe.defaults(spec.toString(), options.kind(),
                options.train()), overrides);
        return new TrialJob(c.label(), spec.toString(), runDir.toString(),
                Recipes.toJson(recipe));
    }

    /**
     * Runs one trial to its end: reads back a finished one, resumes an interrupted one, or
     * starts it.
     *
     * @param job the trial
     * @param log progress lines (one per epoch)
     * @return its best validation top-1, percent
     * @throws IOException when it cannot read its data or write its files
     */
    public static double runJob(TrialJob job, Consumer<String> log) throws IOException {
        Path runDir = Path.of(job.runDir());
        Path summary = runDir.resolve(TrainRun.SUMMARY_FILE);
        if (Files.isRegularFile(summary)) {
            log.accept("  finished earlier: " + summary);
            return 100 * RunSummary.read(summary).bestValTop1();
        }
        Progress progress = progress(log);
        TrainRun.Result result;
        if (Files.isRegularFile(runDir.resolve(RunDirectory.RECIPE_FILE))) {
            log.accept("  resuming " + runDir);
            result = TrainRun.resume(runDir, progress);
        } else {
            Recipe recipe = Recipes.parse(job.recipeJson(), Recipes.Format.JSON, job.label());
            result = TrainRun.start(recipe, runDir, progress);
        }
        return 100 * result.summary().bestValTop1();
    }

    /** Epoch lines only: no per-step output. */
    private static Progress progress(Consumer<String> log) {
        return new Progress() {
            @Override
            public void message(String text) {
                log.accept("  " + text);
            }

            @Override
            public void epochStart(int epoch, int epochs, int firstBatch, int batches) {}

            @Override
            public void step(int batch, double loss, double learningRate,
                    double imagesPerSecond) {}

            @Override
            public void epochEnd(EpochMetrics m) {
                log.accept("  " + dev.hsresnet.train.loop.LoggingProgress.describe(m));
            }
        };
    }
}
