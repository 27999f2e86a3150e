package dev.hsresnet.core.regression;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.engine.PreloadedLibraries;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.testing.Nets;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM program for {@link MklIntelPathTest}: prints whether the MKL shim is mapped into this
 * process, then writes to the file named by its argument, each as a length and big-endian floats, libtorch matrix
 * products of several shapes and one training step of hs_resnet29_cifar (logits, then every
 * parameter's gradient in state-dict order). Inputs and weights are seeded, so two runs differ
 * only in the libraries they run with.
 */
public final class MklResultsChild {

    private static final int[][] MATMULS = {{300, 517, 129}, {1024, 256, 512}, {3136, 64, 256},
        {49, 2048, 512}, {1, 1000, 2048}};

    /** The number of matrix products written before the logits. */
    static final int MATMUL_COUNT = MATMULS.length;

    private MklResultsChild() {}

    public static void main(String[] args) throws IOException {
        System.out.println("mkl-intel-path mapped: " + PreloadedLibraries.mklIntelPath());
        Path out = Path.of(args[0]);
        try (OutputStream file = Files.newOutputStream(out);
                DataOutputStream data = new DataOutputStream(file);
                NDManager m = NDManager.newBaseManager()) {
            long seed = 1;
            for (int[] s : MATMULS) {
                NDArray a = Nets.randomInput(m, new Shape(s[0], s[1]), seed++);
                NDArray b = Nets.randomInput(m, new Shape(s[1], s[2]), seed++);
                write(data, a.matMul(b));
            }
            ResNet net = Models.create("hs_resnet29_cifar", 10, 3);
            Shape in = new Shape(4, 3, 32, 32);
            try (Model model = Nets.initialized(net, in, 7);
                    NDManager step = model.getNDManager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = Nets.forward(net, Nets.randomInput(step, in, 11), true)
                        .singletonOrThrow();
                gc.backward(logits.mul(logits).mean());
                write(data, logits);
                for (Parameter p : StateDict.of(net).values()) {
                    if (p.requiresGradient()) {
                        write(data, p.getArray().getGradient());
                    }
                }
            }
        }
        System.exit(0);
    }

    private static void write(DataOutputStream data, NDArray array) throws IOException {
        float[] values = array.toFloatArray();
        data.writeInt(values.length);
        for (float v : values) {
            data.writeFloat(v);
        }
    }
}
