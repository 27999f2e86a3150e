package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.spec.Stem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The detection spec: JSON with its defaults, strict validation, strides and size ranges. */
class DetectionSpecTest {

    private static final ResNetSpec BACKBONE = ResNetSpec.builder().depths(1, 1, 1, 1)
            .planes(2, 4, 4, 8).build();

    @Test
    void jsonWithoutTheOptionalFieldsReadsAsTheDefaultsAndEveryFieldIsWritten() throws IOException {
        DetectionSpec spec = SpecJson.read("{\"backbone\": " + SpecJson.write(BACKBONE)
                + ", \"neckChannels\": 64, \"numClasses\": 3}", DetectionSpec.class);
        assertEquals(new DetectionSpec(BACKBONE, 64, 3), spec);
        assertEquals(5, spec.levels());
        assertEquals(4, spec.towerConvs());
        assertEquals(32, spec.groups());
        assertEquals(0.01, spec.priorProb());
        assertEquals(1.5, spec.centerSampleRadius());
        assertEquals(0.05, spec.scoreThreshold());
        assertEquals(0.6, spec.nmsIou());
        assertEquals(1000, spec.topK());
        assertEquals(100, spec.maxDetections());
        assertEquals(0, spec.backbone().numClasses());
        JsonNode written = SpecJson.mapper().readTree(SpecJson.write(spec));
        for (String field : new String[] {"levels", "towerConvs", "groups", "priorProb",
            "centerSampleRadius", "scoreThreshold", "nmsIou", "topK", "maxDetections"}) {
            assertTrue(written.has(field), field);
        }
        DetectionSpec custom = spec.withLevels(3).withTowerConvs(2).withInference(0.3, 0.5, 50, 10);
        assertEquals(custom, SpecJson.read(SpecJson.write(custom), DetectionSpec.class));
        String fixture = Files.readString(Path.of("src", "test", "resources", "fixtures",
                "det_fcos_resnet_p5", "spec.json"));
        DetectionSpec p5 = SpecJson.read(fixture, DetectionSpec.class);
        assertEquals(3, p5.levels());
        assertEquals(4, p5.groups());
    }

    @Test
    void stridesAndSizeRangesAreTorchvisionsWithAnInfiniteLastBound() {
        DetectionSpec five = new DetectionSpec(BACKBONE, 64, 1);
        assertArrayEquals(new int[] {8, 16, 32, 64, 128}, five.strides());
        double inf = Double.POSITIVE_INFINITY;
        assertArrayEquals(new double[][] {{0, 64}, {64, 128}, {128, 256}, {256, 512}, {512, inf}},
                five.sizeRanges());
        DetectionSpec three = five.withLevels(3);
        assertArrayEquals(new int[] {8, 16, 32}, three.strides());
        assertArrayEquals(new double[][] {{0, 64}, {64, 128}, {128, inf}}, three.sizeRanges());
        assertEquals(0, three.extraLevels());
        assertEquals(2, five.extraLevels());
        assertArrayEquals(new int[] {2, 3, 4}, five.outIndices());
        assertArrayEquals(new int[] {16, 16, 32}, five.backboneChannels());
        assertEquals(-Math.log(99), five.classBias(), 1e-12);
    }

    @Test
    void badValuesNameTheirField() {
        ObjectNode base = SpecJson.mapper().valueToTree(new DetectionSpec(BACKBONE, 64, 3));
        assertField(base, "neckChannels", 0, "neckChannels: must be in 1..");
        assertField(base, "numClasses", 0, "numClasses: must be in 1..");
        assertField(base, "levels", 6, "levels: must be in 3..5, got 6");
        assertField(base, "levels", 2, "levels: must be in 3..5, got 2");
        assertField(base, "towerConvs", -1, "towerConvs: must be in 0..16");
        assertField(base, "groups", 24, "groups: 24 groups do not divide the 64 neck channels");
        assertField(base, "groups", 0, "groups: must be in 1..64");
        assertField(base, "priorProb", 1.0, "priorProb: must be in (0, 1), got 1.0");
        assertField(base, "centerSampleRadius", 0.0, "centerSampleRadius: must be positive");
        assertField(base, "scoreThreshold", 1.0, "scoreThreshold: must be in [0, 1)");
        assertField(base, "nmsIou", 0.0, "nmsIou: must be in (0, 1]");
        assertField(base, "topK", 0, "topK: must be in 1..100000");
        assertField(base, "maxDetections", 100001, "maxDetections: must be in 1..100000");
        ObjectNode missing = base.deepCopy();
        missing.remove("numClasses");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecJson.read(SpecJson.write(missing), DetectionSpec.class));
        assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
        ObjectNode unknown = base.deepCopy().put("anchors", 9);
        e = assertThrows(IllegalArgumentException.class,
                () -> SpecJson.read(SpecJson.write(unknown), DetectionSpec.class));
        assertTrue(e.getMessage().contains("anchors"), e.getMessage());
    }

    @Test
    void theBackboneMustGiveC3ToC5AtStrides8To32() {
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> new DetectionSpec(BACKBONE.withOutputStride(16), 64, 1));
        assertEquals("backbone", e.field());
        assertTrue(e.getMessage().contains("C5 at stride 16"), e.getMessage());
        ResNetSpec cifar = BACKBONE.toBuilder().stem(Stem.CIFAR).build();
        e = assertThrows(InvalidFieldException.class, () -> new DetectionSpec(cifar, 64, 1));
        assertTrue(e.getMessage().contains("C3 at stride 2"), e.getMessage());
        ResNetSpec threeStages = ResNetSpec.builder().depths(1, 1, 1).planes(2, 4, 4).build();
        e = assertThrows(InvalidFieldException.class, () -> new DetectionSpec(threeStages, 64, 1));
        assertEquals("backbone.stages", e.field());
        // the resnet stem is ImageNet-style too
        new DetectionSpec(BACKBONE.toBuilder().stem(Stem.RESNET).build(), 64, 1);
    }

    private static void assertField(ObjectNode base, String field, Object value, String start) {
        ObjectNode bad = base.deepCopy();
        if (value instanceof Integer i) {
            bad.put(field, i);
        } else {
            bad.put(field, (Double) value);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecJson.read(SpecJson.write(bad), DetectionSpec.class), field);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
