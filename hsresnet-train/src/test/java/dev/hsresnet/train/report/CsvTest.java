package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void splitsPlainAndQuotedFields() {
        assertEquals(List.of("a", "", "b c", "x,y", "say \"hi\"", ""),
                Csv.split("a,,b c,\"x,y\",\"say \"\"hi\"\"\","));
        assertEquals(List.of(""), Csv.split(""));
    }

    @Test
    void rejectsUnterminatedQuotesAndTextAfterAClosingQuote() {
        assertThrows(IllegalArgumentException.class, () -> Csv.split("a,\"b"));
        assertThrows(IllegalArgumentException.class, () -> Csv.split("\"b\"c,d"));
    }
}
