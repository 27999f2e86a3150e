package dev.hsresnet.train.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hsresnet.train.recipe.Recipes.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instance recipe: the detection recipe's sections and defaults, the mask loss, the kinds. */
class InstanceRecipeTest {

    private static final String MINIMAL = """
            {"model": {"name": "yolact_hs_resnet26_lite"},
             "data": {"kind": "pennfudan-instances", "root": "pf"}}
            """;

    private static InstanceRecipe parse(String json) {
        return Recipes.parse(json, Format.JSON, "recipe", InstanceRecipe.class);
    }

    /** @return the message without its position (the start of the section the key is in) */
    private static String error(String json) {
        return assertThrows(RecipeException.class, () -> parse(json)).getMessage()
                .replaceFirst("^recipe:\\d+:\\d+: ", "");
    }

    @Test
    void defaultsAreTheDetectionRecipesWithTheMaskLossOnTop() {
        InstanceRecipe r = parse(MINIMAL);
        DetectionRecipe d = Recipes.parse(MINIMAL, Format.JSON, "recipe", DetectionRecipe.class);
        assertEquals(d, r.detection());
        assertEquals(new InstanceRecipe.Loss(0.25, 2, 1, 1, 1, 100), r.loss());
        assertEquals(d.loss(), r.loss().detection());
        assertEquals(List.of(100, 8, 0L, 5, 35.0), List.of(r.epochs(), r.batchSize(), r.seed(),
                r.evalEvery(), r.gradClip()));
        assertEquals(r, Recipes.parse(Recipes.toJson(r), Format.JSON, "again",
                InstanceRecipe.class));
        assertEquals(r, Recipes.parse(Recipes.toYaml(r), Format.YAML, "again",
                InstanceRecipe.class));
    }

    @Test
    void maskSettingsAndOverridesAreRead() {
        InstanceRecipe r = parse(MINIMAL.replace("}}", "}, \"loss\": {\"maskWeight\": 2.5, "
                + "\"maxMasks\": 30, \"boxWeight\": 2}}"));
        assertEquals(new InstanceRecipe.Loss(0.25, 2, 2, 1, 2.5, 30), r.loss());
        InstanceRecipe o = Recipes.applyOverrides(r, List.of("loss.maxMasks=7", "epochs=3"));
        assertEquals(7, o.loss().maxMasks());
        assertEquals(3, o.detection().epochs());
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipes.applyOverrides(r, List.of("loss.maskWeight=-1")));
        assertEquals("override 'loss.maskWeight=-1': loss.maskWeight: must be in [0, 100], "
                + "got -1", e.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("loss.maxMasks: must be in [1, 10000], got 0",
                error(MINIMAL.replace("}}", "},\n \"loss\": {\"maskWeight\": 1, \"maxMasks\": "
                        + "0}}")));
        assertEquals("loss.maskWeight: must be in [0, 100], got 101",
                error(MINIMAL.replace("}}", "},\n \"loss\": {\"maskWeight\": 101}}")));
        assertEquals("loss.focalAlpha: must be in [0, 1], got 2",
                error(MINIMAL.replace("}}", "},\n \"loss\": {\"focalAlpha\": 2}}")));
        assertEquals("loss.maxMasks: expected an integer, got '1.5'",
                error(MINIMAL.replace("}}", "},\n \"loss\": {\"maxMasks\": 1.5}}")));
    }

    @Test
    void theBenchmarkRecipeIsAnInstanceRecipe() throws java.io.IOException {
        InstanceRecipe r = Recipes.load(java.nio.file.Path.of(
                "../bench/pennfudan-instance-recipe.json"), InstanceRecipe.class);
        assertEquals("yolact_hs_resnet26_lite", r.model().name());
        assertEquals("pennfudan-instances", r.data().kind());
        DetectionRecipe detector = Recipes.load(java.nio.file.Path.of(
                "../bench/pennfudan-recipe.json"), DetectionRecipe.class);
        assertEquals(Recipes.applyOverrides(detector, List.of("model.name="
                + "yolact_hs_resnet26_lite", "data.kind=pennfudan-instances")), r.detection(),
                "the detection benchmark's settings");
    }

    @Test
    void theDataMustHaveMasks() {
        String e = error(MINIMAL.replace("pennfudan-instances", "pennfudan"));
        assertEquals("data.kind: must be one of pennfudan-instances, coco-instances (a kind with "
                + "instance masks; the detection default raccoon has none), got 'pennfudan'", e);
        String unknown = error(MINIMAL.replace("pennfudan-instances", "yolo"));
        assertEquals("data.kind: must be one of raccoon, pennfudan, voc, coco, csv, "
                + "pennfudan-instances, coco-instances, got 'yolo'", unknown);
    }
}
