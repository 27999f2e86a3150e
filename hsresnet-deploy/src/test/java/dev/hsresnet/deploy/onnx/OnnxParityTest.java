package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.testing.Nets;
import dev.hsresnet.deploy.BackendKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime on the exported graph gives DJL's inference-mode output (1e-4 relative error, as
 * the PyTorch cross-checks), with BatchNorm folded and not, at the newest and oldest opsets, for
 * batch 1 and batch 3 through the same session (the batch dimension is symbolic).
 */
class OnnxParityTest {

    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        List<ExportCase> all = ExportCase.all();
        for (ExportCase c : all) {
            args.add(Arguments.of(c, true, OnnxOptions.DEFAULT_OPSET));
            args.add(Arguments.of(c, false, OnnxOptions.DEFAULT_OPSET));
        }
        // the Split attribute form, and the BN node of the oldest opset
        args.add(Arguments.of(all.get(0), true, OnnxOptions.MIN_OPSET));
        args.add(Arguments.of(all.get(1), false, OnnxOptions.MIN_OPSET));
        return args.stream();
    }

    @ParameterizedTest(name = "{0}, foldBn={1}, opset {2}")
    @MethodSource("cases")
    void ortMatchesDjl(ExportCase c, boolean foldBn, int opset) throws Exception {
        ModelConfig config = SmallNets.config("parity", c.spec(), c.size());
        try (ResNetModel model = SmallNets.create(config, 11)) {
            byte[] onnx = OnnxExporter.export(model, new OnnxOptions(opset, foldBn));
            float[] three = SmallNets.images(config, 3, 12);
            float[] one = Arrays.copyOf(three, three.length / 3);
            float[] djlThree = SmallNets.djlForward(model, three, 3);
            float[] djlOne = SmallNets.djlForward(model, one, 1);
            try (OrtBackend ort = OrtBackend.open(onnx, config, 2)) {
                assertEquals(BackendKind.ONNX, ort.kind());
                float[][] ortOne = ort.logits(one, 1);
                float[][] ortThree = ort.logits(three, 3);
                int width = c.spec().numClasses() > 0 ? c.spec().numClasses()
                        : c.spec().featureChannels();
                assertEquals(1, ortOne.length);
                assertEquals(3, ortThree.length);
                assertEquals(width, ortThree[2].length);
                assertClose("batch 1", SmallNets.flatten(ortOne), djlOne);
                assertClose("batch 3", SmallNets.flatten(ortThree), djlThree);
            }
        }
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double err = Nets.relativeError(actual, expected);
        assertTrue(err <= TOLERANCE, what + ": relative error " + err + " > " + TOLERANCE
                + "\nort " + Arrays.toString(Arrays.copyOf(actual, 6))
                + "\ndjl " + Arrays.toString(Arrays.copyOf(expected, 6)));
    }
}
