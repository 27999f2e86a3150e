package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * How to train a semantic-segmentation model: the network, the data, the joint augmentation, the
 * loss, the optimizer and schedule (the classifier recipe's sections), evaluation and
 * checkpoints. Read with {@link Recipes#load(java.nio.file.Path, Class)}; every section and key
 * but {@code model.name} and {@code data.root} has a default.
 *
 * <pre>{@code
 * {"model": {"name": "fpn_hs_resnet26_lite"},
 *  "data": {"kind": "camvid", "root": "target/camvid"},
 *  "epochs": 80, "batchSize": 8,
 *  "augment": {"crop": [288, 384], "scaleMin": 0.75, "scaleMax": 1.75},
 *  "loss": {"classWeights": "median-frequency"}}
 * }</pre>
 *
 * @param model the network
 * @param data the splits
 * @param epochs passes over the training split, default 80
 * @param batchSize image-mask pairs per step, default 8
 * @param seed seed of the weights, the data order and every augmentation, default 0
 * @param augment the joint training augmentation
 * @param loss the loss
 * @param optimizer SGD settings (default lr 0.05, momentum 0.9, weight decay 5e-4)
 * @param schedule the learning-rate schedule (default cosine with 2 warm-up epochs)
 * @param evalEvery evaluate on the validation split every this many epochs (and after the last),
 *     default 1
 * @param checkpoint checkpointing
 */
@JsonPropertyOrder({"model", "data", "epochs", "batchSize", "seed", "augment", "loss",
    "optimizer", "schedule", "evalEvery", "checkpoint"})
public record SegmentationRecipe(
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
        Recipe.Checkpoint checkpoint) {

    /** Validates. */
    public SegmentationRecipe {
        Check.required("model", model);
        Check.required("data", data);
        Check.between("epochs", epochs, 1, 100_000);
        Check.between("batchSize", batchSize, 1, 4096);
        Check.between("evalEvery", evalEvery, 1, 100_000);
    }

    /** @return the recipe, null arguments taking their defaults */
    @JsonCreator
    public static SegmentationRecipe of(
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
            @JsonProperty("checkpoint") Recipe.Checkpoint checkpoint) {
        return new SegmentationRecipe(model, data, Check.or(epochs, 80), Check.or(batchSize, 8),
                Check.or(seed, 0L), Check.or(augment, Augment.DEFAULT), Check.or(loss, Loss.DEFAULT),
                Check.or(optimizer, Recipe.Optimizer.of(0.05, null, null, null, null)),
                Check.or(schedule, Recipe.Schedule.of(null, 2.0, null, null, null)),
                Check.or(evalEvery, 1), Check.or(checkpoint, Recipe.Checkpoint.DEFAULT));
    }

    /**
     * The network.
     *
     * @param name a registered segmentation name, e.g. {@code fpn_hs_resnet26_lite} (required)
     * @param auxHead add the auxiliary FCN head on C4 (training only), default false
     * @param backbone a classification model directory whose weights start the backbone
     *     (checked by name and shape), or null for random initialization
     * @param frozenStages backbone stages kept frozen, mmdet's {@code frozen_stages}: -1 none
     *     (the default), 0 the stem, k the stem and stages 1..k
     */
    @JsonPropertyOrder({"name", "auxHead", "backbone", "frozenStages"})
    public record Model(String name, boolean auxHead, String backbone, int frozenStages) {
        /** Validates. */
        public Model {
            Check.nonBlank("name", name);
            Check.between("frozenStages", frozenStages, -1, 4);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Model of(@JsonProperty("name") String name,
                @JsonProperty("auxHead") Boolean auxHead,
                @JsonProperty("backbone") String backbone,
                @JsonProperty("frozenStages") Integer frozenStages) {
            return new Model(name, Check.or(auxHead, false), backbone, Check.or(frozenStages, -1));
        }
    }

    /**
     * The splits: for {@code camvid}, {@code root} holds the SegNet layout and {@code train},
     * {@code val}, {@code test} are split names; for {@code folder}, they are folders (relative
     * to {@code root}) of the generic layout ({@code images/}, {@code masks/}, {@code
     * classes.txt}, optional {@code ignore.txt}).
     *
     * @param kind {@code camvid} or {@code folder}, default camvid
     * @param root the dataset folder (required)
     * @param train the training split, default {@code train}
     * @param val the validation split, default {@code val}
     * @param test the test split evaluated after training: default {@code test} for camvid and
     *     none for folder; {@code none} for none
     * @param workers decoding threads, default 2
     */
    @JsonPropertyOrder({"kind", "root", "train", "val", "test", "workers"})
    public record Data(String kind, String root, String train, String val, String test,
            int workers) {
        /** Validates. */
        public Data {
            if (!List.of("camvid", "folder").contains(kind)) {
                throw Check.fail("kind", "must be camvid or folder", kind);
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
            String k = Check.or(kind, "camvid");
            String t = test == null ? (k.equals("camvid") ? "test" : null)
                    : test.isBlank() || test.equals("none") ? null : test;
            return new Data(k, root, Check.or(train, "train"), Check.or(val, "val"), t,
                    Check.or(workers, 2));
        }
    }

    /**
     * The joint training augmentation: random scale, random crop (ignore-padded when the scaled
     * image is smaller), horizontal flip, photometric jitter, then normalization. Evaluation uses
     * whole images, normalized only.
     *
     * @param crop crop height and width in pixels, default 288 x 384
     * @param scaleMin smallest random scale factor, default 0.75
     * @param scaleMax largest random scale factor, default 1.75
     * @param flip random horizontal flips, default true
     * @param brightness brightness jitter strength, default 0.2 (0 = off)
     * @param contrast contrast jitter strength, default 0.2
     * @param saturation saturation jitter strength, default 0.2
     */
    @JsonPropertyOrder({"crop", "scaleMin", "scaleMax", "flip", "brightness", "contrast",
        "saturation"})
    public record Augment(List<Integer> crop, double scaleMin, double scaleMax, boolean flip,
            double brightness, double contrast, double saturation) {
        /** Every default. */
        public static final Augment DEFAULT = of(null, null, null, null, null, null, null);

        /** Validates. */
        public Augment {
            if (crop == null || crop.size() != 2 || crop.get(0) == null || crop.get(1) == null
                    || crop.get(0) < 32 || crop.get(1) < 32 || crop.get(0) > 4096
                    || crop.get(1) > 4096) {
                throw Check.fail("crop", "must be [height, width], each 32..4096", crop);
            }
            crop = List.copyOf(crop);
            Check.range("scaleMin", scaleMin, 0.1, true, 10, true);
            Check.range("scaleMax", scaleMax, scaleMin, true, 10, true);
            Check.range("brightness", brightness, 0, true, 1, true);
            Check.range("contrast", contrast, 0, true, 1, true);
            Check.range("saturation", saturation, 0, true, 1, true);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Augment of(@JsonProperty("crop") List<Integer> crop,
                @JsonProperty("scaleMin") Double scaleMin,
                @JsonProperty("scaleMax") Double scaleMax,
                @JsonProperty("flip") Boolean flip,
                @JsonProperty("brightness") Double brightness,
                @JsonProperty("contrast") Double contrast,
                @JsonProperty("saturation") Double saturation) {
            return new Augment(Check.or(crop, List.of(288, 384)), Check.or(scaleMin, 0.75),
                    Check.or(scaleMax, 1.75), Check.or(flip, true), Check.or(brightness, 0.2),
                    Check.or(contrast, 0.2), Check.or(saturation, 0.2));
        }

        /** @return crop height */
        public int cropHeight() {
            return crop.get(0);
        }

        /** @return crop width */
        public int cropWidth() {
            return crop.get(1);
        }
    }

    /**
     * The loss: per-pixel cross-entropy with the dataset's ignore index.
     *
     * @param classWeights {@code none} or {@code median-frequency} (SegNet's balancing, computed
     *     from the training split's masks), default none
     * @param auxWeight weight of the auxiliary head's loss when the model has one, default 0.4
     */
    @JsonPropertyOrder({"classWeights", "auxWeight"})
    public record Loss(String classWeights, double auxWeight) {
        /** Every default. */
        public static final Loss DEFAULT = of(null, null);

        /** Validates. */
        public Loss {
            if (!List.of("none", "median-frequency").contains(classWeights)) {
                throw Check.fail("classWeights", "must be none or median-frequency", classWeights);
            }
            Check.range("auxWeight", auxWeight, 0, true, 10, true);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Loss of(@JsonProperty("classWeights") String classWeights,
                @JsonProperty("auxWeight") Double auxWeight) {
            return new Loss(Check.or(classWeights, "none"), Check.or(auxWeight, 0.4));
        }
    }
}
