package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the images of a request body ({@link Uploads}) on its own. */
class ServerMultipartTest {

    private static Request request(String type, byte[] body) {
        DefaultHttpHeaders h = new DefaultHttpHeaders();
        h.set("Content-Type", type);
        return Request.of("POST", "/v1/predict", h, body, System.nanoTime());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void boundaryIsReadPlainOrQuoted() throws HttpError {
        assertEquals("abc", Uploads.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b:c", Uploads.boundaryOf("multipart/form-data; charset=x; "
                + "BOUNDARY=\"a b:c\""));
        HttpError missing = assertThrows(HttpError.class,
                () -> Uploads.boundaryOf("multipart/form-data"));
        assertEquals(400, missing.status());
        assertThrows(HttpError.class,
                () -> Uploads.boundaryOf("multipart/form-data; boundary=" + "x".repeat(71)));
    }

    @Test
    void everyFilePartIsReadInOrderAndTextFieldsAreSkipped() throws HttpError {
        byte[] a = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', '-', '-', 'x', 0, (byte) 0xff};
        byte[] b = ascii("second file");
        byte[] body = ServerFixtures.multipart("XyZ", "image/png", List.of("a.png", "b.png"),
                List.of(a, b));
        Uploads.Images images = Uploads.read(request("multipart/form-data; boundary=XyZ", body),
                8);
        assertTrue(images.batch());
        assertEquals(2, images.images().size());
        assertArrayEquals(a, images.images().get(0).bytes());
        assertEquals("uploaded file 'a.png'", images.images().get(0).source());
        assertArrayEquals(b, images.images().get(1).bytes());

        Uploads.Images one = Uploads.read(request("multipart/form-data; boundary=XyZ",
                ServerFixtures.multipart("XyZ", "a.png", "image/png", a)), 8);
        assertFalse(one.batch(), "a single file keeps the single-image answer");
    }

    @Test
    void morePartsThanNettysDefaultFieldLimitAreReadUpToMaxImages() throws HttpError {
        int files = 150; // Netty's decoder refuses more than 128 fields unless told otherwise
        List<String> names = new java.util.ArrayList<>();
        List<byte[]> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < files; i++) {
            names.add("f" + i + ".png");
            bodies.add(ascii("image " + i));
        }
        byte[] body = ServerFixtures.multipart("XyZ", "image/png", names, bodies);
        Uploads.Images images = Uploads.read(request("multipart/form-data; boundary=XyZ", body),
                200);
        assertEquals(files, images.images().size());
        assertArrayEquals(ascii("image 149"), images.images().get(149).bytes());

        HttpError tooMany = assertThrows(HttpError.class, () -> Uploads.read(
                request("multipart/form-data; boundary=XyZ", body), 100));
        assertEquals(413, tooMany.status(), tooMany.getMessage());
    }

    @Test
    void tooManyTextFieldsAre413NotAnInternalError() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Uploads.EXTRA_FIELDS + 10; i++) {
            b.append("--XyZ\r\nContent-Disposition: form-data; name=\"t").append(i)
                    .append("\"\r\n\r\nx\r\n");
        }
        b.append("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nimage\r\n--XyZ--\r\n");
        HttpError e = assertThrows(HttpError.class, () -> Uploads.read(
                request("multipart/form-data; boundary=XyZ", ascii(b.toString())), 2));
        assertEquals(413, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("too many parts"), e.getMessage());
    }

    @Test
    void jsonInstancesAreBase64Images() throws HttpError {
        String body = "{\"instances\":[{\"b64\":\"" + Base64.getEncoder().encodeToString(
                ascii("one")) + "\"},{\"b64\":\"" + Base64.getEncoder().encodeToString(
                        ascii("two")) + "\"}]}";
        Uploads.Images images = Uploads.read(request("application/json", ascii(body)), 8);
        assertTrue(images.batch());
        assertArrayEquals(ascii("two"), images.images().get(1).bytes());
        assertEquals("instances[1]", images.images().get(1).source());
    }

    @Test
    void malformedBodiesNameTheProblem() {
        String form = "multipart/form-data; boundary=b";
        assertMessage(400, "no file part", request(form, ascii("--b\r\nContent-Disposition: "
                + "form-data; name=x\r\n\r\nv\r\n--b--\r\n")));
        assertMessage(400, "truncated", request(form, ascii("--b\r\nContent-Disposition: "
                + "form-data; name=f; filename=f.png\r\n\r\n12345")));
        assertMessage(413, "more than 1 files", request(form, ServerFixtures.multipart("b",
                "image/png", List.of("a", "b"), List.of(ascii("1"), ascii("2")))));
        assertMessage(400, "instances[0].b64 is not base64", request("application/json",
                ascii("{\"instances\":[{\"b64\":\"%%%\"}]}")));
        assertMessage(400, "malformed JSON body", request("application/json", ascii("{")));
        assertMessage(400, "at least one instance", request("application/json",
                ascii("{\"instances\":[]}")));
        assertMessage(413, "more than the limit of 1", request("application/json",
                ascii("{\"instances\":[{\"b64\":\"\"},{\"b64\":\"\"}]}")));
    }

    private static void assertMessage(int status, String expected, Request request) {
        HttpError e = assertThrows(HttpError.class, () -> Uploads.read(request, 1));
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
