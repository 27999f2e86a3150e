package dev.hsresnet.bench.seg;

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
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtSegmenter;
import dev.hsresnet.vision.segmentation.SegmentationLoss;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import dev.hsresnet.vision.segmentation.SegmentationNet;
import java.util.SplittableRandom;

/**
 * Times a semantic-segmentation network on DJL at a given input size (a benchmark, not a test):
 * the training step's forward, cross-entropy and backward (no optimizer update: it is a few
 * elementwise passes over 2.5 M parameters), then the inference forward as deployed
 * ({@link SegmentationNet#prepareForInference()}: no autograd graph, BatchNorms folded). {@code
 * tools/reference/bench_seg_step.py} times the same on the PyTorch reference; {@code
 * bench/seg-step.sh} runs both.
 *
 * <p>Usage: {@code SegStepBench MODEL BATCH HEIGHT WIDTH WARMUP REPEATS}; prints one line per mode:
 * {@code djl MODEL MODE batch B HxW: median M ms (p10-p90 A-B), I img/s}.
 */
public final class SegStepBench {

    private SegStepBench() {}

    /**
     * @param args model, batch, height, width, warm-up steps, timed steps
     * @throws Exception from the engine
     */
    public static void main(String[] args) throws Exception {
        StepArgs cli = StepArgs.parse(args);
        int classes = SegmentationModels.DEFAULT_CLASSES;
        SegmentationNet net = new SegmentationNet(SegmentationModels.spec(cli.model(), classes));
        Shape shape = cli.shape();
        try (Model model = Model.newInstance(cli.model())) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            WeightInit.apply(net, 1, false);
            NDManager m = model.getNDManager();
            SplittableRandom rng = new SplittableRandom(2);
            float[] pixels = cli.gaussianPixels(rng);
            int[] labels = new int[cli.batch() * cli.height() * cli.width()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(classes + 1); // value 11 = ignore
            }
            NDArray x = m.create(pixels, shape);
            NDArray y = m.create(labels, new Shape(cli.batch(), cli.height(), cli.width()));
            SegmentationLoss loss = new SegmentationLoss(classes, classes, null);
            cli.print("djl", "train", Timing.repeat(cli.timing(), () -> {
                try (NDManager step = m.newSubManager()) {
                    x.tempAttach(step);
                    y.tempAttach(step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = net.forward(new ParameterStore(step, false),
                                new NDList(x), true).singletonOrThrow();
                        gc.backward(loss.apply(logits, y));
                    }
                }
            }));
            // ONNX Runtime on the same weights, as 'export' writes them (BatchNorms folded)
            byte[] onnx = OnnxExporter.exportSegmentation(net.spec(), Weights.export(
                    StateDict.of(net)), cli.model(), Preprocessing.imagenet(cli.height()),
                    OnnxOptions.defaults());
            try (OrtSegmenter ort = OrtSegmenter.open(onnx, cli.model(),
                    Runtime.getRuntime().availableProcessors())) {
                long[] dims = shape.getShape();
                cli.print("ort", "inference", Timing.repeat(cli.timing(),
                        () -> ort.logits(pixels, dims)));
            }
            // as deployed: frozen parameters (no autograd graph), BatchNorms folded
            net.prepareForInference();
            cli.print("djl", "inference", Timing.repeat(cli.timing(), () -> {
                try (NDManager step = m.newSubManager()) {
                    x.tempAttach(step);
                    net.forward(new ParameterStore(step, false), new NDList(x), false)
                            .singletonOrThrow().toFloatArray();
                }
            }));
        }
    }
}
