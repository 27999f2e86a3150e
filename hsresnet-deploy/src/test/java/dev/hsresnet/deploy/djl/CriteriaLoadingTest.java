package dev.hsresnet.deploy.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import dev.hsresnet.deploy.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model directory loads the DJL way: Criteria with its path and a translator factory. */
class CriteriaLoadingTest {

    @TempDir
    Path tmp;

    @Test
    void servingPropertiesRouteWorks() throws Exception {
        // what DJL Serving does: the translator factory named in serving.properties
        Path dir = TestModels.cifarModel(tmp.resolve("m"), 11);
        predictsWhatTheClassifierPredicts(dir, Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(dir)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .build());
    }

    @Test
    void djlServingTypesNeedNothingButTheModelPath() throws Exception {
        // DJL Serving asks for (Input, Output); DJL's default factory then follows serving.properties
        Path dir = TestModels.cifarModel(tmp.resolve("m"), 13);
        Criteria<Input, Output> criteria = Criteria.builder()
                .setTypes(Input.class, Output.class)
                .optModelPath(dir)
                .build();
        var img = TestModels.image(32, 32, 3);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", png);
        try (ZooModel<Input, Output> zoo = criteria.loadModel();
                Predictor<Input, Output> predictor = zoo.newPredictor();
                Classifier classifier = Classifier.open(dir)) {
            Input in = new Input();
            in.add(png.toByteArray());
            in.addProperty("Content-Type", "image/png");
            String json = predictor.predict(in).getData().getAsString();
            Prediction best = classifier.classify(img, 1).get(0);
            var top = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get(0);
            assertEquals(best.label(), top.get("className").asText(), json);
            assertEquals(best.probability(), top.get("probability").asDouble(), 1e-5);
        }
    }

    @Test
    void explicitTranslatorFactoryRouteWorks() throws Exception {
        Path dir = TestModels.cifarModel(tmp.resolve("m"), 12);
        predictsWhatTheClassifierPredicts(dir, Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(dir)
                .optTranslatorFactory(new HsResNetTranslatorFactory())
                .build());
    }

    private static void predictsWhatTheClassifierPredicts(Path dir,
            Criteria<Image, Classifications> criteria) throws Exception {
        var a = TestModels.image(36, 30, 1);
        var b = TestModels.image(32, 32, 2);
        try (ZooModel<Image, Classifications> zoo = criteria.loadModel();
                Predictor<Image, Classifications> predictor = zoo.newPredictor();
                Classifier classifier = Classifier.open(dir)) {
            List<Classifications> out = predictor.batchPredict(List.of(
                    ImageFactory.getInstance().fromImage(a), ImageFactory.getInstance().fromImage(b)));
            List<Prediction> ca = classifier.classify(a, 10);
            List<Prediction> cb = classifier.classify(b, 10);
            assertEquals(true, ((dev.hsresnet.core.nn.ResNet) zoo.getBlock()).isBatchNormFolded(),
                    "the translator prepares the network for inference");
            assertEquals(ca.get(0).label(), out.get(0).best().getClassName());
            assertEquals(cb.get(0).label(), out.get(1).best().getClassName());
            for (Prediction p : ca) {
                assertEquals(p.probability(), out.get(0).get(p.label()).getProbability(), 1e-5);
            }
        }
    }

    @Test
    void aModelDirWithDamagedWeightsFailsToLoadWithTheFileNamed() throws Exception {
        Path dir = TestModels.cifarModel(tmp.resolve("m"), 11);
        Path weights = dir.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(dir)
                .optTranslatorFactory(new HsResNetTranslatorFactory())
                .build();
        Exception e = assertThrows(Exception.class, criteria::loadModel);
        String all = e.toString() + (e.getCause() == null ? "" : e.getCause().toString());
        assertEquals(true, all.contains("weights.safetensors"), all);
    }

    @Test
    void aHostileModelJsonIsRefusedByTheBlockFactoryBeforeAllocating() throws Exception {
        Path dir = TestModels.cifarModel(tmp.resolve("m"), 11);
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json)
                .replace("\"numClasses\" : 10", "\"numClasses\" : 2147483647")
                .replaceFirst("\"labels\" : \\[[^\\]]*\\],", ""));
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(dir)
                .optTranslatorFactory(new HsResNetTranslatorFactory())
                .build();
        Exception e = assertThrows(Exception.class, criteria::loadModel);
        String all = e.toString() + (e.getCause() == null ? "" : e.getCause().toString());
        assertEquals(true, all.contains(json
                + ": architecture.numClasses: must be in 0..1000000, got 2147483647"), all);
    }
}
