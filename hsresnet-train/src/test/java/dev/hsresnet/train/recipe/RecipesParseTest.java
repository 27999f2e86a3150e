package dev.hsresnet.train.recipe;

import static dev.hsresnet.train.recipe.RecipeTexts.FULL_JSON;
import static dev.hsresnet.train.recipe.RecipeTexts.FULL_YAML;
import static dev.hsresnet.train.recipe.RecipeTexts.MINIMAL_YAML;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.train.recipe.Recipes.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipesParseTest {
    @TempDir
    Path dir;

    @Test
    void fullYamlReadsEveryKey() {
        Recipe r = Recipes.parse(FULL_YAML, Format.YAML);
        assertEquals(new Recipe.Model("hs_resnet50", false), r.model());
        Recipe.Data d = r.data();
        assertEquals(DataKind.FOLDER, d.kind());
        assertEquals("data/flowers/train", d.train());
        assertEquals(Path.of("data/flowers/train"), d.trainPath());
        assertEquals(Optional.of(Path.of("data/flowers/val")), d.valPath());
        assertEquals(0.0, d.valFraction());
        assertEquals(224, d.imageSize());
        assertEquals(Augment.RRC, d.augment());
        assertFalse(d.flip());
        assertEquals(6, d.workers());
        assertEquals(40, d.limitPerClass());
        assertEquals(90, r.epochs());
        assertEquals(256, r.batchSize());
        assertEquals(42L, r.seed());
        assertEquals(new Recipe.Optimizer(0.2, 0.85, true, 1e-4, true), r.optimizer());
        assertEquals(new Recipe.Schedule(ScheduleKind.STEP, 2.5, 0.001, List.of(30, 60, 80), 0.2), r.schedule());
        assertEquals(0.1, r.labelSmoothing());
        assertEquals(0.2, r.mixup().alpha());
        assertEquals(1.0, r.cutmix().alpha());
        assertTrue(r.mixing());
        assertEquals(0.8, r.mixProb());
        assertEquals(0.3, r.switchProb());
        assertEquals(new Recipe.Ema(true, 0.999), r.ema());
        assertEquals(new Recipe.Checkpoint(500, 5), r.checkpoint());
    }

    @Test
    void yamlAndJsonAreEquivalent() {
        assertEquals(Recipes.parse(FULL_YAML, Format.YAML), Recipes.parse(FULL_JSON, Format.JSON));
    }

    @Test
    void toJsonRoundTripsFullAndMinimal() {
        for (String text : List.of(FULL_YAML, MINIMAL_YAML)) {
            Recipe r = Recipes.parse(text, Format.YAML);
            String json = Recipes.toJson(r);
            assertEquals(r, Recipes.parse(json, Format.JSON));
            assertEquals(json, Recipes.toJson(Recipes.parse(json, Format.JSON)), "stable output");
            assertEquals(r, Recipes.parse(Recipes.toYaml(r), Format.YAML));
        }
    }

    @Test
    void toJsonHasStableKeyOrderAndEveryKey() throws IOException {
        String json = Recipes.toJson(Recipes.parse(MINIMAL_YAML, Format.YAML));
        assertTrue(json.endsWith("}\n"));
        assertTrue(json.contains("\"epochs\": 30"), json);
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals(List.of("model", "data", "epochs", "batchSize", "seed", "optimizer", "schedule", "labelSmoothing",
                "mixup", "cutmix", "mixProb", "switchProb", "ema", "checkpoint"), names(n));
        assertEquals(List.of("kind", "train", "val", "valFraction", "imageSize", "augment", "flip", "workers",
                "limitPerClass"), names(n.get("data")));
        assertEquals(List.of("lr", "momentum", "nesterov", "weightDecay", "decayBnAndBias"), names(n.get("optimizer")));
        assertEquals(List.of("kind", "warmupEpochs", "minLr", "milestones", "gamma"), names(n.get("schedule")));
        assertTrue(n.get("data").get("val").isNull());
        assertEquals("cifar10", n.get("data").get("kind").asText());
        assertEquals("cosine", n.get("schedule").get("kind").asText());
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void loadPicksFormatByExtensionAndSaveWritesIt() throws IOException {
        Recipe expected = Recipes.parse(FULL_YAML, Format.YAML);
        for (String name : List.of("r.yaml", "r.yml", "R.YAML")) {
            Path f = dir.resolve(name);
            Files.writeString(f, FULL_YAML);
            assertEquals(expected, Recipes.load(f));
        }
        Path json = dir.resolve("r.json");
        Files.writeString(json, FULL_JSON);
        assertEquals(expected, Recipes.load(json));

        Path saved = dir.resolve("run/recipe.json");
        Recipes.save(expected, saved);
        assertEquals(Recipes.toJson(expected), Files.readString(saved));
        assertEquals(expected, Recipes.load(saved));
        Path savedYaml = dir.resolve("run/recipe.yaml");
        Recipes.save(expected, savedYaml);
        assertEquals(expected, Recipes.load(savedYaml));
    }

    @Test
    void loadRejectsUnknownExtensionAndMissingFile() {
        Path txt = dir.resolve("recipe.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipes.load(txt));
        assertTrue(e.getMessage().contains("use a .json, .yaml or .yml file"), e.getMessage());
        assertThrows(IOException.class, () -> Recipes.load(dir.resolve("missing.yaml")));
    }

    @Test
    void nullMeansDefault() {
        Recipe r = Recipes.parse(RecipeTexts.minimalPlus("epochs: null\noptimizer:\n  lr:\n"), Format.YAML);
        assertEquals(30, r.epochs());
        assertEquals(0.1, r.optimizer().lr());
        assertNull(r.data().val());
    }

    @Test
    void yamlNumbersWithExponentsAndUnquotedStrings() {
        Recipe r = Recipes.parse(RecipeTexts.minimalPlus("optimizer: {weightDecay: 5e-4, lr: 1.5E-2}\n"), Format.YAML);
        assertEquals(5e-4, r.optimizer().weightDecay());
        assertEquals(0.015, r.optimizer().lr());
    }

    @Test
    void programmaticDefaultsEqualParsedMinimal() {
        assertEquals(Recipe.defaults("hs_resnet18", DataKind.CIFAR10, "data/cifar-10-batches-bin"),
                Recipes.parse(MINIMAL_YAML, Format.YAML));
    }

    @Test
    void milestonesListIsImmutable() {
        Recipe r = Recipes.parse(FULL_YAML, Format.YAML);
        assertThrows(UnsupportedOperationException.class, () -> r.schedule().milestones().add(1));
    }
}
