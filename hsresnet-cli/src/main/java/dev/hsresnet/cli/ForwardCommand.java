package dev.hsresnet.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet forward}: one forward pass on a stored tensor, for interop and debugging. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Run the network on the tensor stored under 'input' in a safetensors file "
                + "and write the result under 'output' (or 'features.K' with --features).")
final class ForwardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelDirOption modelDir;

    @Mixin
    private NonFiniteOption nonFinite;

    @Option(names = "--input", required = true, paramLabel = "X.safetensors",
            description = "File holding the input tensor (N, C, H, W), any float type.")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.safetensors",
            description = "File to write (replaced atomically).")
    private Path output;

    @Option(names = "--key", defaultValue = "input", paramLabel = "NAME",
            description = "Name of the input tensor (default: ${DEFAULT-VALUE}).")
    private String key;

    @Option(names = "--train-mode",
            description = "BatchNorm uses batch statistics (a training-mode forward; nothing is "
                    + "saved).")
    private boolean trainMode;

    @Option(names = "--features", split = ",", paramLabel = "K",
            description = "Return feature levels instead of logits: 0 = stem, 1.. = stages "
                    + "(e.g. 1,2,3,4 for C2-C5).")
    private int[] features;

    @Override
    public Integer call() throws IOException {
        Map<String, Tensor> tensors = Safetensors.read(input).tensors();
        Tensor x = tensors.get(key);
        if (x == null) {
            throw new IllegalArgumentException(input + " has no tensor '" + key + "' (it has: "
                    + String.join(", ", tensors.keySet()) + ")");
        }
        try (ResNetModel model = features == null ? ModelDir.load(modelDir.dir, nonFinite.loadOptions())
                        : ModelDir.loadBackbone(modelDir.dir, nonFinite.loadOptions(), features);
                NDManager m = model.manager().newSubManager()) {
            int channels = model.config().architecture().inChannels();
            if (x.shape().length != 4 || x.shape()[1] != channels) {
                throw new IllegalArgumentException(input + ": tensor '" + key + "' has shape "
                        + Arrays.toString(x.shape()) + ", expected (N, " + channels + ", H, W)");
            }
            NDArray in = m.create(x.toFloats(), new Shape(x.shape()));
            NDList out = model.forward(in, trainMode);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int i = 0; i < out.size(); i++) {
                NDArray y = out.get(i);
                result.put(features == null ? "output" : "features." + features[i],
                        Tensor.ofFloats(y.getShape().getShape(), y.toFloatArray()));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("hsresnet.model", model.config().name());
            meta.put("hsresnet.mode", trainMode ? "train" : "eval");
            Safetensors.write(output, result, meta);
            var o = spec.commandLine().getOut();
            result.forEach((k, t) -> o.println("wrote " + k + " " + Arrays.toString(t.shape())
                    + " to " + output));
            o.flush();
        }
        return 0;
    }
}
