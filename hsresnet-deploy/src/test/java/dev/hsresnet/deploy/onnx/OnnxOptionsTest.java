package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxOptionsTest {

    @Test
    void defaultsAreOpset17WithBatchNormFolded() {
        assertEquals(new OnnxOptions(17, true), OnnxOptions.defaults());
        assertEquals(new OnnxOptions(11, false), OnnxOptions.defaults().withOpset(11)
                .withFoldBn(false));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 10, 18, 21})
    void anUnsupportedOpsetIsRefusedByValue(int opset) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxOptions(opset, true));
        assertEquals("ONNX opset " + opset + " is not supported (choose 11 to 17)",
                e.getMessage());
    }

    @Test
    void everySupportedOpsetHasAnIrVersion() {
        for (int opset = OnnxOptions.MIN_OPSET; opset <= OnnxOptions.MAX_OPSET; opset++) {
            int ir = OnnxProto.irVersion(new OnnxOptions(opset, true).opset());
            assertTrue(ir >= 6 && ir <= 8, "opset " + opset + " -> IR " + ir);
        }
        assertEquals(8, OnnxProto.irVersion(17));
    }
}
