package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The multipart/form-data reader on its own. */
class ServerMultipartTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void boundaryIsReadPlainOrQuoted() throws HttpError {
        assertEquals("abc", Multipart.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b:c", Multipart.boundary("multipart/form-data; charset=x; "
                + "BOUNDARY=\"a b:c\""));
        HttpError missing = assertThrows(HttpError.class,
                () -> Multipart.boundary("multipart/form-data"));
        assertEquals(400, missing.status());
        assertThrows(HttpError.class,
                () -> Multipart.boundary("multipart/form-data; boundary=" + "x".repeat(71)));
    }

    @Test
    void firstFilePartIsFoundAfterAFieldAndAPreamble() throws HttpError {
        byte[] file = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', '-', '-', 'x', 0, (byte) 0xff};
        byte[] body = ServerFixtures.multipart("XyZ", "a.png", "image/png", file);
        // a preamble ends with the CRLF that belongs to the first delimiter
        byte[] withPreamble = concat(ascii("preamble\r\n"), body);
        for (byte[] b : new byte[][] {body, withPreamble}) {
            Multipart.Part part = Multipart.firstFile(b, "XyZ");
            assertEquals("a.png", part.filename());
            assertEquals("image/png", part.contentType());
            assertArrayEquals(file, part.content());
        }
    }

    @Test
    void aPartWithAnImageTypeButNoFilenameCounts() throws HttpError {
        byte[] body = ascii("--b\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n--b--\r\n");
        Multipart.Part part = Multipart.firstFile(body, "b");
        assertNull(part.filename());
        assertArrayEquals(ascii("JPEG"), part.content());
    }

    @Test
    void malformedBodiesNameTheProblem() {
        assertMessage("does not contain its boundary", ascii("no boundary here"), "b");
        assertMessage("no file part", ascii("--b\r\nContent-Disposition: form-data; name=x\r\n"
                + "\r\nv\r\n--b--"), "b");
        assertMessage("truncated", ascii("--b\r\nContent-Disposition: form-data; name=f; "
                + "filename=f.png\r\n\r\n12345"), "b");
        assertMessage("part headers", ascii("--b\r\n" + "X: y\r\n".repeat(5000)), "b");
        assertMessage("no line break", ascii("--bjunk"), "b");
    }

    private static void assertMessage(String expected, byte[] body, String boundary) {
        HttpError e = assertThrows(HttpError.class, () -> Multipart.firstFile(body, boundary));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void searchIsLinearOnAdversarialBodies() throws HttpError {
        // a body full of near-delimiters: each CR starts a partial match that fails late
        String near = "\r\n--" + "a".repeat(69);
        byte[] body = concat(ascii("--" + "a".repeat(70) + "\r\nContent-Type: image/png\r\n\r\n"),
                ascii(near.repeat(20_000)), ascii("\r\n--" + "a".repeat(70) + "--"));
        Multipart.Part part = Multipart.firstFile(body, "a".repeat(70));
        assertEquals(near.length() * 20_000, part.content().length);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
