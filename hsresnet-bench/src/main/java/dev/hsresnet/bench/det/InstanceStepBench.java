package dev.hsresnet.bench.det;

import dev.hsresnet.bench.StepArgs;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import dev.hsresnet.vision.detection.FcosTargets;
import dev.hsresnet.vision.instance.InstanceDecoder;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.instance.MaskTargets;
import dev.hsresnet.vision.instance.YolactLoss;
import dev.hsresnet.vision.instance.YolactNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times a YOLACT-on-FCOS instance segmenter on DJL at a given input size (a benchmark, not a
 * test), as {@link DetStepBench} times a detector: the training step's forward, {@link
 * YolactLoss} (the FCOS losses and the mask loss) and backward on fixed targets (assigned once,
 * outside the timing; each box's mask the stride-4 cells whose centres lie in it; no optimizer
 * update), ONNX Runtime on the exported graph (the five raw outputs), the inference forward as
 * deployed ({@link YolactNet#prepareForInference()}), and the Java decoding of those outputs
 * ({@link InstanceDecoder} at score threshold 0.05: detections, NMS and masks at the input size;
 * a fresh network keeps the most candidates, so this is an upper bound). {@code
 * tools/reference/bench_yolact_step.py} times the network on the PyTorch reference from the file
 * this writes (spec, boxes, labels, masks); {@code bench/instance-step.sh} runs both.
 *
 * <p>Usage: {@code InstanceStepBench MODEL BATCH HEIGHT WIDTH WARMUP REPEATS CASE_JSON}; prints
 * one {@code StepLine} per engine and mode.
 */
public final class InstanceStepBench {

    private InstanceStepBench() {}

    /**
     * @param args model, batch, height, width, warm-up steps, timed steps, case file to write
     * @throws Exception from the engine or the file system
     */
    public static void main(String[] args) throws Exception {
        StepArgs cli = StepArgs.parse(args);
        int classes = DetectionModels.DEFAULT_CLASSES;
        InstanceSpec spec = InstanceModels.spec(cli.model(), classes);
        YolactNet net = new YolactNet(spec);
        int h = cli.height();
        int w = cli.width();
        int[] proto = net.prototypeSize(h, w);
        SplittableRandom rng = new SplittableRandom(2);
        List<float[]> boxes = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<float[]> masks = new ArrayList<>();
        for (int i = 0; i < cli.batch(); i++) {
            float[] b = FcosStepTimer.randomBoxes(rng, h, w);
            boxes.add(b);
            labels.add(new int[FcosStepTimer.BOXES_PER_IMAGE]);
            masks.add(boxMasks(b, proto[0], proto[1]));
        }
        FcosStepTimer.writeCase(Path.of(args[6]), spec, boxes, labels, Map.of("masks", masks));
        YolactLoss loss = new YolactLoss(classes);
        FcosPoints points = new FcosPoints(spec.detection().strides(), net.levelSizes(h, w));
        InstanceDecoder decoder = new InstanceDecoder(BatchDetector.decoder(spec.detection(),
                spec.detection().scoreThreshold()), spec.prototypes());
        FcosStepTimer.time(cli, net, rng, m -> {
            List<FcosTargets> assigned = new ArrayList<>();
            List<MaskTargets> maskTargets = new ArrayList<>();
            for (int i = 0; i < cli.batch(); i++) {
                FcosTargets t = FcosTargets.assign(points, boxes.get(i), labels.get(i), classes);
                assigned.add(t);
                maskTargets.add(new MaskTargets(t, boxes.get(i), masks.get(i)));
            }
            FcosTargetBatch targets = FcosTargetBatch.of(m, assigned);
            return out -> loss.apply(out, targets, maskTargets).total();
        }, weights -> OnnxExporter.exportInstance(spec, weights, cli.model(),
                Preprocessing.imagenet(h), List.of("object"), OnnxOptions.defaults()),
                net::prepareForInference, out -> {
                    InstanceDecoder.Frame frame = new InstanceDecoder.Frame(h, w, 1f, h, w);
                    for (int i = 0; i < cli.batch(); i++) {
                        decoder.decode(out[0], out[1], out[2], out[3], out[4], i, points, frame);
                    }
                });
    }

    /** @return one {@code hp x wp} mask per box: 1 on the cells whose centres lie in it */
    static float[] boxMasks(float[] boxes, int hp, int wp) {
        int g = boxes.length / 4;
        float[] m = new float[g * hp * wp];
        for (int k = 0; k < g; k++) {
            for (int y = 0; y < hp; y++) {
                float cy = (y + 0.5f) * 4;
                for (int x = 0; x < wp; x++) {
                    float cx = (x + 0.5f) * 4;
                    boolean in = cx >= boxes[4 * k] && cx < boxes[4 * k + 2]
                            && cy >= boxes[4 * k + 1] && cy < boxes[4 * k + 3];
                    m[(k * hp + y) * wp + x] = in ? 1 : 0;
                }
            }
        }
        return m;
    }
}
