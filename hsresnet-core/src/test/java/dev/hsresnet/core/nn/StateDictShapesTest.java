package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.core.testing.Nets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StateDictShapes} names and shapes equal the built network's {@link StateDict} for the
 * variants the registry does not cover (every registered model is checked in
 * RegisteredModelsTest): each stem, each shortcut, one input channel, no classifier, feature mode.
 */
class StateDictShapesTest {

    static Stream<ResNetSpec> variants() {
        List<StageSpec> stages = List.of(StageSpec.hs(1, 8, 3, 4), StageSpec.plain(2, 8),
                StageSpec.hs(2, 16, 5, 3));
        return Stream.of(
                ResNetSpec.builder().stem(Stem.CIFAR).shortcut(Shortcut.AVG_DOWN).stages(stages)
                        .numClasses(5).build(),
                ResNetSpec.builder().stem(Stem.RESNET).shortcut(Shortcut.PLAIN).stages(stages)
                        .numClasses(3).inChannels(1).expansion(2).build(),
                ResNetSpec.builder().stem(Stem.DEEP).shortcut(Shortcut.PLAIN).stages(stages)
                        .numClasses(0).inChannels(2).build(),
                // dilated: both later stages at stride 1, first blocks still projecting
                ResNetSpec.builder().stem(Stem.DEEP).shortcut(Shortcut.AVG_DOWN).stages(stages)
                        .numClasses(4).outputStride(4).build());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void shapesFromTheSpecAreThoseOfTheBuiltNetwork(ResNetSpec spec) {
        assertSame(spec, ResNet.of(spec), true);
        assertSame(spec, ResNet.builder().setSpec(spec).optOutIndices(0, 2).build(), false);
    }

    static void assertSame(ResNetSpec spec, ResNet net, boolean classifier) {
        try (Model model = Nets.initialized(net, new Shape(1, spec.inChannels(), 64, 64), 1)) {
            assertEquals(describe(StateDict.of(net)),
                    describeShapes(StateDictShapes.of(spec, classifier)));
        }
    }

    /** @return "name [shape]" per entry of a {@link StateDictShapes} map, in order */
    static List<String> describeShapes(Map<String, long[]> shapes) {
        return shapes.entrySet().stream()
                .map(e -> e.getKey() + " " + Arrays.toString(e.getValue())).toList();
    }

    /** @return "name [shape]" per parameter, in order */
    static List<String> describe(Map<String, Parameter> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + " "
                        + Arrays.toString(e.getValue().getArray().getShape().getShape()))
                .toList();
    }
}
