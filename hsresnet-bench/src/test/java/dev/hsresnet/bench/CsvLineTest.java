package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {

    @Test
    void splitsPlainAndQuotedFields() {
        assertEquals(List.of("a", "", "b c", "x,y", "say \"hi\"", ""),
                CsvLine.split("a,,b c,\"x,y\",\"say \"\"hi\"\"\","));
        assertEquals(List.of(""), CsvLine.split(""));
    }

    @Test
    void rejectsUnterminatedQuotesAndTextAfterAClosingQuote() {
        assertThrows(IllegalArgumentException.class, () -> CsvLine.split("a,\"b"));
        assertThrows(IllegalArgumentException.class, () -> CsvLine.split("\"b\"c,d"));
    }
}
