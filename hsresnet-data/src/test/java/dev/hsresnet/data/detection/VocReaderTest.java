package dev.hsresnet.data.detection;

import static dev.hsresnet.data.detection.DetectionFixtures.assertBox;
import static dev.hsresnet.data.detection.DetectionFixtures.image;
import static dev.hsresnet.data.detection.DetectionFixtures.object;
import static dev.hsresnet.data.detection.DetectionFixtures.refused;
import static dev.hsresnet.data.detection.DetectionFixtures.text;
import static dev.hsresnet.data.detection.DetectionFixtures.voc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pascal VOC XML: the conventions on a hand-written folder, and every refusal. */
class VocReaderTest {

    @TempDir
    Path dir;

    private Path fixtureFolder() throws IOException {
        for (String n : List.of("cat_and_dog", "empty_street", "renamed")) {
            DetectionFixtures.resource("voc/annotations/" + n + ".xml",
                    dir.resolve("annotations").resolve(n + ".xml"));
        }
        image(dir.resolve("images/cat_and_dog.jpg"), 40, 30);
        image(dir.resolve("images/empty_street.png"), 20, 10);
        image(dir.resolve("images/renamed.png"), 24, 16);
        image(dir.resolve("images/unannotated.png"), 8, 8);
        return dir;
    }

    @Test
    void fixtureFolderFollowsTheConventions() throws IOException {
        DetectionDataset ds = VocReader.folder(fixtureFolder(), "all", AnnotationPolicy.STRICT);
        assertEquals(List.of("cat", "dog"), ds.classes(), "derived: sorted distinct names");
        assertEquals(3, ds.size(), "images without an XML are not part of the dataset");
        ImageAnnotations a = ds.annotations(0);
        assertEquals(dir.resolve("images/cat_and_dog.jpg"), a.image());
        assertEquals(40, a.width());
        assertEquals(30, a.height());
        assertEquals(2, a.boxes().size());
        assertBox(a.boxes().get(0), 1, 0, 1, 20, 30); // xmin 1..20 -> [0, 20]
        assertBox(a.boxes().get(1), 0, 21, 13, 31, 29);
        assertEquals(1, a.ignored().size(), "difficult objects are kept aside");
        assertBox(a.ignored().get(0), 0, 24.5f, 2, 40, 12);
        assertNull(a.mask());

        ImageAnnotations neg = ds.annotations(1);
        assertTrue(neg.isNegative());
        assertEquals(20, neg.width());

        ImageAnnotations renamed = ds.annotations(2);
        assertEquals(dir.resolve("images/renamed.png"), renamed.image(), "found by the XML stem");
        assertEquals(24, renamed.width(), "size read from the header");
        assertEquals(16, renamed.height());
        assertBox(renamed.boxes().get(0), 1, 0, 0, 17, 12); // xmin 0 -> -1, clipped to 0

        AnnotationReport r = ds.report();
        assertEquals(new AnnotationReport(3, 3, 1, 1, 1, List.of()), r);
        assertEquals(3, ds.boxCount());
        assertTrue(ds.describe(0).contains("cat_and_dog.xml"), ds.describe(0));
    }

    @Test
    void imageSetsAndClassesTxtSelectAndOrder() throws IOException {
        fixtureFolder();
        text(dir.resolve("classes.txt"), "# mine\ndog\ncat\nbird\n");
        text(dir.resolve("ImageSets/Main/val.txt"), "renamed\n\ncat_and_dog  1\n");
        DetectionDataset ds = VocReader.folder(dir, "val", AnnotationPolicy.STRICT);
        assertEquals(List.of("dog", "cat", "bird"), ds.classes());
        assertEquals(2, ds.size());
        assertEquals(dir.resolve("images/renamed.png"), ds.image(0), "list order kept");
        assertEquals(0, ds.annotations(1).boxes().get(0).classIndex(), "dog is class 0 here");
        assertEquals(1, ds.annotations(1).boxes().get(1).classIndex(), "cat is class 1 here");

        text(dir.resolve("ImageSets/Main/bad.txt"), "cat_and_dog\nmissing\n");
        refused(dir.resolve("ImageSets/Main/bad.txt"),
                () -> VocReader.folder(dir, "bad", AnnotationPolicy.STRICT), "line 2", "missing");
        text(dir.resolve("ImageSets/Main/twice.txt"), "renamed\nrenamed\n");
        refused(dir.resolve("ImageSets/Main/twice.txt"),
                () -> VocReader.folder(dir, "twice", AnnotationPolicy.STRICT), "listed twice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VocReader.folder(dir, "nosuch", AnnotationPolicy.STRICT));
        assertTrue(e.getMessage().contains("nosuch.txt"), e.getMessage());
    }

    @Test
    void devkitLayoutIsRecognised() throws IOException {
        text(dir.resolve("Annotations/2007_000027.xml"),
                voc("2007_000027.jpg", 20, 20, object("person", "2", "3", "10", "19")));
        image(dir.resolve("JPEGImages/2007_000027.jpg"), 20, 20);
        DetectionDataset ds = VocReader.folder(dir, "all", AnnotationPolicy.STRICT);
        assertEquals(List.of("person"), ds.classes());
        assertBox(ds.annotations(0).boxes().get(0), 0, 1, 2, 10, 19);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VocReader.folder(dir.resolve("JPEGImages"), "all", AnnotationPolicy.STRICT));
        assertTrue(e.getMessage().contains("not a VOC folder"), e.getMessage());
    }

