package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared read-only data and extracts the CIFAR-10 slice under target/ once. */
public final class TestData {

    public static final String SLICE = "cifar10-test1000.tar.gz";

    /** The CamVid archive (SegNet copy, 367/101/233 pairs) in the shared data folder. */
    public static final String CAMVID = "camvid.tar.gz";

    /** The raccoon archive (200 photos, 217 boxes) in the shared data folder. */
    public static final String RACCOON = "raccoon.tar.gz";

    /** The Penn-Fudan archive (170 photos, 423 pedestrians) in the shared data folder. */
    public static final String PENNFUDAN = "pennfudan.tar.gz";

    private TestData() {}

    /**
     * The shared data folder: system property {@code hsresnet.sharedData}, else the first
     * {@code shared/data} holding the slice found walking up from the working directory, else
     * /work/shared/data.
     */
    public static Path sharedData() {
        String prop = System.getProperty("hsresnet.sharedData");
        if (prop != null) {
            return Path.of(prop);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isRegularFile(candidate.resolve(SLICE))) {
                return candidate;
            }
        }
        return Path.of("/work/shared/data");
    }

    /** @return the extracted {@code test/} folder of the slice: 10 classes x 100 JPEGs */
    public static synchronized Path cifarSlice() {
        Path archive = sharedData().resolve(SLICE);
        if (!Files.isRegularFile(archive)) {
            fail("test data missing: " + archive + " (set -Dhsresnet.sharedData=<folder>)");
        }
        try {
            return TarGz.extractOnce(archive, Path.of("target", "test-data", "cifar10-test1000"))
                    .resolve("test");
        } catch (IOException e) {
            throw new AssertionError("cannot extract " + archive, e);
        }
    }

    /**
     * @return the extracted {@code camvid/} folder ({@code train/}, {@code trainannot/}, {@code
     *     val/}, ...), extracted under target/ once
     */
    public static synchronized Path camvid() {
        Path archive = sharedData().resolve(CAMVID);
        if (!Files.isRegularFile(archive)) {
            fail("test data missing: " + archive + " (set -Dhsresnet.sharedData=<folder>)");
        }
        try {
            return TarGz.extractOnce(archive, Path.of("target", "test-data", "camvid"))
                    .resolve("camvid");
        } catch (IOException e) {
            throw new AssertionError("cannot extract " + archive, e);
        }
    }

    /**
     * @return the extracted {@code raccoon/} folder ({@code images/}, {@code annotations/},
     *     {@code data/}), extracted under target/ once
     */
    public static synchronized Path raccoon() {
        return extracted(RACCOON, "raccoon").resolve("raccoon");
    }

    /**
     * @return the extracted {@code PennFudanPed/} folder ({@code PNGImages/}, {@code PedMasks/},
     *     {@code Annotation/}), extracted under target/ once
     */
    public static synchronized Path pennFudan() {
        return extracted(PENNFUDAN, "pennfudan").resolve("PennFudanPed");
    }

    private static Path extracted(String name, String folder) {
        Path archive = sharedData().resolve(name);
        if (!Files.isRegularFile(archive)) {
            fail("test data missing: " + archive + " (set -Dhsresnet.sharedData=<folder>)");
        }
        try {
            return TarGz.extractOnce(archive, Path.of("target", "test-data", folder));
        } catch (IOException e) {
            throw new AssertionError("cannot extract " + archive, e);
        }
    }
}
