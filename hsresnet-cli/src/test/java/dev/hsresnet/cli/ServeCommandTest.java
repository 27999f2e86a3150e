package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hsresnet serve} up to the point where it would block (the server is tested in deploy). */
class ServeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsTheServerSettings() {
        CliRun r = CliRun.of("serve", "--help");
        assertEquals(0, r.exitCode(), r.err());
        for (String option : new String[] {"--model", "--port", "--host", "--backend",
            "--max-batch", "--workers", "--queue", "--timeout-s", "--max-body-mb",
            "--max-images", "--max-connections", "--header-timeout-s", "--body-timeout-s",
            "--idle-timeout-s", "--auth-token-file", "--tls-cert", "--tls-key"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertTrue(r.out().contains("127.0.0.1"), r.out());
    }

    @Test
    void aMissingModelIsAOneLineError() {
        CliRun r = CliRun.of("serve", "--model", tmp.resolve("none").toString(), "--port", "0");
        assertEquals(ErrorHandler.FAILED, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("none"), r.err());
    }

    @Test
    void badSettingsAreUsageOrOneLineErrors() {
        CliRun backend = CliRun.of("serve", "--model", tmp.toString(), "--backend", "tpu");
        assertEquals(ErrorHandler.USAGE, backend.exitCode());
        assertTrue(backend.err().contains("tpu"), backend.err());

        CliRun batch = CliRun.of("serve", "--model", tmp.toString(), "--max-batch", "0");
        assertEquals(ErrorHandler.USAGE, batch.exitCode());
        assertTrue(batch.err().startsWith("hsresnet serve: Invalid value for option "
                + "'--max-batch': must be >= 1, got 0"), batch.err());
    }

    @Test
    void absurdLimitsAndHalfGivenTlsAreUsageErrors() throws Exception {
        CliRun body = CliRun.of("serve", "--model", tmp.toString(), "--max-body-mb",
                "99999999999");
        assertEquals(ErrorHandler.USAGE, body.exitCode());
        // the error and the --help hint
        assertEquals(2, body.err().strip().lines().count(), body.err());
        assertTrue(body.err().contains("--max-body-mb must be 1 to 1024, got 99999999999"),
                body.err());

        CliRun timeout = CliRun.of("serve", "--model", tmp.toString(), "--idle-timeout-s",
                "0");
        assertEquals(ErrorHandler.USAGE, timeout.exitCode());
        assertTrue(timeout.err().contains("--idle-timeout-s must be 1 to 3600 seconds"),
                timeout.err());

        CliRun tls = CliRun.of("serve", "--model", tmp.toString(), "--tls-cert", "c.pem");
        assertEquals(ErrorHandler.USAGE, tls.exitCode());
        assertTrue(tls.err().contains("TLS needs both a certificate and a key"), tls.err());
    }
}
