package dev.hsresnet.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A child JVM started as the self-test starts them ({@link JvmCommand}) that really crashes: its
 * error report's first lines are taken and the file is gone.
 */
class CrashReportTest {

    @Test
    void aCrashedChildsReportIsReadThenDeleted() throws Exception {
        ChildProcess.Outcome o = ChildProcess.run(
                JvmCommand.of(CrashingMain.class, Map.of(), List.of()), 120_000);
        assertFalse(o.timedOut(), o.tail());
        assertEquals("SIGSEGV", o.signal(), o.tail());
        Path file = CrashReport.file(o);
        assertEquals(JvmCommand.errorFile(String.valueOf(o.pid())), file);
        assertTrue(Files.isRegularFile(file), "the JVM wrote " + file);
        List<String> head = CrashReport.take(o);
        assertNotNull(head);
        assertTrue(head.size() <= CrashReport.LINES, head.toString());
        assertTrue(head.stream().anyMatch(l -> l.contains("SIGSEGV")), head.toString());
        assertTrue(head.stream().anyMatch(l -> l.contains("Problematic frame")), head.toString());
        assertFalse(Files.exists(file), "deleted: " + file);
        assertNull(CrashReport.take(o), "taken once");
    }
}
