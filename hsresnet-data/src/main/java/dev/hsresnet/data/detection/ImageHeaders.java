package dev.hsresnet.data.detection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/** Reads an image's width and height from its header, without decoding pixels. */
final class ImageHeaders {

    private ImageHeaders() {}

    /**
     * @param file a JPEG or PNG file
     * @return {@code {width, height}}
     * @throws IOException naming the file when it is not a readable image
     */
    static int[] size(Path file) throws IOException {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a recognised image format: " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read the header of image file " + file + ": " + e, e);
        }
    }
}
