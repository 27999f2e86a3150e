package dev.hsresnet.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlAndBidiCharactersAreEscaped() {
        String hostile = "a" + (char) 0x1b + "[2J" + (char) 0x07 + "\n\t" + (char) 0x7f
                + (char) 0x9b + (char) 0x202e + "txt.exe" + (char) 0x2066;
        assertEquals("a\\x1b[2J\\x07\\x0a\\x09\\x7f\\x9b\\u202etxt.exe\\u2066",
                Printable.escape(hostile));
    }

    @Test
    void printableTextIsKeptAsItIs() {
        String text = "caf\u00e9 C:\\models \u732b \"x\"";
        assertSame(text, Printable.escape(text));
        assertEquals("null", Printable.escape(null));
    }
}
