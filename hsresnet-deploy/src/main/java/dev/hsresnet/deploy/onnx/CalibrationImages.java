package dev.hsresnet.deploy.onnx;

import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.deploy.ImageFiles;
import dev.hsresnet.deploy.ImagePreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images a static quantization is calibrated on: a folder the user names, searched
 * recursively for {@code .jpg}, {@code .jpeg} and {@code .png} files, preprocessed exactly as
 * {@code predict} preprocesses (the model's resize, crop and normalization). Every problem is found
 * here, before anything is written: a missing path, a file where a folder is wanted, a folder
 * without images, or images none of which decodes.
 */
public final class CalibrationImages {

    /** The default number of images used: enough for stable min-max ranges, a minute at most. */
    public static final int DEFAULT_LIMIT = 256;

    private final Path folder;
    private final List<Path> files;
    private final int found;

    private CalibrationImages(Path folder, List<Path> files, int found) {
        this.folder = folder;
        this.files = files;
        this.found = found;
    }

    /**
     * Lists the folder; with more than {@code limit} images, takes {@code limit} of them evenly
     * spaced in name order (so every class folder of a sorted tree is represented).
     *
     * @param folder the folder
     * @param limit the most images to use, at least 1
     * @return the chosen images
     * @throws IOException naming the folder when it is missing, not a folder, or holds no image
     */
    public static CalibrationImages of(Path folder, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("calibration images must be >= 1, got " + limit);
        }
        if (!Files.exists(folder)) {
            throw new IOException("calibration folder " + folder + " does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("calibration path " + folder + " is not a folder (give a "
                    + "folder of .jpg/.png images)");
        }
        List<String> problems = new ArrayList<>();
        List<Path> all = ImageFiles.expand(List.of(folder), (p, why) -> problems.add(why));
        if (!problems.isEmpty() || all.isEmpty()) {
            throw new IOException("calibration folder " + folder + ": "
                    + (problems.isEmpty() ? "no image found" : problems.get(0)));
        }
        List<Path> chosen = new ArrayList<>();
        int n = Math.min(limit, all.size());
        for (int i = 0; i < n; i++) {
            chosen.add(all.get((int) ((long) i * all.size() / n)));
        }
        return new CalibrationImages(folder, List.copyOf(chosen), all.size());
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return the images used, in name order */
    public List<Path> files() {
        return files;
    }

    /** @return how many images the folder holds (at least {@code files().size()}) */
    public int found() {
        return found;
    }

    /**
     * Decodes and preprocesses the images {@code from..to-1} of {@link #files()}; an unreadable one
     * is skipped and reported.
     *
     * @param pre the model's preprocessing
     * @param from first index
     * @param to end index (exclusive)
     * @param skipped receives each skipped file with its reason
     * @return one {@code channels x size x size} array per readable image
     */
    List<float[]> load(ImagePreprocessor pre, int from, int to,
            java.util.function.Consumer<String> skipped) {
        List<float[]> out = new ArrayList<>();
        for (Path f : files.subList(from, to)) {
            try {
                out.add(pre.apply(ImageDecoder.decode(f, pre.channels(), ImageGuard.DEFAULT)));
            } catch (IOException | IllegalArgumentException e) {
                skipped.accept(f + ": " + e.getMessage());
            }
        }
        return out;
    }
}
