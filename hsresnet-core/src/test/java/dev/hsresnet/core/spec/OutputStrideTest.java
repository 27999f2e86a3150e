package dev.hsresnet.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.StageCost;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.nn.FeatureInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ResNetSpec#outputStride()}: the block layouts of torchvision's {@code
 * replace_stride_with_dilation}, the feature strides, the cost, validation and JSON.
 */
class OutputStrideTest {

    private static final ResNetSpec HS50 = Models.spec("hs_resnet50", 1000, 3);

    /** @return "stride/dilation/S|H" for every block of every stage, stage by stage */
    private static String layouts(ResNetSpec spec) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spec.stages().size(); i++) {
            out.append(i == 0 ? "" : " ; ");
            for (int k = 0; k < spec.stages().get(i).depth(); k++) {
                BlockLayout l = spec.layout(i, k);
                out.append(k == 0 ? "" : " ").append(l.stride()).append('/').append(l.dilation())
                        .append(l.stageForm() ? 'S' : 'H');
            }
        }
        return out.toString();
    }

    @Test
    void outputStride32IsTheUndilatedNetwork() {
        assertEquals(32, HS50.naturalStride());
        assertEquals("1/1H 1/1H 1/1H ; 2/1S 1/1H 1/1H 1/1H ; 2/1S 1/1H 1/1H 1/1H 1/1H 1/1H"
                + " ; 2/1S 1/1H 1/1H", layouts(HS50));
        assertEquals(layouts(HS50), layouts(HS50.withOutputStride(32)));
        assertFalse(HS50.withOutputStride(32).isDilated());
    }

    @Test
    void outputStride16DilatesTheLastStageAfterItsFirstBlock() {
        assertEquals("1/1H 1/1H 1/1H ; 2/1S 1/1H 1/1H 1/1H ; 2/1S 1/1H 1/1H 1/1H 1/1H 1/1H"
                + " ; 1/1S 1/2H 1/2H", layouts(HS50.withOutputStride(16)));
    }

    @Test
    void outputStride8DilatesStage3By2AndStage4By4() {
        // torchvision: the first block of a dilated stage keeps the previous dilation
        assertEquals("1/1H 1/1H 1/1H ; 2/1S 1/1H 1/1H 1/1H ; 1/1S 1/2H 1/2H 1/2H 1/2H 1/2H"
                + " ; 1/2S 1/4H 1/4H", layouts(HS50.withOutputStride(8)));
    }

    @Test
    void featureLevelsStayAtTheOutputStride() {
        List<Integer> reductions = FeatureInfo.of(HS50.withOutputStride(8)).stream()
                .map(FeatureInfo::reduction).toList();
        assertEquals(List.of(2, 4, 8, 8, 8), reductions);
        assertEquals(List.of(2, 4, 8, 16, 16), FeatureInfo.of(HS50.withOutputStride(16)).stream()
                .map(FeatureInfo::reduction).toList());
    }

    @Test
    void dilationKeepsTheParametersAndMultipliesTheLateStagesWork() {
        Complexity plain = Complexity.of(HS50, 224, 224);
        Complexity os8 = Complexity.of(HS50.withOutputStride(8), 224, 224);
        assertEquals(plain.params(), os8.params());
        StageCost layer4 = os8.stages().get(4);
        assertEquals("layer4", layer4.name());
        assertEquals(28, layer4.outHeight());
        assertEquals(8, layer4.reduction());
        // layer3 at 28x28 instead of 14x14, layer4 at 28x28 instead of 7x7: several times the MACs
        assertTrue(os8.macs() > 3 * plain.macs(), os8.macs() + " vs " + plain.macs());
        assertTrue(Complexity.convShapes(HS50.withOutputStride(8)).stream()
                .anyMatch(s -> s.dilation() == 4 && s.kernel() == 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 12, 64, -8})
    void anOutputStrideOutsideTheNetworksRangeNamesTheField(int stride) {
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> HS50.withOutputStride(stride));
        assertTrue(e.getMessage().startsWith("outputStride: must be a power of two from 4 (the "
                + "stem's reduction) to 32"), e.getMessage());
    }

    @Test
    void theCifarStemAllowsStridesDownToOne() {
        ResNetSpec cifar = Models.spec("hs_resnet29_cifar", 10, 3);
        assertEquals(4, cifar.naturalStride());
        assertEquals(1, cifar.withOutputStride(1).stageReduction(2));
    }

    @Test
    void jsonCarriesTheOutputStrideOnlyWhenSet() {
        assertFalse(SpecJson.toJson(HS50).contains("outputStride"));
        assertNull(SpecJson.parse(SpecJson.toJson(HS50)).outputStride());
        ResNetSpec os16 = HS50.withOutputStride(16);
        String json = SpecJson.toJson(os16);
        assertTrue(json.contains("\"outputStride\" : 16"), json);
        assertEquals(os16, SpecJson.parse(json));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecJson.parse(json.replace("\"outputStride\" : 16", "\"outputStride\" : 6")));
        assertTrue(e.getMessage().contains("outputStride"), e.getMessage());
    }
}
