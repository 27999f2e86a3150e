package dev.hsresnet.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.nn.Conv;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * libtorch's own NNPACK switch is off once a {@link Conv} has run: libtorch then never asks
 * whether NNPACK is available, which is what prints the "Unsupported hardware" line per small
 * convolution on the AMD build VM (docs/engine.md).
 */
class NnpackTest {

    @Test
    void theFirstConvolutionTurnsNnpackOffInLibtorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 4, 6, 6));
            Conv conv = new Conv(4, 3, 1);
            conv.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(1, 4, 6, 6), y.getShape());
        }
        assertTrue(Nnpack.mappedLibrary().isPresent(), "libtorch_cpu is mapped");
        assertEquals(Optional.of(false), Nnpack.enabled(), "read back from at::globalContext()");
    }
}
