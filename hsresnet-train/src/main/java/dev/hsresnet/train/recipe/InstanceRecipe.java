package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * How to train an instance segmenter (YOLACT on FCOS, {@code yolact_*}): a {@link
 * DetectionRecipe} (the same sections, keys, defaults and checks, read by the same code) whose
 * loss section adds the mask loss's settings and whose data must have instance masks. Read with
 * {@link Recipes#load(java.nio.file.Path, Class)}.
 *
 * <pre>{@code
 * {"model": {"name": "yolact_hs_resnet26_lite"},
 *  "data": {"kind": "pennfudan-instances", "root": "target/pennfudan/PennFudanPed"},
 *  "epochs": 120, "loss": {"maskWeight": 1, "maxMasks": 100}}
 * }</pre>
 *
 * @param model the network, a registered {@code yolact_*} name
 * @param data the splits, of a kind with instance masks ({@link #KINDS})
 * @param epochs as {@link DetectionRecipe}
 * @param batchSize as {@link DetectionRecipe}
 * @param seed as {@link DetectionRecipe}
 * @param augment as {@link DetectionRecipe}
 * @param loss the detector's loss and the mask loss
 * @param optimizer as {@link DetectionRecipe}
 * @param schedule as {@link DetectionRecipe}
 * @param evalEvery as {@link DetectionRecipe}
 * @param checkpoint as {@link DetectionRecipe}
 * @param gradClip as {@link DetectionRecipe}
 */
@JsonPropertyOrder({"model", "data", "epochs", "batchSize", "seed", "augment", "loss",
    "optimizer", "schedule", "evalEvery", "checkpoint", "gradClip"})
public record InstanceRecipe(
        DetectionRecipe.Model model,
        DetectionRecipe.Data data,
        int epochs,
        int batchSize,
        long seed,
        DetectionRecipe.Augment augment,
        Loss loss,
        Recipe.Optimizer optimizer,
        Recipe.Schedule schedule,
        int evalEvery,
        Recipe.Checkpoint checkpoint,
        double gradClip) {

    /**
     * The dataset kinds with instance masks, which {@code data.kind} must be: Penn-Fudan with its
     * mask PNGs, or a COCO JSON read with every object's {@code segmentation}.
     */
    public static final List<String> KINDS = List.of("pennfudan-instances", "coco-instances");

    /** Validates, as {@link DetectionRecipe} does and the data kind. */
    public InstanceRecipe {
        Check.required("loss", loss);
        detection(model, data, epochs, batchSize, seed, augment, loss, optimizer, schedule,
                evalEvery, checkpoint, gradClip);
        if (!KINDS.contains(data.kind())) {
            throw Check.fail("data.kind", "must be one of " + String.join(", ", KINDS)
                    + " (a kind with instance masks; the detection default raccoon has none)",
                    data.kind());
        }
    }

    /** @return the recipe, null arguments taking {@link DetectionRecipe}'s defaults */
    @JsonCreator
    public static InstanceRecipe of(
            @JsonProperty("model") DetectionRecipe.Model model,
            @JsonProperty("data") DetectionRecipe.Data data,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("seed") Long seed,
            @JsonProperty("augment") DetectionRecipe.Augment augment,
            @JsonProperty("loss") Loss loss,
            @JsonProperty("optimizer") Recipe.Optimizer optimizer,
            @JsonProperty("schedule") Recipe.Schedule schedule,
            @JsonProperty("evalEvery") Integer evalEvery,
            @JsonProperty("checkpoint") Recipe.Checkpoint checkpoint,
            @JsonProperty("gradClip") Double gradClip) {
        DetectionRecipe d = DetectionRecipe.of(model, data, epochs, batchSize, seed, augment,
                null, optimizer, schedule, evalEvery, checkpoint, gradClip);
        return new InstanceRecipe(d.model(), d.data(), d.epochs(), d.batchSize(), d.seed(),
                d.augment(), Check.or(loss, Loss.DEFAULT), d.optimizer(), d.schedule(),
                d.evalEvery(), d.checkpoint(), d.gradClip());
    }

    /**
     * @return the detection recipe of the same settings (its loss the detector's part of this
     *     one): what the run shares with a detector's
     */
    public DetectionRecipe detection() {
        return detection(model, data, epochs, batchSize, seed, augment, loss, optimizer,
                schedule, evalEvery, checkpoint, gradClip);
    }

    private static DetectionRecipe detection(DetectionRecipe.Model model,
            DetectionRecipe.Data data, int epochs, int batchSize, long seed,
            DetectionRecipe.Augment augment, Loss loss, Recipe.Optimizer optimizer,
            Recipe.Schedule schedule, int evalEvery, Recipe.Checkpoint checkpoint,
            double gradClip) {
        return new DetectionRecipe(model, data, epochs, batchSize, seed, augment,
                loss.detection(), optimizer, schedule, evalEvery, checkpoint, gradClip);
    }

    /**
     * The loss: the detector's ({@link DetectionRecipe.Loss}: focal, GIoU, centerness) plus
     * YOLACT's mask loss on FCOS's positives (docs/instance.md).
     *
     * @param focalAlpha as {@link DetectionRecipe.Loss}, default 0.25
     * @param focalGamma as {@link DetectionRecipe.Loss}, default 2
     * @param boxWeight as {@link DetectionRecipe.Loss}, default 1
     * @param centernessWeight as {@link DetectionRecipe.Loss}, default 1
     * @param maskWeight weight of the mask loss, in [0, 100], default 1
     * @param maxMasks the most positive locations per image whose masks are trained, in [1,
     *     10000], default 100 (YOLACT's {@code masks_to_train})
     */
    @JsonPropertyOrder({"focalAlpha", "focalGamma", "boxWeight", "centernessWeight",
        "maskWeight", "maxMasks"})
    public record Loss(double focalAlpha, double focalGamma, double boxWeight,
            double centernessWeight, double maskWeight, int maxMasks) {
        /** Every default. */
        public static final Loss DEFAULT = of(null, null, null, null, null, null);

        /** Validates. */
        public Loss {
            new DetectionRecipe.Loss(focalAlpha, focalGamma, boxWeight, centernessWeight);
            Check.range("maskWeight", maskWeight, 0, true, 100, true);
            Check.between("maxMasks", maxMasks, 1, 10_000);
        }

        /** @return the section, null arguments taking their defaults */
        @JsonCreator
        public static Loss of(@JsonProperty("focalAlpha") Double focalAlpha,
                @JsonProperty("focalGamma") Double focalGamma,
                @JsonProperty("boxWeight") Double boxWeight,
                @JsonProperty("centernessWeight") Double centernessWeight,
                @JsonProperty("maskWeight") Double maskWeight,
                @JsonProperty("maxMasks") Integer maxMasks) {
            DetectionRecipe.Loss d = DetectionRecipe.Loss.of(focalAlpha, focalGamma, boxWeight,
                    centernessWeight);
            return new Loss(d.focalAlpha(), d.focalGamma(), d.boxWeight(), d.centernessWeight(),
                    Check.or(maskWeight, 1.0), Check.or(maxMasks, 100));
        }

        /** @return the detector's part */
        public DetectionRecipe.Loss detection() {
            return new DetectionRecipe.Loss(focalAlpha, focalGamma, boxWeight, centernessWeight);
        }
    }
}
