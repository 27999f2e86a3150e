package dev.hsresnet.vision.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.models.SpecFile;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.segmentation.DecodeHead;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec file (a searched backbone) in place of a registered backbone name in dense models. */
class SpecFileBackboneTest {

    @TempDir
    Path dir;

    @Test
    void everyDenseFamilyTakesASpecFileBackbone() throws IOException {
        ModelEntry lite = Models.get("hs_resnet26_lite");
        ModelEntry searched = new ModelEntry("Searched_Lite", "lite", "a searched backbone",
                lite.spec().toBuilder().stages(List.of(StageSpec.hs(1, 24, 3, 6),
                        StageSpec.plain(2, 48), StageSpec.hs(2, 96, 5, 20),
                        StageSpec.hs(1, 192, 2, 72))).build(),
                lite.preprocessing(), null);
        Path file = dir.resolve("Runs/best.spec.json");
        java.nio.file.Files.createDirectories(file.getParent());
        SpecFile.of(searched).write(file);

        String fpn = "fpn_" + file;
        assertTrue(SegmentationModels.isKnown(fpn));
        assertEquals(searched.spec().stages(), SegmentationModels.spec(fpn, 3).backbone().stages());
        assertEquals(64, SegmentationModels.spec(fpn, 3).neckChannels(), "lite: small widths");
        assertEquals("fpn_Searched_Lite",
                SegmentationModels.config(fpn, List.of("a", "b", "c")).name());
        String deeplab = "deeplabv3_" + file;
        assertEquals(DecodeHead.ASPP, SegmentationModels.spec(deeplab, 2).decodeHead());
        assertEquals(8, SegmentationModels.spec(deeplab, 2).backbone().effectiveOutputStride());

        String fcos = "fcos_" + file;
        assertTrue(DetectionModels.isKnown(fcos));
        assertEquals(searched.spec().stages(), DetectionModels.spec(fcos, 1).backbone().stages());
        assertEquals("fcos_Searched_Lite", DetectionModels.config(fcos, List.of("x")).name());

        String yolact = "yolact_" + file;
        assertTrue(InstanceModels.isKnown(yolact));
        assertEquals(searched.spec().stages(),
                InstanceModels.spec(yolact, 1).detection().backbone().stages());
        assertEquals("yolact_Searched_Lite", InstanceModels.config(yolact, List.of("p")).name());

        assertTrue(SegmentationModels.isKnown("FPN_hs_resnet26_lite"), "registry names keep "
                + "working in any case");
        assertFalse(DetectionModels.isKnown("fcos_" + dir.resolve("absent.json")));
        var missing = assertThrows(IllegalArgumentException.class,
                () -> DetectionModels.spec("fcos_" + dir.resolve("absent.json"), 1));
        assertTrue(missing.getMessage().contains("absent.json"), missing.getMessage());
    }
}
