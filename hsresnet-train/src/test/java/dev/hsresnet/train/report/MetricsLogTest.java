package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    static EpochMetrics epoch(int e, double valTop1) {
        return new EpochMetrics(e, 390L * e, 2.0 / e, 0.5 + e / 100.0, 2.1 / e, valTop1, Math.min(1, valTop1 + 0.2),
                0.1 / e, 2048.5, 24.25, Double.NaN);
    }

    static MetricsLog sample() {
        MetricsLog log = new MetricsLog();
        log.add(new EpochMetrics(1, 390, 2.302585092994046, Double.NaN, 2.1, 0.25, 0.7, 1.0E-4, 1999.75, 25.1,
                0.2));
        log.add(new EpochMetrics(2, 780, 1.5, 0.4, Double.POSITIVE_INFINITY, 0.5, 0.9, 0.1, 2100, 24.0, 0.45));
        log.add(new EpochMetrics(3, 1170, 1e-300, 0.123456789012345, -0.0, 0.75, 0.95, 3.0E-7, 1e20, 1e-3,
                Double.NaN));
        return log;
    }

    @Test
    void csvRoundTripKeepsEveryValueExactly() throws IOException {
        MetricsLog log = sample();
        Path f = dir.resolve("metrics.csv");
        log.writeCsv(f);
        MetricsLog back = MetricsLog.readCsv(f);
        assertEquals(log.epochs(), back.epochs());
    }

    @Test
    void csvLayoutHeaderDotDecimalAndEmptyNaN() throws IOException {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // ',' decimal separator must not leak in
        try {
            Path f = dir.resolve("metrics.csv");
            sample().writeCsv(f);
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            assertEquals(4, lines.size());
            assertEquals("epoch,step,train_loss,train_top1,val_loss,val_top1,val_top5,lr,images_per_sec,"
                    + "epoch_seconds,ema_val_top1", lines.get(0));
            assertEquals("1,390,2.302585092994046,,2.1,0.25,0.7,0.0001,1999.75,25.1,0.2", lines.get(1));
            assertEquals("2,780,1.5,0.4,Infinity,0.5,0.9,0.1,2100,24,0.45", lines.get(2));
            assertTrue(lines.get(3).endsWith(",0.0000003,100000000000000000000,0.001,"), lines.get(3));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void truncateAfterDropsLaterEpochsAndAllowsReAdding() throws IOException {
        MetricsLog log = sample();
        log.truncateAfter(1);
        assertEquals(1, log.size());
        assertEquals(1, log.last().orElseThrow().epoch());
        log.add(epoch(2, 0.6));
        Path f = dir.resolve("m.csv");
        log.writeCsv(f);
        MetricsLog back = MetricsLog.readCsv(f);
        assertEquals(List.of(1, 2), back.epochs().stream().map(EpochMetrics::epoch).toList());
        assertEquals(0.6, back.epochs().get(1).valTop1());
        log.truncateAfter(0);
        assertTrue(log.isEmpty());
        log.truncateAfter(5); // no-op on an empty log
        assertTrue(log.isEmpty());
    }

    @Test
    void addRejectsEpochThatDoesNotFollow() {
        MetricsLog log = sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.add(epoch(3, 0.9)));
        assertTrue(e.getMessage().contains("truncateAfter(2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> epoch(0, 0.1));
    }

    @Test
    void bestIsHighestValTop1EarliestOnTiesIgnoringNaN() {
        MetricsLog log = new MetricsLog(List.of(epoch(1, Double.NaN), epoch(2, 0.8), epoch(3, 0.9), epoch(4, 0.9),
                epoch(5, 0.7)));
        assertEquals(3, log.best().orElseThrow().epoch());
        assertTrue(new MetricsLog().best().isEmpty());
        assertTrue(new MetricsLog(List.of(epoch(1, Double.NaN))).best().isEmpty());
    }

    @Test
    void readsCrlfBomAndBlankLines() throws IOException {
        Path f = dir.resolve("crlf.csv");
        String text = "\uFEFF" + String.join(",", MetricsLog.HEADER) + "\r\n1,10,1.5,,1.6,0.5,0.9,0.1,100,2,\r\n\r\n";
        Files.writeString(f, text, StandardCharsets.UTF_8);
        MetricsLog log = MetricsLog.readCsv(f);
        assertEquals(1, log.size());
        EpochMetrics m = log.epochs().get(0);
        assertEquals(10, m.step());
        assertTrue(Double.isNaN(m.trainTop1()));
        assertFalse(m.hasEma());
    }

    private CsvFormatException malformed(String content) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return assertThrows(CsvFormatException.class, () -> MetricsLog.readCsv(f));
    }

    private static final String HEADER = String.join(",", MetricsLog.HEADER) + "\n";

    @Test
    void malformedNumberNamesFileLineAndColumn() throws IOException {
        CsvFormatException e = malformed(HEADER + "1,10,1.5,,1.6,0.5,0.9,0.1,100,2,\n2,20,1.4,,abc,0.5,0.9,0.1,100,2,\n");
        assertEquals(3, e.line());
        assertEquals(5, e.column());
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.csv") + ":3: column 5: val_loss"), e.getMessage());
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
    }

    @Test
    void decimalCommaIsRejected() throws IOException {
        CsvFormatException e = malformed(HEADER + "1,10,\"1,5\",,1.6,0.5,0.9,0.1,100,2,\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("expected 11 columns, found 12"), e.getMessage());
    }

    @Test
    void wrongColumnCountBadIntegerAndOrder() throws IOException {
        CsvFormatException few = malformed(HEADER + "1,10,1.5\n");
        assertEquals(2, few.line());
        assertEquals(0, few.column());
        assertTrue(few.getMessage().contains("expected 11 columns, found 3"), few.getMessage());

        CsvFormatException frac = malformed(HEADER + "1.5,10,1.5,,1.6,0.5,0.9,0.1,100,2,\n");
        assertEquals(1, frac.column());
        assertTrue(frac.getMessage().contains("epoch: expected an integer, found '1.5'"), frac.getMessage());

        CsvFormatException zero = malformed(HEADER + "0,10,1.5,,1.6,0.5,0.9,0.1,100,2,\n");
        assertTrue(zero.getMessage().contains("epoch: must be >= 1"), zero.getMessage());

        CsvFormatException order = malformed(HEADER + "2,10,1.5,,1.6,0.5,0.9,0.1,100,2,\n2,11,1.5,,1.6,0.5,0.9,0.1,100,2,\n");
        assertEquals(3, order.line());
        assertTrue(order.getMessage().contains("epoch 2 is not above the previous row's epoch 2"), order.getMessage());

        CsvFormatException hex = malformed(HEADER + "1,10,0x1p3,,1.6,0.5,0.9,0.1,100,2,\n");
        assertEquals(3, hex.column());
    }

    @Test
    void badOrMissingHeader() throws IOException {
        CsvFormatException renamed = malformed(HEADER.replace("val_top5", "top5"));
        assertEquals(1, renamed.line());
        assertEquals(7, renamed.column());
        assertTrue(renamed.getMessage().contains("expected header column 'val_top5', found 'top5'"), renamed.getMessage());

        CsvFormatException empty = malformed("");
        assertTrue(empty.getMessage().contains("empty file"), empty.getMessage());

        CsvFormatException extra = malformed(HEADER.trim() + ",extra\n");
        assertEquals(12, extra.column());
    }

    @Test
    void headerOnlyIsAnEmptyLog() throws IOException {
        Path f = dir.resolve("h.csv");
        new MetricsLog().writeCsv(f);
        assertEquals(HEADER, Files.readString(f));
        assertTrue(MetricsLog.readCsv(f).isEmpty());
    }
}
