package dev.hsresnet.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFileTest {

    @TempDir
    Path dir;

    private static SpecFile sample() {
        ResNetSpec spec = ResNetSpec.builder().stem(Stem.DEEP).stages(List.of(
                StageSpec.hs(2, 64, 3, 20), StageSpec.plain(1, 128), StageSpec.hs(3, 256, 6, 40),
                StageSpec.hs(1, 512, 2, 160))).numClasses(1000).build();
        return SpecFile.of(new ModelEntry("searched-1", "imagenet", "from a search", spec,
                Preprocessing.imagenet(224), null));
    }

    @Test
    void aSpecFileRoundTripsAndStandsInForAModelName() throws IOException {
        Path file = dir.resolve("Best.Spec.JSON");
        sample().write(file);
        assertEquals(sample(), SpecFile.read(file));
        ModelEntry entry = Models.get(file.toString());
        assertEquals("searched-1", entry.name());
        assertEquals(sample().architecture(), entry.spec());
        assertEquals(224, entry.inputSize());
        assertEquals(sample().architecture().toBuilder().numClasses(7).inChannels(1).build(),
                Models.spec(file.toString(), 7, 1));
        assertTrue(Models.lookup("hs_resnet50").isPresent());
        assertFalse(Models.lookup("no_such_model").isPresent());
    }

    @Test
    void aBadSpecFileIsRefusedNamingTheFileAndTheField() throws IOException {
        Path file = dir.resolve("bad.json");
        String good = dev.hsresnet.core.spec.SpecJson.write(sample());
        Files.writeString(file, good.replace("\"imagenet\"", "\"huge\""));
        var family = assertThrows(IllegalArgumentException.class,
                () -> Models.get(file.toString()));
        assertTrue(family.getMessage().startsWith("spec file " + file)
                && family.getMessage().contains("family"), family.getMessage());

        Files.writeString(file, good.replace("\"name\" : \"searched-1\"", "\"name\" : \"a/b\""));
        var name = assertThrows(IllegalArgumentException.class, () -> SpecFile.read(file));
        assertTrue(name.getMessage().contains("name"), name.getMessage());

        Files.writeString(file, good.replace("\"format\"", "\"extra\" : 1, \"format\""));
        var extra = assertThrows(IllegalArgumentException.class, () -> SpecFile.read(file));
        assertTrue(extra.getMessage().contains("extra"), extra.getMessage());

        Files.writeString(file, good.replace("\"depth\" : 3", "\"depth\" : 0"));
        var depth = assertThrows(IllegalArgumentException.class, () -> SpecFile.read(file));
        assertTrue(depth.getMessage().contains("depth"), depth.getMessage());

        var missing = assertThrows(IllegalArgumentException.class,
                () -> Models.get(dir.resolve("absent.json").toString()));
        assertTrue(missing.getMessage().contains("absent.json"), missing.getMessage());

        Files.write(file, new byte[(int) SpecFile.MAX_BYTES + 1]);
        var big = assertThrows(IllegalArgumentException.class, () -> SpecFile.read(file));
        assertTrue(big.getMessage().contains("bytes"), big.getMessage());
    }
}
