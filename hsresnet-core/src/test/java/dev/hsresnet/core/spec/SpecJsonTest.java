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
        "{\"s\":1,\"w\":3}| stages[0].hs.s: must be in 2..64, got 1",
        "{\"s\":4,\"w\":0}| stages[0].hs.w: must be in 1..8192, got 0",
        "{\"s\":\"4\",\"w\":3}| stages[0].hs.s: Cannot coerce String value",
        "{\"s\":4.7,\"w\":3}| stages[0].hs.s: Cannot coerce Floating-point value",
        "{\"s\":4.0,\"w\":3}| stages[0].hs.s: Cannot coerce Floating-point value",
        "{\"s\":true,\"w\":3}| stages[0].hs.s: Cannot deserialize value of type `int` from Boolean",
        "{\"s\":4,\"w\":3,\"s\":5}| stages[0].hs: Duplicate field 's'",
        "\"\"| stages[0].hs: Cannot coerce empty String",
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

    private static final String TINY = "{\"stem\":\"cifar\",\"shortcut\":\"d\",\"stages\":["
            + "{\"depth\":1,\"planes\":8,\"hs\":null}],\"expansion\":4,\"numClasses\":10,"
            + "\"inChannels\":3,\"zeroInitLastBn\":true}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"numClasses\":10|\"numClasses\":\"10\"|numClasses: Cannot coerce String value",
        "\"numClasses\":10|\"numClasses\":10.5|numClasses: Cannot coerce Floating-point value",
        "\"numClasses\":10|\"numClasses\":1e1|numClasses: Cannot coerce Floating-point value",
        "\"numClasses\":10|\"numClasses\":NaN|Non-standard token 'NaN'",
        "\"numClasses\":10|\"numClasses\":1,\"numClasses\":2|Duplicate field 'numClasses'",
        "\"zeroInitLastBn\":true|\"zeroInitLastBn\":1|zeroInitLastBn: Cannot coerce Integer value",
        "\"zeroInitLastBn\":true|\"zeroInitLastBn\":\"true\"|zeroInitLastBn: Cannot coerce String value",
        "\"stem\":\"cifar\"|\"stem\":7|stem: unknown stem '7'",
        "\"stages\":[|\"stages\":[{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},{\"depth\":1,\"planes\":8,\"hs\":null},|stages.length: must be in 1..8, got 9",
    })
    void strictJsonRefusesCoercionDuplicatesAndNonNumbers(String from, String to, String expected) {
        String json = TINY.replace(from, to);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpecJson.parse(json));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void theTinySpecItselfParses() {
        assertEquals(10, SpecJson.parse(TINY).numClasses());
    }

    @Test
    void stemWidthIsCheckedAndWrittenOnlyWhenSet() {
        ResNetSpec.Builder deep = ResNetSpec.builder().stem(Stem.DEEP)
                .stages(List.of(StageSpec.plain(1, 8)));
        assertEquals(64, deep.build().stemChannels());
        assertTrue(!SpecJson.toJson(deep.build()).contains("stemWidth"));
        ResNetSpec narrow = deep.stemWidth(24).build();
        assertEquals(24, narrow.stemChannels());
        assertEquals(12, narrow.deepStemMidChannels());
        assertEquals(narrow, SpecJson.parse(SpecJson.toJson(narrow)));
        assertEquals("stemWidth: must be even (the deep stem's middle convolutions get half), "
                + "got 25", assertThrows(InvalidFieldException.class,
                        () -> deep.stemWidth(25).build()).getMessage());
        assertTrue(assertThrows(InvalidFieldException.class, () -> deep.stemWidth(4).build())
                .getMessage().startsWith("stemWidth: must be in 8.."));
        assertTrue(assertThrows(InvalidFieldException.class, () -> ResNetSpec.builder()
                .stem(Stem.CIFAR).stages(List.of(StageSpec.plain(1, 8))).stemWidth(16).build())
                .getMessage().startsWith("stemWidth: the cifar stem's width is stage 1's planes"));
    }

    @Test
    void totalBlocksAreBounded() {
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> ResNetSpec.builder().depths(999, 2).planes(8, 8).build());
        assertEquals("stages: at most 1000 blocks in all, got 1001", e.getMessage());
    }

    @Test
    void stageWidthTimesExpansionIsBounded() {
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> ResNetSpec.builder().depths(1).planes(8192).expansion(16).build());
        assertEquals("stages[0].planes: planes * expansion must be at most 65536 channels, got "
                + "8192 * 16", e.getMessage());
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
