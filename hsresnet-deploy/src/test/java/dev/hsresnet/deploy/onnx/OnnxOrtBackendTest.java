package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime backend as a service uses it: concurrent calls, closing. */
class OnnxOrtBackendTest {

    @Test
    void concurrentCallsGiveTheSequentialAnswers() throws Exception {
        ExportCase c = ExportCase.all().get(0);
        ModelConfig config = SmallNets.config("threads", c.spec(), c.size());
        byte[] onnx;
        try (ResNetModel model = SmallNets.create(config, 8)) {
            onnx = OnnxExporter.export(model, OnnxOptions.defaults());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OrtBackend ort = OrtBackend.open(onnx, config, 1)) {
            List<float[]> inputs = new ArrayList<>();
            List<float[][]> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = 1 + i % 3;
                inputs.add(SmallNets.images(config, n, 100 + i));
                expected.add(ort.logits(inputs.get(i), n));
            }
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    float[] x = inputs.get(i);
                    int n = 1 + i % 3;
                    futures.add(pool.submit(() -> ort.logits(x, n)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                float[][] want = expected.get(k % inputs.size());
                float[][] got = futures.get(k).get();
                assertEquals(want.length, got.length);
                for (int row = 0; row < want.length; row++) {
                    assertArrayEquals(want[row], got[row], 1e-6f, "call " + k + " row " + row);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedBackendRefusesWorkAndClosesOnce() throws Exception {
        ExportCase c = ExportCase.all().get(1);
        ModelConfig config = SmallNets.config("closing", c.spec(), c.size());
        byte[] onnx;
        try (ResNetModel model = ResNetModel.create(config, 1)) {
            onnx = OnnxExporter.export(model, OnnxOptions.defaults());
        }
        OrtBackend ort = OrtBackend.open(onnx, config, 0);
        ort.close();
        ort.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ort.logits(SmallNets.images(config, 1, 1), 1));
        assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrtBackend.open(onnx, config, -1));
    }
}
