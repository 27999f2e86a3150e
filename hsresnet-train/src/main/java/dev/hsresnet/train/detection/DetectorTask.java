package dev.hsresnet.train.detection;

import dev.hsresnet.vision.task.Backbones;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosLoss;
import java.util.List;

/**
 * The FCOS detectors ({@code fcos_*}) as an {@link FcosTask}: the loss is FCOS's three terms
 * weighted by the recipe, the evaluation COCO's box metrics; the scores AP, AP50, AP75, AR100.
 */
final class DetectorTask implements FcosTask<DetectionModel, BoxEvaluation> {

    private static final List<Score> SCORES = List.of(new Score("val_ap", "AP"),
            new Score("val_ap50", "AP50"), new Score("val_ap75", "AP75"),
            new Score("val_ar100", "AR100"));

    private final DetectionRecipe.Loss weights;

    /** @param weights the recipe's loss section */
    DetectorTask(DetectionRecipe.Loss weights) {
        this.weights = weights;
    }

    @Override
    public List<String> names() {
        return DetectionModels.names();
    }

    @Override
    public ModelConfig config(String name, List<String> classes, int inputShort,
            int maxLongSide) {
        DetectionSpec spec = DetectionModels.spec(name, classes.size())
                .withInputSize(inputShort, maxLongSide);
        return DetectionModels.config(Backbones.modelName(name, DetectionModels.PREFIX), spec,
                classes);
    }

    @Override
    public DetectionModel create(ModelConfig config, long seed) {
        return DetectionModel.create(config, seed);
    }

    @Override
    public Class<DetectionModel> type() {
        return DetectionModel.class;
    }

    @Override
    public StepLoss loss(int numClasses) {
        FcosLoss fcos = new FcosLoss(numClasses, (float) weights.focalAlpha(),
                (float) weights.focalGamma());
        return (outputs, targets, assigned, batch) -> {
            FcosLoss.Parts p = fcos.apply(outputs, targets);
            return FcosTask.detectorLoss(p.classification(), p.boxRegression(), p.centerness(),
                    weights);
        };
    }

    @Override
    public BoxEvaluation evaluate(DetectionModel model, DetectionLoader loader) {
        return new BoxEvaluation(DetectionEvaluator.evaluate(model, loader));
    }

    @Override
    public List<Score> scores() {
        return SCORES;
    }

    @Override
    public String lossTerms() {
        return "focal + GIoU + centerness";
    }

    @Override
    public String metricsTitle() {
        return "COCO box metrics";
    }
}
