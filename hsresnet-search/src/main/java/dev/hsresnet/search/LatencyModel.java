package dev.hsresnet.search;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.StageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Predicted latency of every candidate of a space, from a {@link LatencyTable}: the fixed part
 * plus one entry per stage; on ONNX Runtime then {@link Calibration calibrated} to end-to-end
 * time (on DJL the parts are a forward's own, and add up to it).
 *
 * <ul>
 *   <li>On DJL each stage option is timed inside a whole network ({@code ResNet.forwardTimed}:
 *       the time of each stage, of the stem and of the head of one forward), so a stage runs
 *       with the caches its neighbours leave, as it will in the candidate. One network carries
 *       one option of every stage at once, so a space of 22 options per stage needs 22 networks.
 *   <li>On ONNX Runtime a session cannot be timed inside, so each block is timed alone ({@link
 *       BlockMeter}: cold weights, warm input) and a stage is its first block plus {@code depth
 *       - 1} times its other block.
 * </ul>
 *
 * {@link #ensure} measures what the table lacks, saving the table after each measurement, so an
 * interrupted measurement resumes where it stopped.
 */
public final class LatencyModel {

    private final Calibration calibration;
    private final double fixedMs;
    private final double fixedP90Ms;
    private final double[][] median;
    private final double[][] p90;

    private LatencyModel(Calibration calibration, double fixedMs, double fixedP90Ms,
            double[][] median, double[][] p90) {
        this.calibration = calibration;
        this.fixedMs = fixedMs;
        this.fixedP90Ms = fixedP90Ms;
        this.median = median;
        this.p90 = p90;
    }

    /** @return whether the table's entries are stages timed in networks (DJL), not blocks */
    static boolean staged(LatencyTable table) {
        return Engine.parse(table.fingerprint().engine()) == Engine.DJL;
    }

    /** @return the ids a space needs from a table of its engine */
    static List<String> needed(CostModel costs, boolean staged) {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        if (staged) {
            ids.add(costs.stemId());
            ids.add(costs.headId());
            for (int i = 0; i < costs.space().stages().size(); i++) {
                for (int j = 0; j < costs.space().stages().get(i).size(); j++) {
                    ids.add(costs.stageId(i, j));
                }
            }
        } else {
            for (BlockKey k : costs.blocks()) {
                ids.add(k.id());
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Measures the parts and the calibration the table lacks, writing the table after each.
     *
     * @param costs the space's cost model
     * @param table the table so far (its fingerprint already checked)
     * @param meter the engine's meter
     * @param file where the table is kept, or null to keep it in memory only
     * @param log progress lines
     * @return the completed table
     * @throws Exception from the engine or when the file cannot be written
     */
    static LatencyTable ensure(CostModel costs, LatencyTable table, BlockMeter meter, Path file,
            Consumer<String> log) throws Exception {
        SearchSpace space = costs.space();
        boolean staged = staged(table);
        CostModel baseCosts = CostModel.of(baseOnly(space));
        java.util.LinkedHashSet<String> want = new java.util.LinkedHashSet<>(needed(costs,
                staged));
        want.addAll(needed(baseCosts, staged));
        int missing = 0;
        for (String id : want) {
            missing += table.parts().containsKey(id) ? 0 : 1;
        }
        String id = calibrationId(space.base());
        if (missing > 0 || !staged && !table.calibrations().containsKey(id)) {
            meter.warmUp(config(space.base(), space.base().spec()));
        }
        if (missing > 0) {
            log.accept("latency table: measuring " + missing + (staged ? " stages (in whole "
                    + "networks)" : " blocks") + " on " + table.fingerprint().engine()
                    + " (batch " + table.fingerprint().batch() + ")");
        }
        int[] done = {0};
        if (staged) {
            table = measureStages(costs, table, meter, file, log, missing, done);
            table = measureStages(baseCosts, table, meter, file, log, missing, done);
        } else {
            table = measureBlocks(costs, table, meter, file, log, missing, done);
            table = measureBlocks(baseCosts, table, meter, file, log, missing, done);
        }
        if (!table.calibrations().containsKey(id)) {
            if (staged) {
                // the parts of a DJL forward add up to that forward: nothing to calibrate, and
                // networks timed minutes later would only bring the machine's drift in
                table = table.withCalibration(id, IDENTITY);
                save(table, file);
            } else {
                Calibration c = calibrate(costs, baseCosts, table, meter, log);
                table = table.withCalibration(id, c);
                save(table, file);
                log.accept(String.format(Locale.ROOT, "latency table: calibrated on %d networks: "
                        + "end to end = %.3f x parts %+.2f ms", c.anchors().size(), c.scale(),
                        c.offsetMs()));
            }
        }
        return table;
    }

    /**
     * Times the stage options the table lacks, several at once: network {@code k} carries the
     * {@code k}-th missing option of every stage (stages with fewer take their first option).
     */
    private static LatencyTable measureStages(CostModel costs, LatencyTable table,
            BlockMeter meter, Path file, Consumer<String> log, int total, int[] done)
            throws Exception {
        SearchSpace space = costs.space();
        int n = space.stages().size();
        List<List<Integer>> missing = new ArrayList<>();
        int rounds = 0;
        for (int i = 0; i < n; i++) {
            List<Integer> m = new ArrayList<>();
            for (int j = 0; j < space.stages().get(i).size(); j++) {
                if (!table.parts().containsKey(costs.stageId(i, j))) {
                    m.add(j);
                }
            }
            missing.add(m);
            rounds = Math.max(rounds, m.size());
        }
        boolean fixedMissing = !table.parts().containsKey(costs.stemId())
                || !table.parts().containsKey(costs.headId());
        rounds = Math.max(rounds, fixedMissing ? 1 : 0);
        for (int k = 0; k < rounds; k++) {
            int[] choice = new int[n];
            for (int i = 0; i < n; i++) {
                choice[i] = k < missing.get(i).size() ? missing.get(i).get(k) : 0;
            }
            Latency[] parts = meter.stages(config(space.base(), space.spec(choice)));
            List<String> ids = new ArrayList<>();
            List<Latency> values = new ArrayList<>();
            ids.add(costs.stemId());
            values.add(parts[0]);
            for (int i = 0; i < n; i++) {
                ids.add(costs.stageId(i, choice[i]));
                values.add(parts[1 + i]);
            }
            ids.add(costs.headId());
            values.add(parts[n + 1]);
            for (int p = 0; p < ids.size(); p++) {
                if (!table.parts().containsKey(ids.get(p))) {
                    table = record(table, ids.get(p), values.get(p), file, log, total,
                            ++done[0]);
                }
            }
        }
        return table;
    }

    private static LatencyTable measureBlocks(CostModel costs, LatencyTable table,
            BlockMeter meter, Path file, Consumer<String> log, int total, int[] done)
            throws Exception {
        SearchSpace space = costs.space();
        for (int i = 0; i < space.stages().size(); i++) {
            for (int j = 0; j < space.stages().get(i).size(); j++) {
                StageOption o = space.stages().get(i).get(j);
                BlockKey first = costs.firstBlock(i, j);
                BlockKey repeat = costs.repeatBlock(i, j);
                boolean needFirst = !table.parts().containsKey(first.id());
                boolean needRepeat = o.depth() > 1 && !table.parts().containsKey(repeat.id());
                if (!needFirst && !needRepeat) {
                    continue;
                }
                ModelConfig probe = probe(space, i, o);
                if (needFirst) {
                    table = record(table, first.id(), meter.block(probe, i, 0, first), file, log,
                            total, ++done[0]);
                }
                if (needRepeat) {
                    table = record(table, repeat.id(), meter.block(probe, i, 1, repeat), file,
                            log, total, ++done[0]);
                }
            }
        }
        return table;
    }

    private static LatencyTable record(LatencyTable table, String id, Latency latency,
            Path file, Consumer<String> log, int total, int n) throws IOException {
        LatencyTable t = table.withPart(id, latency);
        save(t, file);
        log.accept(String.format(Locale.ROOT, "  [%d/%d] %s: median %.3f ms, p90 %.3f ms", n,
                total, id, latency.medianMs(), latency.p90Ms()));
        return t;
    }

    private static void save(LatencyTable table, Path file) throws IOException {
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            table.write(file);
        }
    }

    /**
     * A small network that holds option {@code o} at stage {@code i} with two blocks (so both its
     * first and its other block can be timed): the base's stem, one plain block for each earlier
     * stage (the channels entering stage {@code i} are the base's), no later stages, no head.
     */
    static ModelConfig probe(SearchSpace space, int i, StageOption o) {
        ResNetSpec base = space.base().spec();
        List<StageSpec> stages = new ArrayList<>();
        for (int k = 0; k < i; k++) {
            stages.add(StageSpec.plain(1, base.stages().get(k).planes()));
        }
        stages.add(o.withDepth(2).stage(base.stages().get(i).planes()));
        return config(space.base(), base.toBuilder().stages(stages).numClasses(0).build());
    }

    /** @return a network with the base's name, input and preprocessing */
    static ModelConfig config(ModelEntry base, ResNetSpec spec) {
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, base.name(), spec,
                base.preprocessing(), null, null);
    }

    /** @return a space of the base model alone */
    static SearchSpace baseOnly(SearchSpace space) {
        List<List<StageOption>> stages = new ArrayList<>();
        for (StageSpec s : space.base().spec().stages()) {
            stages.add(List.of(StageOption.of(s)));
        }
        return new SearchSpace(space.base(), stages);
    }

    /**
     * Measures the anchors end to end: the space's candidate with the smallest summed parts,
     * the one with the largest, and the base.
     */
    private static Calibration calibrate(CostModel costs, CostModel baseCosts, LatencyTable table,
            BlockMeter meter, Consumer<String> log) throws Exception {
        SearchSpace space = costs.space();
        LatencyModel raw = of(costs, table, IDENTITY);
        int n = space.stages().size();
        int[] fastest = new int[n];
        int[] slowest = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 1; j < space.stages().get(i).size(); j++) {
                fastest[i] = raw.stageMs(i, j) < raw.stageMs(i, fastest[i]) ? j : fastest[i];
                slowest[i] = raw.stageMs(i, j) > raw.stageMs(i, slowest[i]) ? j : slowest[i];
            }
        }
        List<Calibration.Anchor> anchors = new ArrayList<>();
        for (int[] c : java.util.Arrays.equals(fastest, slowest) ? List.of(fastest)
                : List.of(fastest, slowest)) {
            anchors.add(anchor(space.label(c), config(space.base(), space.spec(c)),
                    raw.predict(c), raw.predictP90(c), meter, log));
        }
        LatencyModel base = of(baseCosts, table, IDENTITY);
        int[] none = new int[n];
        anchors.add(anchor("base " + space.base().name(), config(space.base(),
                space.base().spec()), base.predict(none), base.predictP90(none), meter, log));
        return Calibration.fit(anchors);
    }

    private static Calibration.Anchor anchor(String label, ModelConfig config, double partsMs,
            double partsP90Ms, BlockMeter meter, Consumer<String> log) throws Exception {
        Latency e2e = meter.endToEnd(config);
        log.accept(String.format(Locale.ROOT, "latency table: %s end to end %.2f ms, its parts "
                + "%.2f ms", label, e2e.medianMs(), partsMs));
        return new Calibration.Anchor(label, e2e, partsMs, partsP90Ms);
    }

    /**
     * @return the id of a calibration: what the fixed part depends on (stem, classes, the last
     *     stage's channels, the input size)
     */
    static String calibrationId(ModelEntry base) {
        ResNetSpec s = base.spec();
        return "stem-" + s.stem().id() + s.stemChannels() + "-in" + s.inChannels() + "-"
                + base.inputSize() + "px-head" + s.featureChannels() + "x" + s.numClasses();
    }

    /**
     * @param costs the space's cost model
     * @param table a table holding every part of the space and its base's calibration
     * @return the predictions
     * @throws IllegalArgumentException naming the first part the table lacks
     */
    public static LatencyModel of(CostModel costs, LatencyTable table) {
        Calibration c = table.calibrations().get(calibrationId(costs.space().base()));
        if (c == null) {
            throw new IllegalArgumentException("the latency table has no calibration for "
                    + costs.space().base().name());
        }
        return of(costs, table, c);
    }

    private static final Calibration IDENTITY = new Calibration(List.of(), 1, 0);

    private static LatencyModel of(CostModel costs, LatencyTable table, Calibration calibration) {
        SearchSpace space = costs.space();
        boolean staged = staged(table);
        int n = space.stages().size();
        double[][] median = new double[n][];
        double[][] p90 = new double[n][];
        for (int i = 0; i < n; i++) {
            int m = space.stages().get(i).size();
            median[i] = new double[m];
            p90[i] = new double[m];
            for (int j = 0; j < m; j++) {
                if (staged) {
                    Latency stage = lookup(table, costs.stageId(i, j));
                    median[i][j] = stage.medianMs();
                    p90[i][j] = stage.p90Ms();
                    continue;
                }
                int depth = space.stages().get(i).get(j).depth();
                Latency first = lookup(table, costs.firstBlock(i, j).id());
                median[i][j] = first.medianMs();
                p90[i][j] = first.p90Ms();
                if (depth > 1) {
                    Latency repeat = lookup(table, costs.repeatBlock(i, j).id());
                    median[i][j] += (depth - 1) * repeat.medianMs();
                    p90[i][j] += (depth - 1) * repeat.p90Ms();
                }
            }
        }
        double fixed = 0;
        double fixedP90 = 0;
        if (staged) {
            for (String id : List.of(costs.stemId(), costs.headId())) {
                Latency l = lookup(table, id);
                fixed += l.medianMs();
                fixedP90 += l.p90Ms();
            }
        }
        return new LatencyModel(calibration, fixed, fixedP90, median, p90);
    }

    private static Latency lookup(LatencyTable table, String id) {
        Latency l = table.parts().get(id);
        if (l == null) {
            throw new IllegalArgumentException("the latency table has no entry " + id);
        }
        return l;
    }

    /** @return how the summed parts become end-to-end latency */
    public Calibration calibration() {
        return calibration;
    }

    /** @return the predicted median latency of a candidate, milliseconds */
    public double predict(int[] choice) {
        double t = fixedMs;
        for (int i = 0; i < choice.length; i++) {
            t += median[i][choice[i]];
        }
        return calibration.predict(t);
    }

    /** @return the calibrated sum of the p90s of a candidate's parts (an upper estimate) */
    public double predictP90(int[] choice) {
        double t = fixedP90Ms;
        for (int i = 0; i < choice.length; i++) {
            t += p90[i][choice[i]];
        }
        return calibration.predict(t);
    }

    /** @return the latency of option {@code j} of stage {@code i} (uncalibrated), ms */
    public double stageMs(int i, int j) {
        return median[i][j];
    }
}
