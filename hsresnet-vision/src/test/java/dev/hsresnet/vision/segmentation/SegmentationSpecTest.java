package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The segmentation spec: JSON with its optional fields, validation, derived values. */
class SegmentationSpecTest {

    private static final ResNetSpec BACKBONE = ResNetSpec.builder().depths(1, 1, 1, 1)
            .planes(2, 4, 4, 8).build();

    @Test
    void theFourArgumentFormIsAnFpnWithoutAuxHead() {
        SegmentationSpec spec = new SegmentationSpec(BACKBONE, 8, 6, 5);
        assertEquals(DecodeHead.FPN, spec.decodeHead());
        assertFalse(spec.auxHead());
        assertEquals(0, spec.backbone().numClasses());
        assertArrayEquals(new int[] {1, 2, 3, 4}, spec.outIndices());
        assertEquals(spec, new SegmentationSpec(BACKBONE, 8, 6, 5, null, false));
        assertTrue(spec.withAuxHead(true).auxHead());
        assertEquals(spec, spec.withAuxHead(true).withAuxHead(false));
    }

    @Test
    void jsonWithoutTheOptionalFieldsReadsAsTheDefaultsAndEveryFieldIsWritten() throws IOException {
        String old = Files.readString(Path.of("src", "test", "resources", "fixtures",
                "seg_fpn_deep_hs", "spec.json"));
        SegmentationSpec spec = SpecJson.read(old, SegmentationSpec.class);
        assertEquals(DecodeHead.FPN, spec.decodeHead());
        assertFalse(spec.auxHead());
        JsonNode written = SpecJson.mapper().readTree(SpecJson.write(spec));
        assertEquals("fpn", written.get("decodeHead").asText());
        assertFalse(written.get("auxHead").asBoolean());
        SegmentationSpec aspp = new SegmentationSpec(BACKBONE.withOutputStride(16), 4, 6, 3,
                DecodeHead.ASPP, true);
        String json = SpecJson.write(aspp);
        assertTrue(json.contains("\"decodeHead\" : \"aspp\""), json);
        assertEquals(aspp, SpecJson.read(json, SegmentationSpec.class));
    }

    @Test
    void badValuesNameTheirField() {
        String base = SpecJson.write(new SegmentationSpec(BACKBONE, 8, 6, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecJson.read(base.replace("\"fpn\"", "\"pspnet\""), SegmentationSpec.class));
        assertTrue(e.getMessage().startsWith("decodeHead: unknown decode head 'pspnet', expected "
                + "one of fpn, aspp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpecJson.read(
                base.replace("\"auxHead\" : false", "\"auxHead\" : 1"), SegmentationSpec.class));
        assertTrue(e.getMessage().startsWith("auxHead"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpecJson.read(
                base.replace("\"headChannels\" : 6", "\"headChannels\" : 0"),
                SegmentationSpec.class));
        assertTrue(e.getMessage().startsWith("headChannels: must be in 1.."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpecJson.read(
                base.replace("\"numClasses\" : 5,", ""), SegmentationSpec.class));
        assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
    }

    @Test
    void theAuxiliaryHeadNeedsAC4OfAtLeastFourChannels() {
        ResNetSpec oneStage = ResNetSpec.builder().depths(1).planes(4).build();
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> new SegmentationSpec(oneStage, 4, 4, 3, DecodeHead.ASPP, true));
        assertEquals("auxHead", e.field());
        // one stage is enough for ASPP alone, not for an FPN
        assertArrayEquals(new int[] {1},
                new SegmentationSpec(oneStage, 4, 4, 3, DecodeHead.ASPP, false).outIndices());
        assertEquals("backbone.stages", assertThrows(InvalidFieldException.class,
                () -> new SegmentationSpec(oneStage, 4, 4, 3)).field());
        ResNetSpec thin = ResNetSpec.builder().depths(1, 1).planes(1, 1).expansion(2).build();
        e = assertThrows(InvalidFieldException.class,
                () -> new SegmentationSpec(thin, 4, 4, 3).withAuxHead(true));
        assertEquals("auxHead", e.field());
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
        SegmentationSpec ok = new SegmentationSpec(BACKBONE, 4, 4, 3).withAuxHead(true);
        assertEquals(16, ok.auxInChannels());
        assertEquals(4, ok.auxChannels());
    }

    @Test
    void asppReadsC5AndC4ForTheAuxHeadWithRatesFromTheOutputStride() {
        SegmentationSpec os8 = new SegmentationSpec(BACKBONE.withOutputStride(8), 4, 6, 3,
                DecodeHead.ASPP, false);
        assertArrayEquals(new int[] {12, 24, 36}, os8.asppRates());
        assertArrayEquals(new int[] {4}, os8.outIndices());
        assertArrayEquals(new int[] {3, 4}, os8.withAuxHead(true).outIndices());
        assertEquals(32, os8.lastStageChannels());
        assertArrayEquals(new int[] {6, 12, 18}, new SegmentationSpec(BACKBONE.withOutputStride(16),
                4, 6, 3, DecodeHead.ASPP, false).asppRates());
        // undilated: stride 32, the rates of 16
        assertArrayEquals(new int[] {6, 12, 18}, new SegmentationSpec(BACKBONE, 4, 6, 3,
                DecodeHead.ASPP, false).asppRates());
        assertArrayEquals(new int[] {1, 2, 3, 4},
                new SegmentationSpec(BACKBONE, 4, 6, 3).withAuxHead(true).outIndices());
    }
}
