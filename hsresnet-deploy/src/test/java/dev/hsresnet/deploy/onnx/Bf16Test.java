package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.CpuInfo;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reasons {@code export --quantize bf16} gives are true of this ONNX Runtime. */
class Bf16Test {

    @Test
    void onnxRuntimesCpuProviderRefusesABfloat16Conv() {
        Optional<String> refusal = Bf16.ortConvError();
        assertTrue(refusal.isPresent(), "ONNX Runtime now runs a bfloat16 Conv: Bf16's premise, "
                + "and export --quantize bf16's refusal, must be revisited");
    }

    @Test
    void theReasonDependsOnTheCpusInstructions() {
        String without = Bf16.unsupported(new CpuInfo("Old CPU", Set.of("avx2")));
        assertTrue(without.contains("Old CPU has no bfloat16 instructions"), without);
        String with = Bf16.unsupported(new CpuInfo("New CPU", Set.of("avx512_bf16")));
        assertTrue(with.contains("New CPU has bfloat16 instructions")
                && with.contains("no bfloat16 Conv kernel (ONNX Runtime says: "), with);
    }
}
