package dev.hsresnet.train.recipe;

import static dev.hsresnet.train.recipe.RecipeTexts.minimalPlus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.train.recipe.Recipes.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeErrorsTest {
    @TempDir
    Path dir;

    private static RecipeException yaml(String text) {
        return assertThrows(RecipeException.class, () -> Recipes.parse(text, Format.YAML));
    }

    private static RecipeException json(String text) {
        return assertThrows(RecipeException.class, () -> Recipes.parse(text, Format.JSON));
    }

    // MINIMAL_YAML has 5 lines, so an appended key is on line 6.

    @Test
    void unknownNestedKeyNamesItsPathLineAndKnownKeys() {
        RecipeException e = yaml(minimalPlus("optimizer:\n  lr: 0.1\n  wieghtDecay: 1e-4\n"));
        assertEquals("recipe:8:3: unknown key 'optimizer.wieghtDecay' (known keys of optimizer: lr, momentum, "
                + "nesterov, weightDecay, decayBnAndBias)", e.getMessage());
        assertEquals(8, e.line());
        assertEquals(3, e.column());
    }

    @Test
    void unknownTopLevelKey() {
        RecipeException e = yaml(minimalPlus("epoch: 3\n"));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().startsWith("recipe:6:1: unknown key 'epoch' (known keys: model, data, epochs,"),
                e.getMessage());
    }

    @Test
    void unknownKeyInJson() {
        RecipeException e = json("{\"model\": {\"name\": \"m\", \"depth\": 50},\n \"data\": {\"kind\": \"cifar10\", \"train\": \"t\"}}");
        assertTrue(e.getMessage().startsWith("recipe:1:25: unknown key 'model.depth' (known keys of model: name, zeroInitLastBn)"),
                e.getMessage());
    }

    @Test
    void outOfRangeValuesNameFieldAndValue() {
        assertEquals("recipe:7:3: optimizer.momentum: must be in [0, 1), got 1.5",
                yaml(minimalPlus("optimizer:\n  momentum: 1.5\n")).getMessage());
        assertEquals("recipe:6:1: epochs: must be in [1, 1000000], got 0", yaml(minimalPlus("epochs: 0\n")).getMessage());
        assertEquals("recipe:6:1: batchSize: must be in [1, 1048576], got -4",
                yaml(minimalPlus("batchSize: -4\n")).getMessage());
        assertEquals("recipe:6:1: labelSmoothing: must be in [0, 1), got 1",
                yaml(minimalPlus("labelSmoothing: 1\n")).getMessage());
        assertEquals("recipe:6:10: cutmix.alpha: must be in [0, inf), got -0.5",
                yaml(minimalPlus("cutmix: {alpha: -0.5}\n")).getMessage());
        assertEquals("recipe:6:7: ema.decay: must be in (0, 1), got 1",
                yaml(minimalPlus("ema: {decay: 1}\n")).getMessage());
        assertEquals("recipe:6:14: checkpoint.keepLast: must be >= 1, got 0",
                yaml(minimalPlus("checkpoint: {keepLast: 0}\n")).getMessage());
        assertTrue(yaml(minimalPlus("mixProb: 1.01\n")).getMessage().endsWith("mixProb: must be in [0, 1], got 1.01"));
        assertTrue(yaml(minimalPlus("schedule: {gamma: 0}\n")).getMessage().endsWith("schedule.gamma: must be in (0, 1], got 0"));
        assertTrue(yaml(minimalPlus("optimizer: {lr: 0}\n")).getMessage().endsWith("optimizer.lr: must be in (0, 100], got 0"));
    }

    @Test
    void dataFieldRanges() {
        String base = "model: {name: m}\ndata:\n  kind: folder\n  train: t\n";
        assertEquals("recipe:5:3: data.valFraction: must be in [0, 0.5], got 0.6",
                yaml(base + "  valFraction: 0.6\n").getMessage());
        assertEquals("recipe:5:3: data.imageSize: must be in [8, 4096], got 4",
                yaml(base + "  imageSize: 4\n").getMessage());
        assertEquals("recipe:5:3: data.workers: must be in [0, 1024], got -1", yaml(base + "  workers: -1\n").getMessage());
        assertEquals("recipe:5:3: data.limitPerClass: must be >= 1, got 0", yaml(base + "  limitPerClass: 0\n").getMessage());
        assertEquals("recipe:6:3: data.valFraction: must be 0 or absent when data.val is given, got 0.2",
                yaml(base + "  val: v\n  valFraction: 0.2\n").getMessage());
        assertEquals("recipe:4:3: data.train: must not be blank, got ' '", yaml(base.replace("train: t", "train: ' '")).getMessage());
    }

    @Test
    void badEnumListsAcceptedValues() {
        RecipeException e = yaml("model: {name: m}\ndata:\n  kind: imagenet\n  train: t\n");
        assertEquals("recipe:3:3: data.kind: unknown value 'imagenet'; expected one of folder, cifar10, cifar10-jpg, "
                + "fashion-mnist", e.getMessage());
        assertEquals("data.kind", e.field());
        assertTrue(yaml(minimalPlus("schedule: {kind: linear}\n")).getMessage()
                .endsWith("schedule.kind: unknown value 'linear'; expected one of cosine, step"));
        assertTrue(yaml("model: {name: m}\ndata: {kind: folder, train: t, augment: RRC}\n").getMessage()
                .endsWith("data.augment: unknown value 'RRC'; expected one of rrc, padcrop, none"));
    }

    @Test
    void wrongTypes() {
        assertEquals("recipe:6:1: epochs: expected an integer, got '2.5'", yaml(minimalPlus("epochs: 2.5\n")).getMessage());
        assertEquals("recipe:6:1: epochs: expected an integer, got 'ten'", yaml(minimalPlus("epochs: ten\n")).getMessage());
        assertTrue(yaml(minimalPlus("ema: {enabled: maybe}\n")).getMessage()
                .endsWith("ema.enabled: expected true or false, got 'maybe'"));
        assertTrue(json("{\"model\": {\"name\": \"m\"}, \"data\": {\"kind\": \"cifar10\", \"train\": \"t\"}, \"batchSize\": \"64\"}")
                .getMessage().endsWith("batchSize: expected an integer, got '64'"));
        assertTrue(yaml(minimalPlus("mixup: 0.2\n")).getMessage().endsWith("mixup: expected a mapping with keys alpha, got '0.2'"));
        assertTrue(yaml(minimalPlus("schedule: {milestones: [10, x]}\n")).getMessage()
                .endsWith("schedule.milestones[1]: expected an integer, got 'x'"));
        assertTrue(yaml(minimalPlus("schedule: {milestones: 10}\n")).getMessage()
                .contains("schedule.milestones: expected a list, got '10'"));
    }

    @Test
    void requiredFields() {
        assertEquals("model.name", yaml("data: {kind: cifar10, train: t}\n").field());
        assertEquals("model.name", yaml("model: {zeroInitLastBn: true}\ndata: {kind: cifar10, train: t}\n").field());
        assertTrue(yaml("model: {name: m}\n").getMessage().contains("data: is required"));
        assertTrue(yaml("model: {name: m}\ndata: {train: t}\n").getMessage().endsWith("data.kind: is required"));
        assertTrue(yaml("model: {name: m}\ndata: {kind: folder}\n").getMessage().endsWith("data.train: is required"));
        assertTrue(yaml("").getMessage().contains("empty recipe"));
        assertTrue(yaml("# nothing\n").getMessage().contains("empty recipe"));
        assertTrue(json("[1, 2]").getMessage().contains("a recipe must be a mapping"));
    }

    @Test
    void crossFieldRules() {
        assertTrue(yaml(minimalPlus("schedule: {kind: step}\n")).getMessage()
                .endsWith("schedule.milestones: a step schedule needs at least one milestone"));
        assertTrue(yaml(minimalPlus("schedule: {kind: step, milestones: [20, 10]}\n")).getMessage()
                .endsWith("schedule.milestones: must be positive, strictly increasing epochs, got [20, 10]"));
        assertTrue(yaml(minimalPlus("schedule: {kind: step, milestones: [10, 40]}\n")).getMessage()
                .endsWith("schedule.milestones: each milestone must be <= epochs (30), got 40"));
        assertEquals("recipe:6:12: schedule.minLr: must not exceed optimizer.lr (0.1), got 0.5",
                yaml(minimalPlus("schedule: {minLr: 0.5}\n")).getMessage());
        assertTrue(yaml(minimalPlus("epochs: 2\nschedule: {warmupEpochs: 3}\n")).getMessage()
                .endsWith("schedule.warmupEpochs: must not exceed epochs (2), got 3"));
        assertTrue(yaml(minimalPlus("optimizer: {momentum: 0, nesterov: true}\n")).getMessage()
                .endsWith("optimizer.nesterov: needs momentum > 0, got true"));
    }

    @Test
    void malformedFilesNameFileAndLine() throws IOException {
        Path y = dir.resolve("bad.yaml");
        Files.writeString(y, "model:\n  name: m\ndata:\n  kind: cifar10\n  train: t\n\tepochs: 3\n");
        RecipeException e = assertThrows(RecipeException.class, () -> Recipes.load(y));
        assertEquals(y.toString(), e.source());
        assertEquals(6, e.line());
        assertTrue(e.getMessage().startsWith(y + ":6:1: syntax error: found character"), e.getMessage());
        assertTrue(e.getMessage().contains("TAB"), e.getMessage());

        Files.writeString(y, "model:\n  name: m\ndata:\n  kind: cifar10\n  train: \"t\n");
        RecipeException q = assertThrows(RecipeException.class, () -> Recipes.load(y));
        assertTrue(q.getMessage().startsWith(y + ":6:1: syntax error: found unexpected end of stream"), q.getMessage());

        Path j = dir.resolve("bad.json");
        Files.writeString(j, "{\n  \"model\": {\"name\": \"m\"},\n  \"epochs\": 3,\n}\n");
        RecipeException je = assertThrows(RecipeException.class, () -> Recipes.load(j));
        assertEquals(4, je.line());
        assertTrue(je.getMessage().startsWith(j + ":4:1: syntax error"), je.getMessage());

        Path k = dir.resolve("unknown.yml");
        Files.writeString(k, RecipeTexts.minimalPlus("seeed: 1\n"));
        RecipeException ke = assertThrows(RecipeException.class, () -> Recipes.load(k));
        assertTrue(ke.getMessage().startsWith(k + ":6:1: unknown key 'seeed'"), ke.getMessage());
    }

    @Test
    void aRecipeThatIsNotUtf8IsNamed() throws IOException {
        Path y = dir.resolve("latin1.yaml");
        byte[] text = RecipeTexts.minimalPlus("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(text, text.length + 1);
        bad[text.length] = (byte) 0xE9; // an ISO-8859-1 e-acute, never valid alone in UTF-8
        Files.write(y, bad);
        IOException e = assertThrows(IOException.class, () -> Recipes.load(y));
        assertEquals(y + ": not valid UTF-8 text (bad byte at offset " + text.length + ")",
                e.getMessage());
    }

    @Test
    void duplicateKeysAreErrors() {
        RecipeException e = yaml(minimalPlus("epochs: 3\nepochs: 4\n"));
        assertEquals(7, e.line());
        assertTrue(e.getMessage().contains("duplicate key 'epochs'"), e.getMessage());
        assertTrue(json("{\"model\": {\"name\": \"a\", \"name\": \"b\"}}").getMessage().contains("duplicate key 'name'"));
    }

    @Test
    void programmaticConstructionValidatesToo() {
        RecipeException e = assertThrows(RecipeException.class, () -> new Recipe.Optimizer(-1, 0.9, false, 0, false));
        assertEquals("lr", e.field());
        assertEquals("lr: must be in (0, 100], got -1", e.getMessage());
        assertThrows(RecipeException.class, () -> Recipe.Schedule.of(null, null, null, List.of(0), null));
        assertThrows(RecipeException.class, () -> DataKind.of("CIFAR10"));
        assertTrue(new RecipeException("x", "y") instanceof IllegalArgumentException);
    }
}
