package dev.hsresnet.train.instance;

import dev.hsresnet.vision.task.Backbones;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.detection.BatchMasks;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.train.detection.FcosTask;
import dev.hsresnet.train.recipe.InstanceRecipe;
import dev.hsresnet.vision.detection.FcosLoss;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.instance.MaskTargets;
import dev.hsresnet.vision.instance.YolactLoss;
import dev.hsresnet.vision.instance.YolactMaskLoss;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The YOLACT instance segmenters ({@code yolact_*}) as an {@link FcosTask}: the loss is the
 * detector's weighted terms plus the mask loss ({@link YolactLoss}) on the batch's stride-4 mask
 * targets, the evaluation COCO's mask and box metrics ({@link InstanceEvaluator}); the scores
 * mask AP, mask AP50, box AP, box AP50 (mask AP picks the best model).
 */
final class InstanceRunTask implements FcosTask<InstanceModel, InstanceEvaluator.Result> {

    private static final List<Score> SCORES = List.of(new Score("val_mask_ap", "mask AP"),
            new Score("val_mask_ap50", "mask AP50"), new Score("val_box_ap", "box AP"),
            new Score("val_box_ap50", "box AP50"));

    private final InstanceRecipe.Loss weights;

    /** @param weights the recipe's loss section */
    InstanceRunTask(InstanceRecipe.Loss weights) {
        this.weights = weights;
    }

    @Override
    public List<String> names() {
        return InstanceModels.names();
    }

    @Override
    public ModelConfig config(String name, List<String> classes, int inputShort,
            int maxLongSide) {
        InstanceSpec spec = InstanceModels.spec(name, classes.size());
        return InstanceModels.config(Backbones.modelName(name, InstanceModels.PREFIX),
                new InstanceSpec(spec.detection()
                .withInputSize(inputShort, maxLongSide), spec.prototypes()), classes);
    }

    @Override
    public InstanceModel create(ModelConfig config, long seed) {
        return InstanceModel.create(config, seed);
    }

    @Override
    public Class<InstanceModel> type() {
        return InstanceModel.class;
    }

    /**
     * The batch's masks ({@link BatchMasks}, {@code ceil(h / 4) x ceil(w / 4)} cells over the
     * padded batch) are the mask targets as they are: the prototypes are {@code 2 * ceil(h / 8)
     * x 2 * ceil(w / 8)}, the same when the batch is padded to a multiple of 8 (the loader pads
     * to 32). Anything else stops the step with an {@link IllegalStateException} naming both
     * sizes.
     */
    @Override
    public StepLoss loss(int numClasses) {
        YolactLoss yolact = new YolactLoss(new FcosLoss(numClasses,
                (float) weights.focalAlpha(), (float) weights.focalGamma()),
                new YolactMaskLoss(weights.maxMasks(), (float) weights.maskWeight()));
        return (outputs, targets, assigned, batch) -> {
            BatchMasks masks = batch.masks();
            if (masks == null) {
                throw new IllegalStateException("the batch of images "
                        + Arrays.toString(batch.indices()) + " has no instance masks; an "
                        + "instance model trains on a dataset with masks (kind "
                        + String.join(", ", InstanceRecipe.KINDS) + ")");
            }
            Shape protos = outputs.get(4).getShape();
            if (masks.stride() != YolactMaskLoss.STRIDE || masks.height() != protos.get(2)
                    || masks.width() != protos.get(3)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "mask targets of "
                        + "%dx%d cells at stride %d do not fit the %dx%d prototypes of the "
                        + "%dx%d batch (2 ceil(side / 8) at stride %d): the batch must be padded "
                        + "to a multiple of 8 and its masks taken at stride %d", masks.height(),
                        masks.width(), masks.stride(), protos.get(2), protos.get(3), batch.h(),
                        batch.w(), YolactMaskLoss.STRIDE, YolactMaskLoss.STRIDE));
            }
            List<MaskTargets> images = new ArrayList<>(batch.n());
            for (int i = 0; i < batch.n(); i++) {
                images.add(new MaskTargets(assigned.get(i), batch.boxes()[i],
                        masks.values()[i]));
            }
            YolactLoss.Parts p = yolact.apply(outputs, targets, images);
            return FcosTask.detectorLoss(p.classification(), p.boxRegression(), p.centerness(),
                    weights.detection()).add(p.mask());
        };
    }

    @Override
    public InstanceEvaluator.Result evaluate(InstanceModel model, DetectionLoader loader)
            throws IOException {
        return InstanceEvaluator.evaluate(model, loader);
    }

    @Override
    public List<Score> scores() {
        return SCORES;
    }

    @Override
    public String lossTerms() {
        return "focal + GIoU + centerness + mask";
    }

    @Override
    public String metricsTitle() {
        return "COCO mask and box metrics";
    }
}
