package dev.hsresnet.bench.det;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hsresnet.bench.StepArgs;
import dev.hsresnet.bench.Timing;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.deploy.onnx.OrtDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The timing of a network of the FCOS family on DJL and ONNX Runtime ({@link DetStepBench},
 * {@link InstanceStepBench}): the training step's forward, loss on fixed targets and backward
 * (no optimizer update), ONNX Runtime on the exported graph, and the inference forward as
 * deployed (prepared for inference: parameters frozen, BatchNorms folded), each printed as a
 * {@code StepLine}; optionally the Java decoding of the inference outputs.
 */
final class FcosStepTimer {

    /** Ground-truth boxes per image: raccoon has 1-2, Penn-Fudan 1-8 pedestrians. */
    static final int BOXES_PER_IMAGE = 3;

    /** Builds the loss of a step from the network's outputs, its targets made once. */
    @FunctionalInterface
    interface Loss {
        /** @return the loss on the model's manager's targets */
        Function<NDList, NDArray> targets(NDManager manager);
    }

    /** Exports the initialized network. */
    @FunctionalInterface
    interface Export {
        /** @return the ONNX bytes of the network with these weights */
        byte[] apply(Map<String, Tensor> stateDict);
    }

    /** Decodes one batch of inference outputs (timed as {@code java decode}). */
    @FunctionalInterface
    interface Decode {
        void apply(float[][] outputs);
    }

    private FcosStepTimer() {}

    /**
     * @param cli the benchmark's arguments
     * @param net the network, not initialized
     * @param rng the draws after the boxes (the input's pixels)
     * @param loss the training loss
     * @param export the ONNX export
     * @param prepare makes the network ready to serve
     * @param decode the Java decoding of the inference outputs, or null for none
     * @throws Exception from the engine
     */
    static void time(StepArgs cli, AbstractBlock net, SplittableRandom rng, Loss loss,
            Export export, Runnable prepare, Decode decode) throws Exception {
        Shape shape = cli.shape();
        try (Model model = Model.newInstance(cli.model())) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            WeightInit.apply(net, 1, false);
            NDManager m = model.getNDManager();
            float[] pixels = cli.gaussianPixels(rng);
            NDArray x = m.create(pixels, shape);
            Function<NDList, NDArray> lossOf = loss.targets(m);
            cli.print("djl", "train", Timing.repeat(cli.timing(), () -> {
                try (NDManager step = m.newSubManager()) {
                    x.tempAttach(step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(lossOf.apply(net.forward(new ParameterStore(step, false),
                                new NDList(x), true)));
                    }
                }
            }));
            byte[] onnx = export.apply(Weights.export(StateDict.of(net)));
            try (OrtDetector ort = OrtDetector.open(onnx, cli.model(),
                    Runtime.getRuntime().availableProcessors())) {
                long[] dims = shape.getShape();
                cli.print("ort", "inference", Timing.repeat(cli.timing(),
                        () -> ort.run(pixels, dims)));
            }
            prepare.run();
            float[][][] last = new float[1][][];
            cli.print("djl", "inference", Timing.repeat(cli.timing(), () -> {
                try (NDManager step = m.newSubManager()) {
                    x.tempAttach(step);
                    NDList out = net.forward(new ParameterStore(step, false), new NDList(x),
                            false);
                    last[0] = new float[out.size()][];
                    for (int i = 0; i < out.size(); i++) {
                        last[0][i] = out.get(i).toFloatArray();
                    }
                }
            }));
            if (decode != null) {
                cli.print("java", "decode", Timing.repeat(cli.timing(),
                        () -> decode.apply(last[0])));
            }
        }
    }

    /** @return {@link #BOXES_PER_IMAGE} boxes x1, y1, x2, y2 of 32 px up to half the image */
    static float[] randomBoxes(SplittableRandom rng, int height, int width) {
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

    /**
     * Writes the case the PyTorch reference reads: the spec, the boxes and labels per image, and
     * any further fields.
     */
    static void writeCase(Path file, Object spec, List<float[]> boxes, List<int[]> labels,
            Map<String, Object> more) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("spec", SpecJson.mapper().readTree(SpecJson.write(spec)));
        c.put("boxes", boxes);
        c.put("labels", labels);
        c.putAll(more);
        AtomicFiles.write(file, SpecJson.write(c).getBytes(StandardCharsets.UTF_8));
    }
}
