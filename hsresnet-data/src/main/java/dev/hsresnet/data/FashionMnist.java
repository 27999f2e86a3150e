package dev.hsresnet.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST from its IDX files ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * raw or with a {@code .gz} suffix; the raw file wins when both exist). Loaded into memory at
 * {@link #open} (47 MB for the train images). Images are 1 x rows x cols (28x28 for
 * Fashion-MNIST; the size is taken from the file), values {@code byte / 255}.
 */
public final class FashionMnist implements Dataset {

    /** The 10 standard class names, in label order. */
    public static final List<String> CLASSES =
            List.of(
                    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final String fileName;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final byte[] labels;

    private FashionMnist(String fileName, int rows, int cols, byte[] pixels, byte[] labels) {
        this.fileName = fileName;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Reads the train or test split.
     *
     * @param dir the folder holding the IDX files
     * @param train true for {@code train-*}, false for {@code t10k-*}
     * @return the dataset, in file order
     * @throws IllegalArgumentException naming the file if a file is missing, not a valid IDX file
     *     of the right kind (see {@link IdxFile#read}), the image and label counts differ, or a
     *     label is 10 or more
     */
    public static FashionMnist open(Path dir, boolean train) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Fashion-MNIST folder does not exist: " + dir);
        }
        String prefix = train ? "train" : "t10k";
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
        IdxFile images = IdxFile.read(imagesFile, 3);
        IdxFile labels = IdxFile.read(labelsFile, 1);
        if (images.dims()[0] != labels.dims()[0]) {
            throw new IllegalArgumentException(
                    "Fashion-MNIST " + imagesFile + " holds " + images.dims()[0] + " images but "
                            + labelsFile + " holds " + labels.dims()[0] + " labels");
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xff) >= CLASSES.size()) {
                throw new IllegalArgumentException(
                        "Fashion-MNIST " + labelsFile + " label #" + i + " is " + (l[i] & 0xff)
                                + ", outside 0..9");
            }
        }
        return new FashionMnist(
                imagesFile.getFileName().toString(),
                images.dims()[1],
                images.dims()[2],
                images.data(),
                l);
    }

    private static Path find(Path dir, String base) {
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new IllegalArgumentException(
                "Fashion-MNIST file missing: neither " + raw + " nor " + gz + " exists");
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** @return e.g. {@code "fashion-mnist train-images-idx3-ubyte.gz #812"} */
    @Override
    public String describe(int index) {
        return "fashion-mnist " + fileName + " #" + index;
    }

    /** @return a 1 x rows x cols image, values in [0, 1] */
    @Override
    public Image load(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (labels.length - 1));
        }
        int n = rows * cols;
        float[] px = new float[n];
        int off = index * n;
        for (int i = 0; i < n; i++) {
            px[i] = (pixels[off + i] & 0xff) / 255f;
        }
        return new Image(1, rows, cols, px);
    }
}
