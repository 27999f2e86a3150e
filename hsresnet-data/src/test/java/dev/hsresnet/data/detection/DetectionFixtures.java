package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.function.Executable;

/** Fixture files for the detection tests: resources copied out, tiny images, assertions. */
final class DetectionFixtures {

    private DetectionFixtures() {}

    /** Copies the test resource {@code detection/<name>} to {@code file}. */
    static Path resource(String name, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (InputStream in = DetectionFixtures.class.getResourceAsStream("/detection/" + name)) {
            if (in == null) {
                throw new IOException("no test resource detection/" + name);
            }
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** Writes a {@code width x height} image whose pixel (x, y) has red x, green y. */
    static Path image(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, (x << 16) | (y << 8) | 100);
            }
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        assertTrue(ImageIO.write(img, name.endsWith(".png") ? "png" : "jpg", file.toFile()));
        return file;
    }

    /** Writes text, creating the parent folder. */
    static Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Asserts the call throws an AnnotationException naming the file and every fragment. */
    static AnnotationException refused(Path file, Executable call, String... fragments) {
        AnnotationException e = assertThrows(AnnotationException.class, call);
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "\"" + f + "\" not in: " + e.getMessage());
        }
        return e;
    }

    /** A minimal VOC file with one object. */
    static String voc(String filename, int w, int h, String object) {
        return "<annotation><filename>" + filename + "</filename><size><width>" + w
                + "</width><height>" + h + "</height></size>" + object + "</annotation>";
    }

    /** A VOC object. */
    static String object(String name, String xmin, String ymin, String xmax, String ymax) {
        return "<object><name>" + name + "</name><bndbox><xmin>" + xmin + "</xmin><ymin>" + ymin
                + "</ymin><xmax>" + xmax + "</xmax><ymax>" + ymax + "</ymax></bndbox></object>";
    }

    static void assertBox(BoxAnnotation b, int cls, float x1, float y1, float x2, float y2) {
        assertEquals(new BoxAnnotation(cls, x1, y1, x2, y2), b);
    }
}
