package dev.hsresnet.train.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.train.recipe.Recipes.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeDefaultsTest {
    private static Recipe minimal() {
        return Recipes.parse(RecipeTexts.MINIMAL_YAML, Format.YAML);
    }

    @Test
    void everyDefault() {
        Recipe r = minimal();
        assertEquals("hs_resnet18", r.model().name());
        assertTrue(r.model().zeroInitLastBn());

        Recipe.Data d = r.data();
        assertEquals(DataKind.CIFAR10, d.kind());
        assertEquals("data/cifar-10-batches-bin", d.train());
        assertNull(d.val());
        assertTrue(d.valPath().isEmpty());
        assertNull(d.valFraction(), "valFraction left to the kind's default");
        assertEquals(0.0, d.effectiveValFraction());
        assertNull(d.imageSize(), "image size left to the model");
        assertNull(d.augment(), "augmentation left to the image size");
        assertTrue(d.flip());
        assertEquals(2, d.workers());
        assertNull(d.limitPerClass());

        assertEquals(30, r.epochs());
        assertEquals(128, r.batchSize());
        assertEquals(0L, r.seed());

        Recipe.Optimizer o = r.optimizer();
        assertEquals(0.1, o.lr());
        assertEquals(0.9, o.momentum());
        assertFalse(o.nesterov());
        assertEquals(5e-4, o.weightDecay());
        assertFalse(o.decayBnAndBias());

        Recipe.Schedule s = r.schedule();
        assertEquals(ScheduleKind.COSINE, s.kind());
        assertEquals(1.0, s.warmupEpochs());
        assertEquals(0.0, s.minLr());
        assertEquals(List.of(), s.milestones());
        assertEquals(0.1, s.gamma());

        assertEquals(0.0, r.labelSmoothing());
        assertEquals(0.0, r.mixup().alpha());
        assertFalse(r.mixup().enabled());
        assertEquals(0.0, r.cutmix().alpha());
        assertFalse(r.mixing());
        assertEquals(1.0, r.mixProb());
        assertEquals(0.5, r.switchProb());

        assertFalse(r.ema().enabled());
        assertEquals(0.9998, r.ema().decay());

        assertEquals(0L, r.checkpoint().everySteps());
        assertEquals(3, r.checkpoint().keepLast());
    }

    @Test
    void emptySectionsTakeDefaults() {
        Recipe r = Recipes.parse(RecipeTexts.minimalPlus("optimizer: {}\nschedule: {}\nmixup: {}\nema: {}\ncheckpoint: {}\n"),
                Format.YAML);
        assertEquals(minimal(), r);
    }

    @Test
    void valFractionDefaultsByKindAndValPath() {
        Recipe.Data folder = Recipe.Data.of(DataKind.FOLDER, "train", null, null, null, null, null, null, null);
        assertEquals(0.1, folder.effectiveValFraction());
        Recipe.Data folderWithVal = Recipe.Data.of(DataKind.FOLDER, "train", "val", null, null, null, null, null, null);
        assertEquals(0.0, folderWithVal.effectiveValFraction());
        for (DataKind k : List.of(DataKind.CIFAR10, DataKind.CIFAR10_JPG, DataKind.FASHION_MNIST)) {
            assertEquals(0.0, Recipe.Data.of(k, "t", null, null, null, null, null, null, null).effectiveValFraction(), k.key());
        }
        Recipe.Data given = Recipe.Data.of(DataKind.CIFAR10, "t", null, 0.2, null, null, null, null, null);
        assertEquals(0.2, given.effectiveValFraction());
    }

    @Test
    void augmentDefaultsByImageSize() {
        Recipe.Data d = minimal().data();
        assertEquals(Augment.PADCROP, d.effectiveAugment(28));
        assertEquals(Augment.PADCROP, d.effectiveAugment(32));
        assertEquals(Augment.PADCROP, d.effectiveAugment(64));
        assertEquals(Augment.RRC, d.effectiveAugment(65));
        assertEquals(Augment.RRC, d.effectiveAugment(224));
        Recipe.Data none = Recipe.Data.of(DataKind.FOLDER, "t", null, null, null, Augment.NONE, null, null, null);
        assertEquals(Augment.NONE, none.effectiveAugment(224));
    }

    @Test
    void enumSpellings() {
        assertEquals("cifar10-jpg", DataKind.CIFAR10_JPG.key());
        assertEquals(DataKind.FASHION_MNIST, DataKind.of("fashion-mnist"));
        assertEquals(Augment.PADCROP, Augment.of("padcrop"));
        assertEquals(ScheduleKind.STEP, ScheduleKind.of("step"));
    }
}
