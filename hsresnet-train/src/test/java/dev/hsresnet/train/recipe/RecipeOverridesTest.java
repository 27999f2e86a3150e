package dev.hsresnet.train.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.train.recipe.Recipes.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeOverridesTest {
    private static final Recipe BASE = Recipes.parse(RecipeTexts.MINIMAL_YAML, Format.YAML);

    private static Recipe apply(String... overrides) {
        return Recipes.applyOverrides(BASE, List.of(overrides));
    }

    private static String error(String... overrides) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply(overrides));
        return e.getMessage();
    }

    @Test
    void noOverridesReturnsTheRecipe() {
        assertSame(BASE, Recipes.applyOverrides(BASE, List.of()));
    }

    @Test
    void eachValueType() {
        Recipe r = apply(
                "epochs=12",                       // int
                "seed=12345678901",                // long
                "optimizer.lr=5e-2",               // double with exponent
                "optimizer.weightDecay=.0001",     // double, leading dot
                "optimizer.nesterov=TRUE",         // boolean
                "model.zeroInitLastBn=false",      // nested boolean
                "data.kind=fashion-mnist",         // enum
                "data.augment=none",               // optional enum
                "model.name=hs_resnet101",         // string
                "data.train=/data/with=sign",      // string holding '='
                "data.imageSize=48",               // optional int
                "schedule.kind=step",
                "schedule.milestones=4, 8,10",     // list
                "checkpoint.everySteps=1000");     // long
        assertEquals(12, r.epochs());
        assertEquals(12345678901L, r.seed());
        assertEquals(0.05, r.optimizer().lr());
        assertEquals(1e-4, r.optimizer().weightDecay());
        assertTrue(r.optimizer().nesterov());
        assertFalse(r.model().zeroInitLastBn());
        assertEquals(DataKind.FASHION_MNIST, r.data().kind());
        assertEquals(Augment.NONE, r.data().augment());
        assertEquals("hs_resnet101", r.model().name());
        assertEquals("/data/with=sign", r.data().train());
        assertEquals(48, r.data().imageSize());
        assertEquals(ScheduleKind.STEP, r.schedule().kind());
        assertEquals(List.of(4, 8, 10), r.schedule().milestones());
        assertEquals(1000, r.checkpoint().everySteps());
        // untouched fields keep their values
        assertEquals(BASE.batchSize(), r.batchSize());
        assertEquals(BASE.ema(), r.ema());
        // the input is not modified
        assertEquals(30, BASE.epochs());
    }

    @Test
    void nullResetsAndEmptyListClears() {
        Recipe withVal = apply("data.val=some/dir", "optimizer.lr=0.3", "schedule.milestones=5");
        assertEquals("some/dir", withVal.data().val());
        Recipe back = Recipes.applyOverrides(withVal, List.of("data.val=null", "optimizer.lr=null", "schedule.milestones="));
        assertNull(back.data().val());
        assertEquals(0.1, back.optimizer().lr());
        assertEquals(List.of(), back.schedule().milestones());
        assertEquals(BASE, back);
    }

    @Test
    void laterOverrideWinsAndResultRoundTrips() {
        Recipe r = apply("epochs=5", "epochs=7", "ema.enabled=true", "ema.decay=0.99");
        assertEquals(7, r.epochs());
        assertEquals(r, Recipes.parse(Recipes.toJson(r), Format.JSON));
    }

    @Test
    void unknownPathsNameTheOverride() {
        assertEquals("override 'data.agument=rrc': unknown key 'data.agument' (known keys of data: kind, train, val, "
                + "valFraction, imageSize, augment, flip, workers, limitPerClass)", error("data.agument=rrc"));
        assertTrue(error("lr=0.1").startsWith("override 'lr=0.1': unknown key 'lr' (known keys: model, data,"),
                error("lr=0.1"));
        assertEquals("override 'epochs.x=1': 'epochs' is a value, not a section", error("epochs.x=1"));
        assertEquals("override 'optimizer=fast': 'optimizer' is a section; set one of its keys (lr, momentum, nesterov, "
                + "weightDecay, decayBnAndBias), e.g. optimizer.lr=...", error("optimizer=fast"));
        assertEquals("override 'epochs': expected path=value, e.g. optimizer.lr=0.05", error("epochs"));
        assertTrue(error("=3").startsWith("override '=3': expected path=value"));
        assertTrue(error("optimizer..lr=1").startsWith("override 'optimizer..lr=1': unknown key 'optimizer.'"));
    }

    @Test
    void badValuesNameTheOverride() {
        assertEquals("override 'epochs=1.5': epochs: expected an integer, got '1.5'", error("epochs=1.5"));
        assertEquals("override 'epochs=99999999999': epochs: integer out of range, got '99999999999'",
                error("epochs=99999999999"));
        assertEquals("override 'optimizer.lr=fast': optimizer.lr: expected a number, got 'fast'", error("optimizer.lr=fast"));
        assertEquals("override 'optimizer.lr=NaN': optimizer.lr: expected a number, got 'NaN'", error("optimizer.lr=NaN"));
        assertEquals("override 'ema.enabled=yes': ema.enabled: expected true or false, got 'yes'", error("ema.enabled=yes"));
        assertEquals("override 'data.kind=imagenet': data.kind: unknown value 'imagenet'; expected one of folder, "
                + "cifar10, cifar10-jpg, fashion-mnist", error("data.kind=imagenet"));
        assertEquals("override 'schedule.milestones=10,x': schedule.milestones: expected comma-separated integers, "
                + "got '10,x'", error("schedule.milestones=10,x"));
    }

    @Test
    void outOfRangeValuesNameTheOverride() {
        assertEquals("override 'optimizer.momentum=1.5': optimizer.momentum: must be in [0, 1), got 1.5",
                error("optimizer.momentum=1.5"));
        assertEquals("override 'epochs=0': epochs: must be in [1, 1000000], got 0", error("epochs=0"));
        assertEquals("override 'data.valFraction=0.9': data.valFraction: must be in [0, 0.5], got 0.9",
                error("data.valFraction=0.9"));
        assertEquals("override 'model.name=null': model.name: is required", error("model.name=null"));
    }

    @Test
    void crossFieldProblemsNameTheOverrideThatBrokeIt() {
        assertEquals("override 'schedule.minLr=0.5': schedule.minLr: must not exceed optimizer.lr (0.1), got 0.5",
                error("schedule.minLr=0.5"));
        // The failing field was not overridden itself: all overrides are named.
        assertEquals("overrides [schedule.kind=step]: schedule.milestones: a step schedule needs at least one milestone",
                error("schedule.kind=step"));
        Recipe step = apply("schedule.kind=step", "schedule.milestones=8");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipes.applyOverrides(step, List.of("epochs=5", "seed=1")));
        assertEquals("overrides [epochs=5, seed=1]: schedule.milestones: each milestone must be <= epochs (5), got 8",
                e.getMessage());
    }

    @Test
    void errorsAreRecipeExceptionsWithTheField() {
        RecipeException e = assertThrows(RecipeException.class, () -> apply("optimizer.momentum=2"));
        assertEquals("optimizer.momentum", e.field());
        assertEquals("override 'optimizer.momentum=2'", e.source());
    }
}
