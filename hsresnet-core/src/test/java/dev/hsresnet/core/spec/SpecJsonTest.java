package dev.hsresnet.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecJsonTest {

    @Test
    void everyRegisteredSpecRoundTrips() {
        for (ModelEntry e : Models.list()) {
            String json = SpecJson.toJson(e.spec());
            assertEquals(e.spec(), SpecJson.parse(json), e.name());
        }
    }

    @Test
    void theJsonIsTheDocumentedShape() {
        ResNetSpec spec = ResNetSpec.builder()
                .stem(Stem.CIFAR)
                .shortcut(Shortcut.PLAIN)
                .stages(List.of(StageSpec.hs(2, 8, 4, 3), StageSpec.plain(1, 16)))
                .numClasses(10)
                .inChannels(1)
                .zeroInitLastBn(false)
                .build();
        String compact = SpecJson.toJson(spec).replaceAll("\\s", "");
        assertEquals("{\"stem\":\"cifar\",\"shortcut\":\"b\",\"stages\":["
                + "{\"depth\":2,\"planes\":8,\"hs\":{\"s\":4,\"w\":3}},"
                + "{\"depth\":1,\"planes\":16,\"hs\":null}],"
                + "\"expansion\":4,\"numClasses\":10,\"inChannels\":1,\"zeroInitLastBn\":false}",
                compact);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"s\":1,\"w\":3}| stages[0].hs: HS block s (number of groups) must be >= 2, got 1",
        "{\"s\":4,\"w\":0}| stages[0].hs: HS block w (group width) must be >= 1, got 0",
        "{\"s\":4}| stages[0].hs.w: Missing required creator property 'w'",
        "{\"s\":4,\"w\":3,\"x\":1}| stages[0].hs.x: Unrecognized field \"x\"",
        "\"four\"| stages[0].hs: Cannot construct instance",
    })
    void badStageValuesNameThePath(String hs, String expectedStart) {
        String json = "{\"stem\":\"deep\",\"shortcut\":\"d\",\"stages\":[{\"depth\":1,"
                + "\"planes\":8,\"hs\":" + hs + "}],\"expansion\":4,\"numClasses\":10,"
                + "\"inChannels\":3,\"zeroInitLastBn\":true}";
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpecJson.parse(json));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    @Test
    void builderRejectsMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNetSpec.builder().depths(3, 4).planes(64, 128, 256).build());
        assertEquals("depths and planes need one value per stage, got 2 depths and 3 planes",
                e.getMessage());
    }

    @Test
    void notJsonIsAClearError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpecJson.parse("{\"stem\":"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
