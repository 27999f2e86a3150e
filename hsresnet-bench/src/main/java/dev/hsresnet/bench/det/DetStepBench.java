package dev.hsresnet.bench.det;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hsresnet.bench.StepArgs;
import dev.hsresnet.bench.Timing;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtDetector;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosLoss;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Ground-truth boxes per image: raccoon has 1-2, Penn-Fudan 1-8 pedestrians. */
    private static final int BOXES_PER_IMAGE = 3;

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
        Shape shape = cli.shape();
        SplittableRandom rng = new SplittableRandom(2);
        List<float[]> boxes = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < cli.batch(); i++) {
            boxes.add(randomBoxes(rng, cli.height(), cli.width()));
            labels.add(new int[BOXES_PER_IMAGE]);
        }
        writeCase(Path.of(args[6]), spec, boxes, labels);
        try (Model model = Model.newInstance(cli.model())) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            WeightInit.apply(net, 1, false);
            NDManager m = model.getNDManager();
            float[] pixels = cli.gaussianPixels(rng);
            NDArray x = m.create(pixels, shape);
            FcosPoints points = new FcosPoints(spec.strides(),
                    net.levelSizes(cli.height(), cli.width()));
            FcosTargetBatch targets = FcosTargetBatch.assign(m, points, boxes, labels, classes);
            FcosLoss loss = new FcosLoss(classes);
            cli.print("djl", "train", Timing.repeat(cli.timing(), () -> {
                try (NDManager step = m.newSubManager()) {
                    x.tempAttach(step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDList out = net.forward(new ParameterStore(step, false), new NDList(x),
                                true);
                        gc.backward(loss.apply(out, targets).total());
                    }
                }
            }));
            byte[] onnx = OnnxExporter.exportDetection(spec, Weights.export(StateDict.of(net)),
                    cli.model(), Preprocessing.imagenet(cli.height()), List.of("object"),
                    OnnxOptions.defaults());
            try (OrtDetector ort = OrtDetector.open(onnx, cli.model(),
                    Runtime.getRuntime().availableProcessors())) {
                long[] dims = shape.getShape();
                cli.print("ort", "inference", Timing.repeat(cli.timing(),
                        () -> ort.run(pixels, dims)));
            }
            net.prepareForInference();
            cli.print("djl", "inference", Timing.repeat(cli.timing(), () -> {
                try (NDManager step = m.newSubManager()) {
                    x.tempAttach(step);
                    for (NDArray a : net.forward(new ParameterStore(step, false), new NDList(x),
                            false)) {
                        a.toFloatArray();
                    }
                }
            }));
        }
    }

    /** @return {@link #BOXES_PER_IMAGE} boxes x1, y1, x2, y2 of 32 px up to half the image */
    private static float[] randomBoxes(SplittableRandom rng, int height, int width) {
        float[] b = new float[BOXES_PER_IMAGE * 4];
        for (int k = 0; k < BOXES_PER_IMAGE; k++) {
            float w = 32 + rng.nextInt(Math.max(1, width / 2 - 32));
            float h = 32 + rng.nextInt(Math.max(1, height / 2 - 32));
            float x1 = rng.nextInt(Math.max(1, (int) (width - w)));
            float y1 = rng.nextInt(Math.max(1, (int) (height - h)));
            b[4 * k] = x1;
            b[4 * k + 1] = y1;
            b[4 * k + 2] = x1 + w;
            b[4 * k + 3] = y1 + h;
        }
        return b;
    }

    private static void writeCase(Path file, DetectionSpec spec, List<float[]> boxes,
            List<int[]> labels) throws java.io.IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("spec", SpecJson.mapper().readTree(SpecJson.write(spec)));
        c.put("boxes", boxes);
        c.put("labels", labels);
        AtomicFiles.write(file, SpecJson.write(c).getBytes(StandardCharsets.UTF_8));
    }
}
