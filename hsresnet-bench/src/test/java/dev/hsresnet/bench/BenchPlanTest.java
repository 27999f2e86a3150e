package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchPlanTest {

    @Test
    void theDefaultRunHasEveryCaseOfTheIssue() {
        List<BenchCase> cases = BenchPlan.defaults().cases();
        // per ImageNet model: inference b1, b8 on 4 paths; train b8, b32 on 2 paths = 12
        // per CIFAR model: inference b1, b128 on 4 paths; train b128 on 2 paths = 10
        assertEquals(2 * 12 + 2 * 10, cases.size());
        assertTrue(cases.contains(new BenchCase("hs_resnet50", BenchPath.ONNX_INT8,
                Mode.INFERENCE, 8, 224)));
        assertTrue(cases.contains(new BenchCase("hs_resnet50", BenchPath.ONNX, Mode.INFERENCE, 8,
                224)));
        assertTrue(cases.contains(new BenchCase("resnet50d", BenchPath.DJL, Mode.TRAIN, 32,
                224)));
        assertTrue(cases.contains(new BenchCase("resnet29_cifar", BenchPath.PYTORCH, Mode.TRAIN,
                128, 32)));
        assertTrue(cases.contains(new BenchCase("hs_resnet29_cifar", BenchPath.DJL,
                Mode.INFERENCE, 128, 32)));
        assertTrue(cases.stream().noneMatch(c -> (c.path() == BenchPath.ONNX
                || c.path() == BenchPath.ONNX_INT8) && c.mode() == Mode.TRAIN));
        assertEquals(BenchPlan.DEFAULT_TIMING, BenchPlan.defaults().timing());
    }

    @Test
    void quickDropsTheBatch32TrainingStepAndTimesLess() {
        BenchPlan quick = BenchPlan.quickDefaults();
        assertEquals(List.of(8), quick.batchesFor("hs_resnet50", Mode.TRAIN));
        assertEquals(List.of(128), quick.batchesFor("resnet29_cifar", Mode.TRAIN));
        assertEquals(BenchPlan.QUICK_TIMING, quick.timing());
        assertEquals(2 * 10 + 2 * 10, quick.cases().size());
    }

    @Test
    void casesComeModelByModelWithPyTorchBeforeTheJvmPaths() {
        List<BenchCase> cases = BenchPlan.defaults().withModels(List.of("resnet29_cifar"))
                .withModes(EnumSet.of(Mode.INFERENCE)).withBatches(List.of(4)).cases();
        assertEquals(List.of(BenchPath.PYTORCH, BenchPath.DJL, BenchPath.ONNX,
                BenchPath.ONNX_INT8), cases.stream().map(BenchCase::path).toList());
        assertTrue(cases.stream().allMatch(c -> c.batch() == 4 && c.size() == 32));
    }

    @Test
    void aliasesBecomeRegistryNamesAndDuplicatesCollapse() {
        String alias = dev.hsresnet.core.models.Models.aliases().keySet().iterator().next();
        String name = dev.hsresnet.core.models.Models.aliases().get(alias);
        BenchPlan plan = BenchPlan.defaults().withModels(List.of(alias, name, " " + name));
        assertEquals(List.of(name), plan.models());
    }

    @Test
    void rejectsWhatCannotRunWithAMessageThatNamesIt() {
        BenchPlan d = BenchPlan.defaults();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> d.withModels(List.of("resnet9000")));
        assertTrue(unknown.getMessage().contains("resnet9000"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withModels(List.of()));
        assertThrows(IllegalArgumentException.class, () -> d.withPaths(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> d.withModes(Set.of()));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> d.withBatches(List.of(8, 0)));
        assertTrue(batch.getMessage().contains("0"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withPeakSize(-1));
        IllegalArgumentException onnxTrain = assertThrows(IllegalArgumentException.class,
                () -> d.withPaths(Set.of(BenchPath.ONNX)).withModes(Set.of(Mode.TRAIN)));
        assertTrue(onnxTrain.getMessage().contains("onnx"), onnxTrain.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BenchCase("resnet50d",
                BenchPath.ONNX, Mode.TRAIN, 8, 224));
    }

    @Test
    void pathsAndModesParseCaseInsensitivelyAndNameTheKnownOnes() {
        assertEquals(BenchPath.PYTORCH, BenchPath.parse(" PyTorch"));
        assertEquals(Mode.TRAIN, Mode.parse("TRAIN"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchPath.parse("tensorflow"));
        assertTrue(e.getMessage().contains("djl, onnx, onnx_int8, pytorch"), e.getMessage());
        assertFalse(BenchPath.ONNX.supports(Mode.TRAIN));
        assertFalse(BenchPath.ONNX_INT8.supports(Mode.TRAIN));
        assertEquals(3, Mode.TRAIN.passes());
    }
}
