package dev.hsresnet.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpProfileTest {

    @TempDir
    Path tmp;

    @Test
    void nestedEventsAreNotCountedTwiceAndThreadsAreSeparate() throws IOException {
        // thread 1: conv2d [0, 100) containing convolution [10, 90); relu [100, 120)
        // thread 2: conv2d [5, 55) overlapping thread 1 in time but top-level on its own thread
        Path trace = Files.writeString(tmp.resolve("t.json"), """
                {"traceEvents": [
                  {"ph": "X", "name": "aten::conv2d", "tid": 1, "ts": 0, "dur": 100},
                  {"ph": "X", "name": "aten::convolution", "tid": 1, "ts": 10, "dur": 80},
                  {"ph": "X", "name": "aten::relu", "tid": 1, "ts": 100, "dur": 20},
                  {"ph": "X", "name": "aten::conv2d", "tid": 2, "ts": 5, "dur": 50},
                  {"ph": "i", "name": "marker", "tid": 1, "ts": 3}
                ]}
                """);
        OpProfile.Result r = OpProfile.summarize(trace, 2, 1.0);
        assertEquals(2, r.ops().size());
        assertEquals("aten::conv2d", r.ops().get(0).name());
        assertEquals(1.0, r.ops().get(0).calls(), 1e-12);            // 2 calls over 2 steps
        assertEquals(0.075, r.ops().get(0).msPerStep(), 1e-12);       // 150 us over 2 steps
        assertEquals(0.010, r.ops().get(1).msPerStep(), 1e-12);
        assertEquals(0.085, r.opsMsPerStep(), 1e-12);
    }
}
