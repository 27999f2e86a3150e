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

    @Test
    void absurdSettingsAreCappedNamingTheLimit() {
        assertMessage("maxBodyBytes must be at most 1073741824, got 104857599998951424",
                ServerOptions.builder().maxBodyBytes(99999999999L << 20));
        assertMessage("bodyTimeout must be at least 1 ms and at most 1 h",
                ServerOptions.builder().bodyTimeout(Duration.ofHours(2)));
        assertMessage("headerTimeout must be at least 1 ms and at most 1 h",
                ServerOptions.builder().headerTimeout(Duration.ZERO));
        assertMessage("workers must be at most 1024", ServerOptions.builder().workers(100_000));
        assertMessage("maxConnections must be >= 1", ServerOptions.builder().maxConnections(0));
        assertMessage("maxImagesPerRequest must be at most 4096",
                ServerOptions.builder().maxImagesPerRequest(5000));
        assertMessage("TLS needs both a certificate and a key",
                ServerOptions.builder().tls(java.nio.file.Path.of("cert.pem"), null));
    }

    private static void assertMessage(String expected, ServerOptions.Builder b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