    /** Writes one XML (and its image) and reads the folder with the given classes. */
    private DetectionDataset one(String xml, List<String> classes, AnnotationPolicy policy)
            throws IOException {
        text(dir.resolve("annotations/x.xml"), xml);
        if (!Files.exists(dir.resolve("images/x.png"))) {
            image(dir.resolve("images/x.png"), 20, 10);
        }
        return VocReader.read(dir.resolve("annotations"), dir.resolve("images"), classes, policy);
    }

    private Path xml() {
        return dir.resolve("annotations/x.xml");
    }

    @Test
    void malformedFilesAreRefusedNamingFileAndField() throws IOException {
        List<String> cls = List.of("dog");
        AnnotationPolicy s = AnnotationPolicy.STRICT;
        refused(xml(), () -> one("<html><body/></html>", cls, s), "not a Pascal VOC", "<html>");
        refused(xml(), () -> one("<annotation><object>", cls, s), "not well-formed", "line 1");
        refused(xml(), () -> one("garbage", cls, s), "not well-formed");
        refused(xml(), () -> one(voc("x.png", 20, 10, "<object><name>dog</name></object>"), cls, s),
                "object 1", "<bndbox>");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("", "1", "1", "5", "5")), cls, s),
                "object 1", "<name>");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("dog", "1", "1", "five", "5")), cls,
                s), "object 1", "<bndbox>/<xmax>", "\"five\"");
        refused(xml(), () -> one(voc("x.png", 20, 10,
                "<object><name>dog</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax>"
                        + "</bndbox></object>"), cls, s), "<bndbox>/<ymax>");
        refused(xml(), () -> one(voc("x.png", 20, 10, "<object><name>dog</name><difficult>2"
                + "</difficult><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>3</ymax>"
                + "</bndbox></object>"), cls, s), "<difficult>", "\"2\"");
        refused(xml(), () -> one("<annotation><size><width>2.5</width><height>3</height></size>"
                + "</annotation>", cls, s), "<size>/<width>", "2.5");
        refused(xml(), () -> one(voc("../x.png", 20, 10, ""), cls, s), "<filename>", "../x.png");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("cat", "1", "1", "5", "5")), cls, s),
                "object 1", "unknown class name \"cat\"", "\"dog\"");
    }

    @Test
    void doctypesAndExternalEntitiesAreRefusedWithoutReadingTheEntity() throws IOException {
        Path secret = text(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n" + voc("x.png", 20, 10, object("&xxe;", "1", "1", "5",
                        "5"));
        AnnotationException e = refused(xml(), () -> one(xxe, null, AnnotationPolicy.STRICT),
                "DOCTYPE", "line 2");
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><annotation>&b;</annotation>";
        refused(xml(), () -> one(bomb, null, AnnotationPolicy.STRICT), "DOCTYPE");
    }

    @Test
    void boxesOutsideTheImageAreClippedWithinToleranceElseRefused() throws IOException {
        List<String> cls = List.of("dog");
        // 20 x 10 image: xmax 21 -> x2 = 21, 1 px outside: clipped
        DetectionDataset ds = one(voc("x.png", 20, 10, object("dog", "0", "1", "21", "11")), cls,
                AnnotationPolicy.STRICT);
        assertBox(ds.annotations(0).boxes().get(0), 0, 0, 0, 20, 10);
        assertEquals(1, ds.report().clippedBoxes());
        refused(xml(), () -> one(voc("x.png", 20, 10, object("dog", "1", "1", "23", "5")), cls,
                AnnotationPolicy.STRICT), "object 1", "more than 2 px outside", "20x10",
                "xmax=23");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("dog", "5", "1", "3", "5")), cls,
                AnnotationPolicy.STRICT), "inverted", "xmin=5", "xmax=3");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("dog", "5", "1", "4", "5")), cls,
                AnnotationPolicy.STRICT), "zero-area", "width 0");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("dog", "21", "1", "22", "5")), cls,
                AnnotationPolicy.STRICT), "lies outside");
        refused(xml(), () -> one(voc("x.png", 20, 10, object("dog", "NaN", "1", "4", "5")), cls,
                AnnotationPolicy.STRICT), "not a finite number");
        // a wider tolerance clips what the default refuses
        DetectionDataset wide = one(voc("x.png", 20, 10, object("dog", "1", "1", "23", "5")), cls,
                new AnnotationPolicy(5, false));
        assertBox(wide.annotations(0).boxes().get(0), 0, 0, 0, 20, 5);
    }

    @Test
    void lenientPolicyDropsAndCountsBadBoxesAndMissingImages() throws IOException {
        text(dir.resolve("annotations/y.xml"), voc("y.png", 20, 10,
                object("dog", "5", "1", "3", "5") + object("dog", "2", "2", "8", "8")));
        image(dir.resolve("images/y.png"), 20, 10);
        text(dir.resolve("annotations/z.xml"), voc("z.png", 20, 10, object("dog", "1", "1", "2",
                "2")));
        refused(dir.resolve("annotations/y.xml"), () -> VocReader.read(dir.resolve("annotations"),
                dir.resolve("images"), null, AnnotationPolicy.STRICT), "object 1", "inverted");
        DetectionDataset ds = VocReader.read(dir.resolve("annotations"), dir.resolve("images"),
                null, AnnotationPolicy.LENIENT);
        assertEquals(1, ds.size());
        assertEquals(1, ds.annotations(0).boxes().size());
        AnnotationReport r = ds.report();
        assertEquals(2, r.dropped().size(), r.dropped().toString());
        assertTrue(r.dropped().stream().anyMatch(l -> l.contains("y.xml") && l.contains("inverted")));
        assertTrue(r.dropped().stream().anyMatch(l -> l.contains("z.png")
                && l.contains("does not exist")));

        Files.delete(dir.resolve("annotations/y.xml"));
        refused(dir.resolve("annotations/z.xml"), () -> VocReader.read(dir.resolve("annotations"),
                dir.resolve("images"), null, AnnotationPolicy.STRICT), "z.png", "does not exist",
                "without its image");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> VocReader.read(dir.resolve("annotations"), dir.resolve("images"), null,
                        AnnotationPolicy.LENIENT));
        assertTrue(none.getMessage().contains("no images left"), none.getMessage());
    }

    @Test
    void twoAnnotationsOfOneImageAreRefused() throws IOException {
        image(dir.resolve("images/same.png"), 20, 10);
        text(dir.resolve("annotations/a.xml"), voc("same.png", 20, 10, ""));
        text(dir.resolve("annotations/b.xml"), voc("same.png", 20, 10, ""));
        refused(dir.resolve("annotations/b.xml"), () -> VocReader.read(dir.resolve("annotations"),
                dir.resolve("images"), List.of("x"), AnnotationPolicy.STRICT), "annotated twice",
                "a.xml", "duplicate file name");
    }

    @Test
    void aFolderWithoutObjectsNeedsAClassList() throws IOException {
        image(dir.resolve("images/a.png"), 20, 10);
        text(dir.resolve("annotations/a.xml"), voc("a.png", 20, 10, ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VocReader.read(dir.resolve("annotations"), dir.resolve("images"), null,
                        AnnotationPolicy.STRICT));
        assertTrue(e.getMessage().contains("class list"), e.getMessage());
        DetectionDataset ds = VocReader.read(dir.resolve("annotations"), dir.resolve("images"),
                List.of("dog"), AnnotationPolicy.STRICT);
        assertTrue(ds.annotations(0).isNegative());
        assertEquals(1, ds.report().negativeImages());
    }
}
