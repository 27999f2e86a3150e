package dev.hsresnet.core.complexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.ResNetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ComplexityTest {

    /** The model table of HS-RESNET.md (params at 1000 classes, GMACs at 224, two decimals). */
    @ParameterizedTest
    @CsvSource({
        "resnet50d, 25576264, 4.33",
        "hs_resnet50, 27549936, 4.84",
        "hs_resnet50_24w_4s, 27549936, 4.84",
        "hs_resnet101, 49881952, 9.20",
        "hs_resnet152, 68276656, 13.57",
        "hs_resnet50_16w_5s, 22427560, 3.93",
        "hs_resnet50_8w_8s, 17341863, 3.01",
    })
    void specTableValuesComeOutExactly(String name, long params, double gmacs) {
        Complexity c = Complexity.of(Models.spec(name, 1000, 3), 224);
        assertEquals(params, c.params(), "params of " + name);
        assertEquals(gmacs, Math.round(c.gmacs() * 100) / 100.0, 1e-9, "GMACs of " + name);
    }

    @Test
    void stagesSumToTotalsAndTrackResolution() {
        Complexity c = Complexity.of(Models.spec("hs_resnet50", 1000, 3), 224);
        assertEquals(6, c.stages().size());
        long[] sizes = {56, 56, 28, 14, 7, 1};
        int[] reductions = {4, 4, 8, 16, 32, 1};
        for (int i = 0; i < sizes.length; i++) {
            assertEquals(sizes[i], c.stages().get(i).outHeight(), c.stages().get(i).name());
            assertEquals(reductions[i], c.stages().get(i).reduction(), c.stages().get(i).name());
        }
        assertEquals(2048L * 1000 + 1000, c.stages().get(5).params());
    }

    @Test
    void macsScaleWithInputArea() {
        ResNetSpec spec = Models.spec("hs_resnet50", 0, 3);
        long at224 = Complexity.of(spec, 224).macs();
        long at448 = Complexity.of(spec, 448).macs();
        assertEquals(4.0, (double) at448 / at224, 1e-3);
    }

    @Test
    void tooSmallInputIsRejected() {
        ResNetSpec spec = Models.spec("hs_resnet50", 10, 3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Complexity.of(spec, 0));
        assertEquals("input size must be positive, got 0x0", e.getMessage());
    }
}
