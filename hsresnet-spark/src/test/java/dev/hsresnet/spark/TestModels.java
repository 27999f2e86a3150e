package dev.hsresnet.spark;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionTransforms;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosModel;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceModels;

/** Freshly initialized nano models saved to disk, as {@code hsresnet init} writes them. */
final class TestModels {

    private TestModels() {}

    /** hs_resnet26_nano for 32 x 32 CIFAR images with the given labels. */
    static Path classifier(Path dir, List<String> labels) throws IOException {
        ModelConfig c = ModelConfig.of("hs_resnet26_nano", labels.size(), 3).withLabels(labels)
                .withPreprocessing(new Preprocessing(32, 1.0, "bilinear",
                        List.of(0.4914, 0.4822, 0.4465), List.of(0.247, 0.243, 0.261)));
        try (ResNetModel m = ResNetModel.create(c, 7)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }

    /** fpn_hs_resnet26_nano with the given classes. */
    static Path segmenter(Path dir, List<String> classes) throws IOException {
        try (SegmentationModel m = SegmentationModel.create(
                SegmentationModels.config("fpn_hs_resnet26_nano", classes), 7)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }

    /**
     * fcos_hs_resnet26_nano with the given classes, its classification bias set to 0 (every
     * score near 0.5 instead of the 0.01 prior), so that an untrained detector finds boxes.
     */
    static Path detector(Path dir, List<String> classes) throws IOException {
        try (DetectionModel m = DetectionModel.create(
                DetectionModels.config("fcos_hs_resnet26_nano", classes), 7)) {
            return saveConfident(m, dir);
        }
    }

    /** yolact_hs_resnet26_nano with the given classes, its classification bias set to 0. */
    static Path instanceSegmenter(Path dir, List<String> classes) throws IOException {
        try (InstanceModel m = InstanceModel.create(
                InstanceModels.config("yolact_hs_resnet26_nano", classes), 7)) {
            return saveConfident(m, dir);
        }
    }

    /**
     * The loader of the single-machine {@code eval} of a detector or instance segmenter, one
     * image per batch (so that each image's padded size is its own, as on Spark).
     */
    static DetectionLoader evalLoader(FcosModel m, DetectionDataset set) {
        m.block().prepareForInference();
        DetectionSpec spec = m.detectionSpec();
        return new DetectionLoader(set, DetectionTransforms.eval(spec.minSize(), spec.maxSize(),
                PreprocessingTransforms.normalize(m.config().preprocessing())), 1, false, false,
                0, 1, 2, DetectionLoader.DEFAULT_SIZE_DIVISOR, new SkippedImages());
    }

    private static Path saveConfident(NetworkModel m, Path dir) throws IOException {
        Map<String, Tensor> state = new HashMap<>(m.stateDict());
        String bias = state.keySet().stream().filter(k -> k.endsWith("conv_cls.bias"))
                .findFirst().orElseThrow();
        long[] shape = state.get(bias).shape();
        state.put(bias, Tensor.ofFloats(shape, new float[(int) shape[0]]));
        m.loadStateDict(state, "test");
        ModelDir.save(m, dir);
        return dir;
    }
}
