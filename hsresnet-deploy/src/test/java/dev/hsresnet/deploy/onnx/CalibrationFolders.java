package dev.hsresnet.deploy.onnx;

import dev.hsresnet.deploy.bench.SyntheticImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Folders of calibration pictures for the quantizer's tests. */
final class CalibrationFolders {

    private CalibrationFolders() {}

    /** @return {@code dir} holding {@code count} distinct JPEG pictures of {@code size} pixels */
    static Path jpegs(Path dir, int count, int size, long seed) throws IOException {
        Files.createDirectories(dir);
        List<byte[]> images = SyntheticImages.jpegs(count, size, seed);
        for (int i = 0; i < images.size(); i++) {
            Files.write(dir.resolve(String.format("img%03d.jpg", i)), images.get(i));
        }
        return dir;
    }
}
