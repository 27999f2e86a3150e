package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * How to train an object detector (FCOS): the network, the data, the box-aware augmentation, the
 * loss, the optimizer and schedule (the classifier recipe's sections), evaluation and
 * checkpoints. Read with {@link Recipes#load(java.nio.file.Path, Class)}; every section and key
 * but {@code model.name} and {@code data.root} has a default.
 *
 * <pre>{@code
 * {"model": {"name": "fcos_hs_resnet26_lite"},
 *  "data": {"kind": "raccoon", "root": "target/raccoon/raccoon"},
 *  "epochs": 150, "batchSize": 8,
 *  "augment": {"minShort": 320, "maxShort": 448}}
 * }</pre>
 *
 * @param model the network
 * @param data the splits
 * @param epochs passes over the training split, default 100
 * @param batchSize images per step, default 8
 * @param seed seed of the weights, the data order and every augmentation, default 0
 * @param augment the training augmentation and the evaluation size
 * @param loss the loss
 * @param optimizer SGD settings (default lr 0.01, momentum 0.9, weight decay 1e-4)
 * @param schedule the learning-rate schedule (default cosine with 3 warm-up epochs)
 * @param evalEvery evaluate on the validation split every this many epochs (and after the last),
 *     default 5
 * @param checkpoint checkpointing
 * @param gradClip the largest global L2 norm of the gradients (scaled down to it before each
 *     update), default 35 as mmdet's FCOS; 0 for none. Without it a from-scratch FCOS can blow
 *     up after the warm-up (its logits, and the loss, grow into the millions)
 */
@JsonPropertyOrder({"model", "data", "epochs", "batchSize", "seed", "augment", "loss",
    "optimizer", "schedule", "evalEvery", "checkpoint", "gradClip"})
public record DetectionRecipe(
        Model model,
        Data data,
        int epochs,
        int batchSize,
        long seed,
        Augment augment,
        Loss loss,
        Recipe.Optimizer optimizer,
        Recipe.Schedule schedule,
        int evalEvery,
        Recipe.Checkpoint checkpoint,
        double gradClip) {

    /**
     * The dataset kinds {@code data.kind} takes ({@code pennfudan-instances} and {@code
     * coco-instances} are the sets with their instance masks, for {@link InstanceRecipe}; a
     * detector trains on their boxes).
     */
    public static final List<String> KINDS = List.of("raccoon", "pennfudan", "voc", "coco",
            "csv", "pennfudan-instances", "coco-instances");

    /** Validates. */
    public DetectionRecipe {
        Check.required("model", model);
        Check.required("data", data);
        Check.between("epochs", epochs, 1, 100_000);
        Check.between("batchSize", batchSize, 1, 4096);
        Check.between("evalEvery", evalEvery, 1, 100_000);
        Check.range("gradClip", gradClip, 0, true, 1e6, true);
    }

    /** @return the recipe, null arguments taking their defaults */
    @JsonCreator
    public static DetectionRecipe of(
            @JsonProperty("model") Model model,
            @JsonProperty("data") Data data,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("seed") Long seed,
            @JsonProperty("augment") Augment augment,
            @JsonProperty("loss") Loss loss,
            @JsonProperty("optimizer") Recipe.Optimizer optimizer,
            @JsonProperty("schedule") Recipe.Schedule schedule,
            @JsonProperty("evalEvery") Integer evalEvery,
            @JsonProperty("checkpoint") Recipe.Checkpoint checkpoint,
            @JsonProperty("gradClip") Double gradClip) {
        return new DetectionRecipe(model, data, Check.or(epochs, 100), Check.or(batchSize, 8),
                Check.or(seed, 0L), Check.or(augment, Augment.DEFAULT), Check.or(loss, Loss.DEFAULT),
                Check.or(optimizer, Recipe.Optimizer.of(0.01, null, null, 1e-4, null)),
                Check.or(schedule, Recipe.Schedule.of(null, 3.0, null, null, null)),
                Check.or(evalEvery, 5), Check.or(checkpoint, Recipe.Checkpoint.DEFAULT),
                Check.or(gradClip, 35.0));
    }

    /**
     * The network.
     *
     * @param name a registered detection name, e.g. {@code fcos_hs_resnet26_lite} (required)
     * @param backbone a classification model directory whose weights start the backbone
     *     (checked by name and shape), or null for random initialization
     * @param frozenStages backbone stages kept frozen, mmdet's {@code frozen_stages}: -1 none
     *     (the default), 0 the stem, k the stem and stages 1..k
     * @param normEval run the backbone's BatchNorms in inference mode while training (mmdet's
     *     {@code norm_eval}, for a pretrained backbone on small batches), default false
     */
    @JsonPropertyOrder({"name", "backbone", "frozenStages", "normEval"})
    public record Model(String name, String backbone, int frozenStages, boolean normEval) {
        /** Validates. */
        public Model {
            Check.nonBlank("name", name);
            Check.between("frozenStages", frozenStages, -1, 4);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Model of(@JsonProperty("name") String name,
                @JsonProperty("backbone") String backbone,
                @JsonProperty("frozenStages") Integer frozenStages,
                @JsonProperty("normEval") Boolean normEval) {
            return new Model(name, backbone, Check.or(frozenStages, -1), Check.or(normEval, false));
        }
    }

    /**
     * The splits, as {@code dev.hsresnet.data.detection.DetectionSets} opens them: for {@code
     * raccoon} and {@code pennfudan}, {@code root} is the extracted archive's folder and the
     * split names are the fixed splits ({@code train}, {@code val}, {@code train-val}, {@code
     * test}, {@code all}; docs/detection.md); for the others, names of split files or sets.
     *
     * @param kind {@code raccoon}, {@code pennfudan}, {@code voc}, {@code coco}, {@code csv} or
     *     {@code pennfudan-instances}, default raccoon
     * @param root the dataset folder (required)
     * @param train the training split, default {@code train-val} (raccoon's and Penn-Fudan's
     *     training split without its validation part)
     * @param val the validation split, default {@code val}
     * @param test the test split evaluated after training, default {@code test}; {@code none} for
     *     none
     * @param workers decoding threads, default 2
     */
    @JsonPropertyOrder({"kind", "root", "train", "val", "test", "workers"})
    public record Data(String kind, String root, String train, String val, String test,
            int workers) {
        /** Validates. */
        public Data {
            if (!KINDS.contains(kind)) {
                throw Check.fail("kind", "must be one of " + String.join(", ", KINDS), kind);
            }
            Check.nonBlank("root", root);
            Check.nonBlank("train", train);
            Check.nonBlank("val", val);
            Check.between("workers", workers, 0, 64);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Data of(@JsonProperty("kind") String kind,
                @JsonProperty("root") String root,
                @JsonProperty("train") String train,
                @JsonProperty("val") String val,
                @JsonProperty("test") String test,
                @JsonProperty("workers") Integer workers) {
            String t = test == null ? "test" : test.isBlank() || test.equals("none") ? null : test;
            return new Data(Check.or(kind, "raccoon"), root, Check.or(train, "train-val"),
                    Check.or(val, "val"), t, Check.or(workers, 2));
        }
    }

    /**
     * The training augmentation, as FCOS and torchvision's detection references train: the image
     * resized with its aspect kept to a short side drawn in {@code [minShort, maxShort]} (the
     * long side at most {@code maxLongSide}), a horizontal flip with probability 0.5, photometric
     * jitter (brightness, contrast, saturation 0.2), normalization; a batch is padded to its
     * largest image rounded up to a multiple of 32. Evaluation resizes to a short side of {@code
     * evalShort} (long side at most {@code maxLongSide}) and normalizes only.
     *
     * @param minShort smallest training short side in pixels, default 320
     * @param maxShort largest training short side in pixels, default 448
     * @param maxLongSide cap of the long side in pixels, training and evaluation, default 640
     * @param evalShort evaluation short side in pixels, default 384
     */
    @JsonPropertyOrder({"minShort", "maxShort", "maxLongSide", "evalShort"})
    public record Augment(int minShort, int maxShort, int maxLongSide, int evalShort) {
        /** Every default. */
        public static final Augment DEFAULT = of(null, null, null, null);

        /** Validates. */
        public Augment {
            Check.between("minShort", minShort, 32, 4096);
            Check.between("maxShort", maxShort, minShort, 4096);
            Check.between("maxLongSide", maxLongSide, 32, 8192);
            Check.between("evalShort", evalShort, 32, maxLongSide);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Augment of(@JsonProperty("minShort") Integer minShort,
                @JsonProperty("maxShort") Integer maxShort,
                @JsonProperty("maxLongSide") Integer maxLongSide,
                @JsonProperty("evalShort") Integer evalShort) {
            return new Augment(Check.or(minShort, 320), Check.or(maxShort, 448),
                    Check.or(maxLongSide, 640), Check.or(evalShort, 384));
        }
    }

    /**
     * The FCOS loss: sigmoid focal loss over every point and class, GIoU on the positive points,
     * centerness BCE on them, each normalized by the number of positives, then weighted.
     *
     * @param focalAlpha the focal loss's alpha, default 0.25
     * @param focalGamma the focal loss's gamma, default 2
     * @param boxWeight weight of the GIoU term, default 1
     * @param centernessWeight weight of the centerness term, default 1
     */
    @JsonPropertyOrder({"focalAlpha", "focalGamma", "boxWeight", "centernessWeight"})
    public record Loss(double focalAlpha, double focalGamma, double boxWeight,
            double centernessWeight) {
        /** Every default. */
        public static final Loss DEFAULT = of(null, null, null, null);

        /** Validates. */
        public Loss {
            Check.range("focalAlpha", focalAlpha, 0, true, 1, true);
            Check.range("focalGamma", focalGamma, 0, true, 10, true);
            Check.range("boxWeight", boxWeight, 0, true, 100, true);
            Check.range("centernessWeight", centernessWeight, 0, true, 100, true);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Loss of(@JsonProperty("focalAlpha") Double focalAlpha,
                @JsonProperty("focalGamma") Double focalGamma,
                @JsonProperty("boxWeight") Double boxWeight,
                @JsonProperty("centernessWeight") Double centernessWeight) {
            return new Loss(Check.or(focalAlpha, 0.25), Check.or(focalGamma, 2.0),
                    Check.or(boxWeight, 1.0), Check.or(centernessWeight, 1.0));
        }
    }
}
