package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

    @TempDir Path tmp;

    @Test
    void realCifarSliceHasSortedClassesAndConsistentLabels() throws IOException {
        Path root = TestData.cifarSlice();
        ImageFolderDataset ds = ImageFolderDataset.open(root, 3);
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
                "horse", "ship", "truck"), ds.classes());
        assertEquals(1000, ds.size());
        int[] perClass = new int[10];
        for (int i = 0; i < ds.size(); i++) {
            int label = ds.label(i);
            perClass[label]++;
            Path file = ds.file(i);
            assertEquals(ds.classes().get(label), file.getParent().getFileName().toString());
            assertEquals(file.toString(), ds.describe(i));
            if (i > 0 && ds.label(i - 1) == label) {
                assertTrue(ds.file(i - 1).getFileName().toString()
                        .compareTo(file.getFileName().toString()) < 0, "files sorted within a class");
            }
            if (i > 0) {
                assertTrue(ds.label(i - 1) <= label, "labels grouped in class order");
            }
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(100, perClass[c], "class " + c);
        }
        Image rgb = ds.load(123);
        assertEquals(new Image(3, 32, 32, rgb.pixels()), rgb);
        Image gray = ImageFolderDataset.open(root, 1).load(123);
        assertEquals(1, gray.channels());
        assertEquals(0.299f * rgb.get(0, 5, 7) + 0.587f * rgb.get(1, 5, 7)
                + 0.114f * rgb.get(2, 5, 7), gray.get(0, 5, 7), 1e-6);
    }

    @Test
    void acceptsImageExtensionsCaseInsensitivelyAndIgnoresOthers() throws IOException {
        byte[] jpg = Files.readAllBytes(ImageDecoderTest.firstSliceJpeg());
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.createDirectories(tmp.resolve(".hidden"));
        Files.write(a.resolve("x.JPG"), jpg);
        Files.write(a.resolve("y.jpeg"), jpg);
        Files.writeString(a.resolve("readme.txt"), "ignored");
        Files.write(b.resolve("z.Jpeg"), jpg);
        Files.writeString(tmp.resolve("labels.csv"), "ignored");
        ImageFolderDataset ds = ImageFolderDataset.open(tmp, 3);
        assertEquals(List.of("a", "b"), ds.classes());
        assertEquals(3, ds.size());
        assertEquals(List.of(0, 0, 1), List.of(ds.label(0), ds.label(1), ds.label(2)));
        assertEquals("x.JPG", ds.file(0).getFileName().toString());
    }

    @Test
    void structuralProblemsFailAtOpenNamingThePath() throws IOException {
        Path missing = tmp.resolve("nope");
        assertMessageContains(missing.toString(), () -> ImageFolderDataset.open(missing, 3));
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertMessageContains(file.toString(), () -> ImageFolderDataset.open(file, 3));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMessageContains(empty.toString(), () -> ImageFolderDataset.open(empty, 3));

        Path one = Files.createDirectories(tmp.resolve("one"));
        Path onlyClass = Files.createDirectories(one.resolve("cat"));
        Files.write(onlyClass.resolve("a.jpg"), new byte[] {1});
        assertMessageContains("at least 2 classes", () -> ImageFolderDataset.open(one, 3));

        Path two = Files.createDirectories(tmp.resolve("two"));
        Files.write(Files.createDirectories(two.resolve("cat")).resolve("a.jpg"), new byte[] {1});
        Path noImages = Files.createDirectories(two.resolve("dog"));
        Files.writeString(noImages.resolve("notes.txt"), "x");
        assertMessageContains(noImages.toString(), () -> ImageFolderDataset.open(two, 3));

        assertThrows(IllegalArgumentException.class,
                () -> ImageFolderDataset.open(TestData.cifarSlice(), 4));
    }

    @Test
    void brokenFilesFailAtLoadNamingTheFile() throws IOException {
        Path cat = Files.createDirectories(tmp.resolve("cat"));
        Path dog = Files.createDirectories(tmp.resolve("dog"));
        Files.write(cat.resolve("good.jpg"), Files.readAllBytes(ImageDecoderTest.firstSliceJpeg()));
        Files.createFile(dog.resolve("zero.jpg"));
        ImageFolderDataset ds = ImageFolderDataset.open(tmp, 3);
        assertEquals(3 * 32 * 32, ds.load(0).size());
        IOException e = assertThrows(IOException.class, () -> ds.load(1));
        assertTrue(e.getMessage().contains(dog.resolve("zero.jpg").toString()), e.getMessage());
    }

    private static void assertMessageContains(String part, Runnable open) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open::run);
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should contain " + part);
    }
}
