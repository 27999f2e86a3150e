package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    @Test
    void defaultsListenOnLoopbackWithTheDocumentedLimits() {
        ServerOptions o = ServerOptions.defaults();
        assertEquals("127.0.0.1", o.host());
        assertEquals(10L << 20, o.maxBodyBytes());
        assertEquals(50_000_000L, o.maxImagePixels());
        assertEquals(o, o.toBuilder().build());
    }

    @Test
    void badSettingsAreNamed() {
        assertMessage("port must be in 0..65535, got 70000", ServerOptions.builder().port(70000));
        assertMessage("maxBatch must be >= 1, got 0", ServerOptions.builder().maxBatch(0));
        assertMessage("queueCapacity must be >= 1, got -1",
                ServerOptions.builder().queueCapacity(-1));
        assertMessage("defaultTopK 7 is above maxTopK 3",
                ServerOptions.builder().defaultTopK(7).maxTopK(3));
        assertMessage("batchWindow must be >= 0",
                ServerOptions.builder().batchWindow(Duration.ofMillis(-1)));
        assertMessage("requestTimeout must be at least 1 ms",
                ServerOptions.builder().requestTimeout(Duration.ZERO));
        assertMessage("host must not be empty", ServerOptions.builder().host(" "));
    }

    private static void assertMessage(String expected, ServerOptions.Builder b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
