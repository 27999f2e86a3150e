package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A training recipe: everything a run needs besides the code, saved as {@code recipe.json} beside
 * every run. Only {@code model.name}, {@code data.kind} and {@code data.train} are required; every
 * other key has the default given on its component. A key set to {@code null} (or left empty in
 * YAML) takes its default. Unknown keys are errors.
 *
 * <pre>{@code
 * model: { name: hs_resnet50 }
 * data:  { kind: cifar10, train: data/cifar-10-batches-bin }
 * epochs: 30
 * optimizer: { lr: 0.1, weightDecay: 5.0e-4 }
 * schedule: { kind: cosine, warmupEpochs: 1 }
 * }</pre>
 *
 * <p>Records validate on construction, so a {@code Recipe} in hand is always valid; violations
 * throw {@link RecipeException} naming the field and value.
 *
 * @param model which network to train
 * @param data what to train on
 * @param epochs passes over the training set, default 30
 * @param batchSize images per optimizer step, default 128
 * @param seed seed of every random choice (init, shuffling, augmentation), default 0
 * @param optimizer SGD settings
 * @param schedule learning-rate schedule
 * @param labelSmoothing label smoothing epsilon in [0, 1), default 0
 * @param mixup mixup; off when its alpha is 0 (the default)
 * @param cutmix cutmix; off when its alpha is 0 (the default)
 * @param mixProb probability that a batch is mixed at all when mixup or cutmix is on, default 1
 * @param switchProb probability of cutmix rather than mixup when both are on, default 0.5
 * @param ema exponential moving average of the weights
 * @param checkpoint when checkpoints are written and how many are kept
 */
@JsonPropertyOrder({"model", "data", "epochs", "batchSize", "seed", "optimizer", "schedule", "labelSmoothing",
    "mixup", "cutmix", "mixProb", "switchProb", "ema", "checkpoint"})
