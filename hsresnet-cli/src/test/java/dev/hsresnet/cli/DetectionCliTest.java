package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.detection.DetectionComplexity;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models} and {@code info} list and describe the FCOS detectors. */
class DetectionCliTest {

    @TempDir
    Path tmp;

    @Test
    void modelsListsTheDetectorsAndInfoDescribesANameOrADirectory() throws Exception {
        CliRun models = CliRun.of("models");
        assertEquals(0, models.exitCode(), models.err());
        assertTrue(models.out().contains("Detection (task detection; FCOS, P3-P7, 1 class, MACs "
                + "at 512x512"), models.out());
        assertTrue(models.out().contains("fcos_hs_resnet26_lite") && models.out()
                .contains("fcos_resnet50d"), models.out());

        CliRun info = CliRun.of("info", "fcos_hs_resnet26_lite");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().startsWith("fcos_hs_resnet26_lite: FCOS on an HS backbone"),
                info.out());
        assertTrue(info.out().contains("detection network: FCOS, FPN P3-P7 64 channels, towers "
                + "of 4 conv + GroupNorm (16 groups), 1 classes; at 512x512: 5456 locations"),
                info.out());

        Path dir = tmp.resolve("m");
        try (DetectionModel m = DetectionModel.create(
                DetectionModels.config("fcos_resnet26_nano", List.of("a", "b")), 1)) {
            ModelDir.save(m, dir);
        }
        CliRun json = CliRun.of("info", dir.toString(), "--input", "256", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode det = SpecJson.mapper().readTree(json.out()).get("detection");
        DetectionComplexity expected = DetectionComplexity.of(
                DetectionModels.spec("fcos_resnet26_nano", 2), 256, 256);
        assertEquals(expected.params(), det.get("params").asLong());
        assertEquals(expected.macs(), det.get("macs").asLong());
        assertEquals(2, det.get("head").get("numClasses").asInt());
    }
}
