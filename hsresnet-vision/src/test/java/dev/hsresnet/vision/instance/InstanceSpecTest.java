package dev.hsresnet.vision.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.detection.DetectionSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instance spec: the detector's JSON plus {@code prototypes}, strict validation. */
class InstanceSpecTest {

    private static final ResNetSpec BACKBONE = ResNetSpec.builder().depths(1, 1, 1, 1)
            .planes(2, 4, 4, 8).build();

    private static final DetectionSpec DETECTION = new DetectionSpec(BACKBONE, 64, 3, 16);

    @Test
    void theJsonIsTheDetectorsWithPrototypesLastAndDefaultsWhenAbsent() throws IOException {
        InstanceSpec spec = new InstanceSpec(DETECTION, 16);
        String json = SpecJson.write(spec);
        JsonNode tree = SpecJson.mapper().readTree(json);
        JsonNode detection = SpecJson.mapper().valueToTree(DETECTION);
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        List<String> expected = new ArrayList<>();
        detection.fieldNames().forEachRemaining(expected::add);
        expected.add("prototypes");
        assertEquals(expected, names);
        assertEquals(16, tree.get("prototypes").asInt());
        ObjectNode withoutK = ((ObjectNode) tree).deepCopy();
        withoutK.remove("prototypes");
        assertEquals(detection, withoutK);
        assertEquals(spec, SpecJson.read(json, InstanceSpec.class));
        InstanceSpec minimal = SpecJson.read("{\"backbone\": " + SpecJson.write(BACKBONE)
                + ", \"neckChannels\": 64, \"numClasses\": 3, \"groups\": 16}",
                InstanceSpec.class);
        assertEquals(new InstanceSpec(DETECTION, InstanceSpec.DEFAULT_PROTOTYPES), minimal);
        assertEquals(32, minimal.prototypes());
        assertEquals(5, minimal.detection().levels());
        assertEquals(3, minimal.numClasses());
        assertEquals(BACKBONE.withNumClasses(0), minimal.backbone());
        assertEquals(new InstanceSpec(DETECTION.withNumClasses(2), 8),
                spec.withNumClasses(2).withPrototypes(8));
    }

    @Test
    void badValuesNameTheirField() {
        ObjectNode base = SpecJson.mapper().valueToTree(new InstanceSpec(DETECTION, 16));
        assertMessage(base.deepCopy().put("prototypes", 0), "prototypes: must be in 1..256, got 0");
        assertMessage(base.deepCopy().put("prototypes", 257), "prototypes: must be in 1..256");
        assertMessage(base.deepCopy().put("prototypes", 1.5), "prototypes: must be an integer");
        assertMessage(base.deepCopy().put("prototypes", "16"), "prototypes: must be an integer");
        assertMessage(base.deepCopy().put("groups", 24),
                "groups: 24 groups do not divide the 64 neck channels");
        assertMessage(base.deepCopy().put("levels", 6), "levels: must be in 3..5, got 6");
        ObjectNode stages = base.deepCopy();
        ((ObjectNode) stages.get("backbone").get("stages").get(1)).put("depth", 0);
        assertMessage(stages, "backbone.stages[1].depth: must be in");
        assertMessage(base.deepCopy().put("protoypes", 16), "protoypes");
        ObjectNode missing = base.deepCopy();
        missing.remove("neckChannels");
        assertMessage(missing, "neckChannels");
        assertThrows(IllegalArgumentException.class, () -> SpecJson.read("[1]",
                InstanceSpec.class));
        assertThrows(InvalidFieldException.class, () -> new InstanceSpec(null, 4));
        assertThrows(InvalidFieldException.class, () -> new InstanceSpec(DETECTION, -1));
    }

    private static void assertMessage(JsonNode json, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecJson.read(SpecJson.write(json), InstanceSpec.class));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
