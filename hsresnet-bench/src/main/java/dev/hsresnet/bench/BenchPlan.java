package dev.hsresnet.bench;

import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a run times: models, paths, modes, batch sizes, timing, and whether the peak is measured.
 *
 * <p>Batch sizes, unless given: ImageNet-scale models (224x224) infer at 1 and 8 and train at 8 and
 * 32 ({@code quick}: 8 only); CIFAR-scale models (32x32) infer at 1 and 128 and train at 128.
 *
 * @param models canonical registry names, in the order they run
 * @param paths implementations to run
 * @param modes modes to run
 * @param batches batch sizes for every model and mode, or empty for the defaults above
 * @param timing warm-up and timed steps of every case
 * @param quick fewer cases (see above)
 * @param peakSize matrix size of the peak measurement, or 0 to skip it
 */
public record BenchPlan(List<String> models, Set<BenchPath> paths, Set<Mode> modes,
        List<Integer> batches, TimingPolicy timing, boolean quick, int peakSize) {

    /** The networks a default run times: the paper-scale pair and the CIFAR-scale pair. */
    public static final List<String> DEFAULT_MODELS =
            List.of("hs_resnet50", "resnet50d", "hs_resnet29_cifar", "resnet29_cifar");
    /** A default run: at least 2 untimed steps and 3 s, then at least 10 timed steps and 2 s. */
    public static final TimingPolicy DEFAULT_TIMING = new TimingPolicy(2, 3.0, 10, 2.0);
    /** A quick run: at least 1 untimed step and 1 s, then at least 3 timed steps and 0.5 s. */
    public static final TimingPolicy QUICK_TIMING = new TimingPolicy(1, 1.0, 3, 0.5);

    /**
     * Validates the plan and turns aliases into registry names.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public BenchPlan {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(modes, "modes");
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(timing, "timing");
        if (models.isEmpty() || paths.isEmpty() || modes.isEmpty()) {
            throw new IllegalArgumentException("a benchmark needs at least one model, path and "
                    + "mode");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String m : models) {
            names.add(Models.get(m.trim()).name());
        }
        models = List.copyOf(names);
        paths = Set.copyOf(paths);
        modes = Set.copyOf(modes);
        for (int b : batches) {
            if (b < 1) {
                throw new IllegalArgumentException("batch sizes must be >= 1, got " + b);
            }
        }
        batches = List.copyOf(new LinkedHashSet<>(batches));
        if (peakSize < 0) {
            throw new IllegalArgumentException("peak matrix size must be >= 0 (0 = skip), got "
                    + peakSize);
        }
        if (paths.stream().noneMatch(p -> p.supports(Mode.TRAIN))
                && !modes.contains(Mode.INFERENCE)) {
            throw new IllegalArgumentException("the onnx paths only infer; add --modes inference "
                    + "or another path");
        }
    }

    /** @return the default run: every path and mode, the default models, the default timing */
    public static BenchPlan defaults() {
        return new BenchPlan(DEFAULT_MODELS, EnumSet.allOf(BenchPath.class),
                EnumSet.allOf(Mode.class), List.of(), DEFAULT_TIMING, false,
                PeakFlops.DEFAULT_SIZE);
    }

    /** @return the quick run: the quick timing, no ImageNet batch-32 training step */
    public static BenchPlan quickDefaults() {
        return defaults().withQuick(true).withTiming(QUICK_TIMING);
    }

    /** @return a copy with other models */
    public BenchPlan withModels(List<String> newModels) {
        return new BenchPlan(newModels, paths, modes, batches, timing, quick, peakSize);
    }

    /** @return a copy with other paths */
    public BenchPlan withPaths(Set<BenchPath> newPaths) {
        return new BenchPlan(models, newPaths, modes, batches, timing, quick, peakSize);
    }

    /** @return a copy with other modes */
    public BenchPlan withModes(Set<Mode> newModes) {
        return new BenchPlan(models, paths, newModes, batches, timing, quick, peakSize);
    }

    /** @return a copy with the given batch sizes for everything (empty: the defaults) */
    public BenchPlan withBatches(List<Integer> newBatches) {
        return new BenchPlan(models, paths, modes, newBatches, timing, quick, peakSize);
    }

    /** @return a copy with another timing policy */
    public BenchPlan withTiming(TimingPolicy newTiming) {
        return new BenchPlan(models, paths, modes, batches, newTiming, quick, peakSize);
    }

    /** @return a copy with quick batch sizes on or off */
    public BenchPlan withQuick(boolean newQuick) {
        return new BenchPlan(models, paths, modes, batches, timing, newQuick, peakSize);
    }

    /** @return a copy with another peak matrix size (0: no peak measurement) */
    public BenchPlan withPeakSize(int newPeakSize) {
        return new BenchPlan(models, paths, modes, batches, timing, quick, newPeakSize);
    }

    /**
     * @param model a canonical registry name
     * @param mode the mode
     * @return the batch sizes the plan times for this model and mode
     */
    public List<Integer> batchesFor(String model, Mode mode) {
        if (!batches.isEmpty()) {
            return batches;
        }
        boolean imagenet = "imagenet".equals(Models.get(model).family());
        if (mode == Mode.INFERENCE) {
            return imagenet ? List.of(1, 8) : List.of(1, 128);
        }
        return imagenet ? (quick ? List.of(8) : List.of(8, 32)) : List.of(128);
    }

    /** @return every case, grouped by model, then mode, then batch, then path */
    public List<BenchCase> cases() {
        List<BenchCase> cases = new ArrayList<>();
        for (String model : models) {
            ModelEntry entry = Models.get(model);
            for (Mode mode : List.of(Mode.INFERENCE, Mode.TRAIN)) {
                if (!modes.contains(mode)) {
                    continue;
                }
                for (int batch : batchesFor(model, mode)) {
                    for (BenchPath path : List.of(BenchPath.PYTORCH, BenchPath.DJL,
                            BenchPath.ONNX, BenchPath.ONNX_INT8)) {
                        if (paths.contains(path) && path.supports(mode)) {
                            cases.add(new BenchCase(model, path, mode, batch,
                                    entry.inputSize()));
                        }
                    }
                }
            }
        }
        return cases;
    }
}
