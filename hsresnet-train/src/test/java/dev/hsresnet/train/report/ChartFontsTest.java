package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Font;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartFontsTest {
    @Test
    void prefersDejaVuAndFallsBackToTheLogicalSansSerif() {
        assertEquals("DejaVu Sans", ChartFonts.family(List.of("Dialog", "DejaVu Sans", "SansSerif")));
        assertEquals(Font.SANS_SERIF, ChartFonts.family(List.of("Dialog", "SansSerif")));
        assertEquals(Font.SANS_SERIF, ChartFonts.family(List.of()));
    }

    @Test
    void thisJvmCanDrawText() {
        assertDoesNotThrow(ChartFonts::requireUsable, "the test machine needs fontconfig and a font");
        Font f = ChartFonts.font(Font.BOLD, 17.5f);
        assertEquals(17.5f, f.getSize2D());
        assertEquals(Font.BOLD, f.getStyle());
    }
}
