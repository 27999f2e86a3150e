package dev.hsresnet.bench.det;

import dev.hsresnet.bench.StepArgs;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosLoss;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times an FCOS detector on DJL at a given input size (a benchmark, not a test): the training
 * step's forward, FCOS loss (focal, GIoU, centerness) and backward on fixed targets (assigned once,
 * outside the timing; no optimizer update), the inference forward as deployed ({@link
 * FcosNet#prepareForInference()}), and ONNX Runtime on the exported graph (raw heads, no
 * decoding on either side). {@code tools/reference/bench_det_step.py} times the same on the PyTorch
 * reference from the file this writes (spec, boxes, labels); {@code bench/det-step.sh} runs both.
 *
 * <p>Usage: {@code DetStepBench MODEL BATCH HEIGHT WIDTH WARMUP REPEATS CASE_JSON}; prints one
 * {@code StepLine} per engine and mode.
 */
public final class DetStepBench {

    private DetStepBench() {}

    /**
     * @param args model, batch, height, width, warm-up steps, timed steps, case file to write
     * @throws Exception from the engine or the file system
     */
    public static void main(String[] args) throws Exception {
        StepArgs cli = StepArgs.parse(args);
        int classes = DetectionModels.DEFAULT_CLASSES;
        DetectionSpec spec = DetectionModels.spec(cli.model(), classes);
        FcosNet net = new FcosNet(spec);
        SplittableRandom rng = new SplittableRandom(2);
        List<float[]> boxes = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < cli.batch(); i++) {
            boxes.add(FcosStepTimer.randomBoxes(rng, cli.height(), cli.width()));
            labels.add(new int[FcosStepTimer.BOXES_PER_IMAGE]);
        }
        FcosStepTimer.writeCase(Path.of(args[6]), spec, boxes, labels, Map.of());
        FcosLoss loss = new FcosLoss(classes);
        FcosStepTimer.time(cli, net, rng, m -> {
            FcosPoints points = new FcosPoints(spec.strides(),
                    net.levelSizes(cli.height(), cli.width()));
            FcosTargetBatch targets = FcosTargetBatch.assign(m, points, boxes, labels, classes);
            return out -> loss.apply(out, targets).total();
        }, weights -> OnnxExporter.exportDetection(spec, weights, cli.model(),
                Preprocessing.imagenet(cli.height()), List.of("object"), OnnxOptions.defaults()),
                net::prepareForInference, null);
    }
}