public record Recipe(
        Model model,
        Data data,
        int epochs,
        int batchSize,
        long seed,
        Optimizer optimizer,
        Schedule schedule,
        double labelSmoothing,
        Mix mixup,
        Mix cutmix,
        double mixProb,
        double switchProb,
        Ema ema,
        Checkpoint checkpoint) {

    /** Default {@link #epochs()}. */
    public static final int DEFAULT_EPOCHS = 30;
    /** Default {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 128;

    /** Validates every field and the rules that tie sections together. */
    public Recipe {
        Check.required("model", model);
        Check.required("data", data);
        Check.between("epochs", epochs, 1, 1_000_000);
        Check.between("batchSize", batchSize, 1, 1 << 20);
        Check.required("optimizer", optimizer);
        Check.required("schedule", schedule);
        Check.range("labelSmoothing", labelSmoothing, 0, true, 1, false);
        Check.required("mixup", mixup);
        Check.required("cutmix", cutmix);
        Check.range("mixProb", mixProb, 0, true, 1, true);
        Check.range("switchProb", switchProb, 0, true, 1, true);
        Check.required("ema", ema);
        Check.required("checkpoint", checkpoint);
        if (schedule.minLr() > optimizer.lr()) {
            throw Check.fail("schedule.minLr", "must not exceed optimizer.lr (" + Check.fmt(optimizer.lr()) + ")",
                    schedule.minLr());
        }
        if (schedule.warmupEpochs() > epochs) {
            throw Check.fail("schedule.warmupEpochs", "must not exceed epochs (" + epochs + ")",
                    schedule.warmupEpochs());
        }
        for (int m : schedule.milestones()) {
            if (m > epochs) {
                throw Check.fail("schedule.milestones", "each milestone must be <= epochs (" + epochs + ")", m);
            }
        }
    }

    /**
     * The recipe with every default: only the required fields given.
     *
     * @param modelName registry name of the model
     * @param kind data kind
     * @param train training data path
     * @return the recipe
     */
    public static Recipe defaults(String modelName, DataKind kind, String train) {
        return of(Model.of(modelName, null), Data.of(kind, train, null, null, null, null, null, null, null),
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Builds a recipe from possibly-missing values (null = default); what the JSON/YAML reader calls.
     *
     * @return the recipe
     */
    @JsonCreator
    public static Recipe of(
            @JsonProperty("model") Model model,
            @JsonProperty("data") Data data,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("seed") Long seed,
            @JsonProperty("optimizer") Optimizer optimizer,
            @JsonProperty("schedule") Schedule schedule,
            @JsonProperty("labelSmoothing") Double labelSmoothing,
            @JsonProperty("mixup") Mix mixup,
            @JsonProperty("cutmix") Mix cutmix,
            @JsonProperty("mixProb") Double mixProb,
            @JsonProperty("switchProb") Double switchProb,
            @JsonProperty("ema") Ema ema,
            @JsonProperty("checkpoint") Checkpoint checkpoint) {
        if (model == null) {
            throw new RecipeException("model.name", "is required");
        }
        if (data == null) {
            throw new RecipeException("data", "is required (at least data.kind and data.train)");
        }
        return new Recipe(model, data,
                Check.or(epochs, DEFAULT_EPOCHS),
                Check.or(batchSize, DEFAULT_BATCH_SIZE),
                Check.or(seed, 0L),
                Check.or(optimizer, Optimizer.DEFAULT),
                Check.or(schedule, Schedule.DEFAULT),
                Check.or(labelSmoothing, 0.0),
                Check.or(mixup, Mix.OFF),
                Check.or(cutmix, Mix.OFF),
                Check.or(mixProb, 1.0),
                Check.or(switchProb, 0.5),
                Check.or(ema, Ema.DEFAULT),
                Check.or(checkpoint, Checkpoint.DEFAULT));
    }

    /**
     * The network.
     *
     * @param name registry name of the model (required)
     * @param zeroInitLastBn start the last batch norm of each residual branch at zero, default true
     */
    @JsonPropertyOrder({"name", "zeroInitLastBn"})
    public record Model(String name, boolean zeroInitLastBn) {
        /** Validates. */
        public Model {
            Check.nonBlank("name", name);
        }

        /**
         * @param name registry name (required)
         * @param zeroInitLastBn null for the default (true)
         * @return the section
         */
        @JsonCreator
        public static Model of(@JsonProperty("name") String name,
                @JsonProperty("zeroInitLastBn") Boolean zeroInitLastBn) {
            return new Model(name, Check.or(zeroInitLastBn, true));
        }
    }

    /**
     * The data set and its loading.
     *
     * @param kind where images come from (required)
     * @param train training data path (required); relative paths are resolved by the caller
     * @param val validation data path; null to split {@link #valFraction()} off the training data
     * @param valFraction fraction of the training data held out for validation when {@code val} is
     *     absent, in [0, 0.5]; null for the default, see {@link #effectiveValFraction()}
     * @param imageSize side of the square network input in pixels; null for the model's default
     * @param augment training augmentation; null for the default, see {@link #effectiveAugment(int)}
     * @param flip random horizontal flips, default true
     * @param workers image decoding threads, default 2
     * @param limitPerClass use at most this many training images per class (small demos); null for all
     */
    @JsonPropertyOrder({"kind", "train", "val", "valFraction", "imageSize", "augment", "flip", "workers",
        "limitPerClass"})
    public record Data(
            DataKind kind,
            String train,
            String val,
            Double valFraction,
            Integer imageSize,
            Augment augment,
            boolean flip,
            int workers,
            Integer limitPerClass) {

        /** Default validation fraction of a folder data set without a val path. */
        public static final double DEFAULT_FOLDER_VAL_FRACTION = 0.1;
        /** Images up to this size default to pad-and-crop augmentation, larger ones to RRC. */
        public static final int PADCROP_MAX_SIZE = 64;

        /** Validates. */
        public Data {
            Check.required("kind", kind);
            Check.nonBlank("train", train);
            if (val != null) {
                Check.nonBlank("val", val);
            }
            if (valFraction != null) {
                Check.range("valFraction", valFraction, 0, true, 0.5, true);
                if (val != null && valFraction > 0) {
                    throw Check.fail("valFraction", "must be 0 or absent when data.val is given", valFraction);
                }
            }
            if (imageSize != null) {
                Check.between("imageSize", imageSize, 8, 4096);
            }
            Check.between("workers", workers, 0, 1024);
            if (limitPerClass != null) {
                Check.atLeast("limitPerClass", limitPerClass, 1);
            }
        }

        /**
         * @return the section, null arguments taking their defaults
         */
        @JsonCreator
        public static Data of(
                @JsonProperty("kind") DataKind kind,
                @JsonProperty("train") String train,
                @JsonProperty("val") String val,
                @JsonProperty("valFraction") Double valFraction,
                @JsonProperty("imageSize") Integer imageSize,
                @JsonProperty("augment") Augment augment,
                @JsonProperty("flip") Boolean flip,
                @JsonProperty("workers") Integer workers,
                @JsonProperty("limitPerClass") Integer limitPerClass) {
            return new Data(kind, train, val, valFraction, imageSize, augment, Check.or(flip, true),
                    Check.or(workers, 2), limitPerClass);
        }

        /** @return {@link #train()} as a path */
        public Path trainPath() {
            return Path.of(train);
        }

        /** @return {@link #val()} as a path, if given */
        public Optional<Path> valPath() {
            return Optional.ofNullable(val).map(Path::of);
        }

        /**
         * The validation fraction in force: the one given, else 0.1 for a folder data set without a
         * val path and 0 otherwise (those kinds ship their own test split).
         *
         * @return fraction in [0, 0.5]
         */
        public double effectiveValFraction() {
            if (valFraction != null) {
                return valFraction;
            }
            return val == null && kind == DataKind.FOLDER ? DEFAULT_FOLDER_VAL_FRACTION : 0.0;
        }

        /**
         * The augmentation in force: the one given, else pad-and-crop for images up to 64 px and
         * random resized crop above.
         *
         * @param imageSize the input size actually used (this section's or the model's default)
         * @return the augmentation
         */
        public Augment effectiveAugment(int imageSize) {
            if (augment != null) {
                return augment;
            }
            return imageSize <= PADCROP_MAX_SIZE ? Augment.PADCROP : Augment.RRC;
        }
    }

    /**
     * SGD with momentum.
     *
     * @param lr base learning rate (absolute, not scaled by batch size), default 0.1
     * @param momentum in [0, 1), default 0.9
     * @param nesterov Nesterov momentum, default false
     * @param weightDecay L2 weight decay, default 5e-4
     * @param decayBnAndBias also decay batch-norm parameters and biases, default false
     */
    @JsonPropertyOrder({"lr", "momentum", "nesterov", "weightDecay", "decayBnAndBias"})
    public record Optimizer(double lr, double momentum, boolean nesterov, double weightDecay, boolean decayBnAndBias) {
        /** Every default. */
        public static final Optimizer DEFAULT = of(null, null, null, null, null);

        /** Validates. */
        public Optimizer {
            Check.range("lr", lr, 0, false, 100, true);
            Check.range("momentum", momentum, 0, true, 1, false);
            Check.range("weightDecay", weightDecay, 0, true, 1, false);
            if (nesterov && momentum == 0) {
                throw Check.fail("nesterov", "needs momentum > 0", true);
            }
        }

        /**
         * @return the section, null arguments taking their defaults
         */
        @JsonCreator
        public static Optimizer of(
                @JsonProperty("lr") Double lr,
                @JsonProperty("momentum") Double momentum,
                @JsonProperty("nesterov") Boolean nesterov,
                @JsonProperty("weightDecay") Double weightDecay,
                @JsonProperty("decayBnAndBias") Boolean decayBnAndBias) {
            return new Optimizer(Check.or(lr, 0.1), Check.or(momentum, 0.9), Check.or(nesterov, false),
                    Check.or(weightDecay, 5e-4), Check.or(decayBnAndBias, false));
        }
    }

    /**
     * Learning-rate schedule: linear warm-up from 0, then cosine decay or steps.
     *
     * @param kind cosine or step, default cosine
     * @param warmupEpochs linear warm-up length in epochs, may be fractional, default 1
     * @param minLr rate at the end of the cosine decay, default 0
     * @param milestones epochs after which a step schedule multiplies the rate by gamma; strictly
     *     increasing, required (non-empty) for a step schedule, ignored by cosine; default empty
     * @param gamma step factor in (0, 1], default 0.1
     */
    @JsonPropertyOrder({"kind", "warmupEpochs", "minLr", "milestones", "gamma"})
    public record Schedule(ScheduleKind kind, double warmupEpochs, double minLr, List<Integer> milestones, double gamma) {
        /** Every default. */
        public static final Schedule DEFAULT = of(null, null, null, null, null);

        /** Validates; the milestone list is copied. */
        public Schedule {
            Check.required("kind", kind);
            Check.nonNegative("warmupEpochs", warmupEpochs);
            Check.nonNegative("minLr", minLr);
            Check.range("gamma", gamma, 0, false, 1, true);
            Check.required("milestones", milestones);
            int prev = 0;
            for (int i = 0; i < milestones.size(); i++) {
                Integer m = milestones.get(i);
                if (m == null || m <= prev) {
                    throw Check.fail("milestones", "must be positive, strictly increasing epochs", milestones);
                }
                prev = m;
            }
            milestones = List.copyOf(milestones);
            if (kind == ScheduleKind.STEP && milestones.isEmpty()) {
                throw new RecipeException("milestones", "a step schedule needs at least one milestone");
            }
        }

        /**
         * @return the section, null arguments taking their defaults
         */
        @JsonCreator
        public static Schedule of(
                @JsonProperty("kind") ScheduleKind kind,
                @JsonProperty("warmupEpochs") Double warmupEpochs,
                @JsonProperty("minLr") Double minLr,
                @JsonProperty("milestones") List<Integer> milestones,
                @JsonProperty("gamma") Double gamma) {
            return new Schedule(Check.or(kind, ScheduleKind.COSINE), Check.or(warmupEpochs, 1.0),
                    Check.or(minLr, 0.0), Check.or(milestones, List.of()), Check.or(gamma, 0.1));
        }
    }

    /**
     * Mixup or cutmix strength.
     *
     * @param alpha Beta(alpha, alpha) parameter; 0 (the default) turns it off
     */
    @JsonPropertyOrder({"alpha"})
    public record Mix(double alpha) {
        /** Off. */
        public static final Mix OFF = new Mix(0);

        /** Validates. */
        public Mix {
            Check.nonNegative("alpha", alpha);
        }

        /**
         * @param alpha null for the default (0)
         * @return the section
         */
        @JsonCreator
        public static Mix of(@JsonProperty("alpha") Double alpha) {
            return new Mix(Check.or(alpha, 0.0));
        }

        /** @return whether it is on */
        public boolean enabled() {
            return alpha > 0;
        }
    }

    /**
     * Exponential moving average of the weights, evaluated beside the raw ones.
     *
     * @param enabled default false
     * @param decay per-step decay in (0, 1), default 0.9998
     */
    @JsonPropertyOrder({"enabled", "decay"})
    public record Ema(boolean enabled, double decay) {
        /** Every default. */
        public static final Ema DEFAULT = of(null, null);

        /** Validates. */
        public Ema {
            Check.range("decay", decay, 0, false, 1, false);
        }

        /**
         * @return the section, null arguments taking their defaults
         */
        @JsonCreator
        public static Ema of(@JsonProperty("enabled") Boolean enabled, @JsonProperty("decay") Double decay) {
            return new Ema(Check.or(enabled, false), Check.or(decay, 0.9998));
        }
    }

    /**
     * Checkpointing.
     *
     * @param everySteps also checkpoint every this many optimizer steps; 0 (default) = only at epoch ends
     * @param keepLast how many recent checkpoints to keep, default 3
     */
    @JsonPropertyOrder({"everySteps", "keepLast"})
    public record Checkpoint(long everySteps, int keepLast) {
        /** Every default. */
        public static final Checkpoint DEFAULT = of(null, null);

        /** Validates. */
        public Checkpoint {
            if (everySteps < 0) {
                throw Check.fail("everySteps", "must be >= 0", everySteps);
            }
            Check.atLeast("keepLast", keepLast, 1);
        }

        /**
         * @return the section, null arguments taking their defaults
         */
        @JsonCreator
        public static Checkpoint of(@JsonProperty("everySteps") Long everySteps,
                @JsonProperty("keepLast") Integer keepLast) {
            return new Checkpoint(Check.or(everySteps, 0L), Check.or(keepLast, 3));
        }
    }

    /** @return whether mixup or cutmix is on */
    public boolean mixing() {
        return mixup.enabled() || cutmix.enabled();
    }
}
