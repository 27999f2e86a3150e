package dev.hsresnet.data.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Opens a detection dataset by kind and split name, as {@code SegmentationDataset.camvid} /
 * {@code folder} do for segmentation.
 *
 * <table>
 *   <caption>kinds and splits</caption>
 *   <tr><th>kind</th><th>root</th><th>splits</th></tr>
 *   <tr><td>{@code raccoon}</td><td>{@code raccoon/} ({@code images/}, {@code data/}) or the
 *       folder holding it</td><td>{@code train} = {@code data/train_labels.csv} (160 images, 173
 *       boxes), {@code test} = {@code data/test_labels.csv} (40, 44), {@code all} = {@code
 *       data/raccoon_labels.csv} (200, 217), {@code val} = every 8th train image by file name
 *       (positions 7, 15, ...: 20 images, inside {@code train}), {@code train-val} = train
 *       without val (140); one class {@code raccoon}</td></tr>
 *   <tr><td>{@code pennfudan}</td><td>{@code PennFudanPed/} or the folder holding it</td>
 *       <td>images sorted by stem (74 {@code FudanPed*}, then 96 {@code PennPed*}); {@code test}
 *       = positions {@code i} with {@code i % 17 < 5} (50 images: 25 Fudan, 25 Penn), {@code
 *       train} = the other 120, {@code val} = every 6th train image (positions 5, 11, ... of
 *       train: 20, inside train), {@code train-val} = train without val (100), {@code all} =
 *       170; one class {@code pedestrian}</td></tr>
 *   <tr><td>{@code pennfudan-instances}</td><td>as {@code pennfudan}</td><td>the same splits
 *       and images, with instance masks ({@link InstanceIdMasks#attach}: {@code
 *       PedMasks/<stem>_mask.png}, object {@code k} = mask value {@code k}), checked under the
 *       same policy; {@link DetectionDataset#load} gives each box its mask</td></tr>
 *   <tr><td>{@code voc}</td><td>a VOC folder ({@link VocReader#folder})</td><td>{@code all} or
 *       a name in {@code ImageSets/Main/}</td></tr>
 *   <tr><td>{@code coco}</td><td>{@code annotations/instances_<split>.json} with images in
 *       {@code <split>/} (COCO 2017's layout) or else in {@code images/}</td><td>any {@code
 *       <split>} with its file, e.g. {@code train2017}</td></tr>
 *   <tr><td>{@code coco-instances}</td><td>as {@code coco}</td><td>as {@code coco}, with every
 *       object's {@code segmentation} as its instance mask ({@link CocoReader#readInstances})
 *       </td></tr>
 *   <tr><td>{@code csv}</td><td>{@code <split>.csv} ({@link CsvReader}) with images in {@code
 *       images/}; classes from {@code classes.txt}, else the sorted distinct names over every
 *       {@code *.csv} of the folder (so the splits share class indices)</td><td>any {@code
 *       <split>} with its file</td></tr>
 * </table>
 */
public final class DetectionSets {

    /** The kinds {@link #open} knows. */
    public static final List<String> KINDS = List.of("raccoon", "pennfudan", "pennfudan-instances",
            "voc", "coco", "coco-instances", "csv");

    /** The named splits of raccoon and Penn-Fudan. */
    public static final List<String> FIXED_SPLITS = List.of("train", "val", "train-val", "test",
            "all");

    /** Raccoon's one class. */
    public static final String RACCOON_CLASS = "raccoon";

    private DetectionSets() {}

    /**
     * {@link #open(String, Path, String, AnnotationPolicy)} with {@link AnnotationPolicy#STRICT}.
     *
     * @param kind one of {@link #KINDS}
     * @param root the dataset folder
     * @param split the split name
     * @return the dataset
     */
    public static DetectionDataset open(String kind, Path root, String split) {
        return open(kind, root, split, AnnotationPolicy.STRICT);
    }

    /**
     * Opens one split of a dataset.
     *
     * @param kind one of {@link #KINDS}
     * @param root the dataset folder (see the class comment)
     * @param split the split name (see the class comment)
     * @param policy clipping and dropping of bad boxes (and masks)
     * @return the dataset, named {@code "<kind> <split>"}
     * @throws IllegalArgumentException naming the kind, split, folder or file when the kind or
     *     split is unknown or a file is missing; {@link AnnotationException} for bad annotations
     */
    public static DetectionDataset open(String kind, Path root, String split,
            AnnotationPolicy policy) {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split name is empty");
        }
        return switch (kind) {
            case "raccoon" -> raccoon(root, split, policy);
            case "pennfudan" -> pennFudan(root, split, policy);
            case "pennfudan-instances" -> InstanceIdMasks.attach(pennFudan(root, split, policy),
                    policy).renamed("pennfudan-instances " + split);
            case "voc" -> named(VocReader.folder(root, split, policy), "voc " + split);
            case "coco" -> coco(root, split, policy, false);
            case "coco-instances" -> coco(root, split, policy, true);
            case "csv" -> csv(root, split, policy);
            default -> throw new IllegalArgumentException("unknown detection dataset kind \"" + kind
                    + "\"; known: " + String.join(", ", KINDS));
        };
    }

    private static DetectionDataset raccoon(Path root, String split, AnnotationPolicy policy) {
        if (!FIXED_SPLITS.contains(split)) {
            throw unknownSplit("raccoon", split);
        }
        Path dir = descend(root, "raccoon", "images");
        Path data = VocReader.requireDir(dir.resolve("data"), "raccoon CSV folder");
        Path images = dir.resolve("images");
        return switch (split) {
            case "all" -> named(CsvReader.read(data.resolve("raccoon_labels.csv"), images,
                    List.of(RACCOON_CLASS), policy), "raccoon all");
            case "test" -> named(CsvReader.read(data.resolve("test_labels.csv"), images,
                    List.of(RACCOON_CLASS), policy), "raccoon test");
            case "train", "val", "train-val" -> trainVal(CsvReader.read(
                    data.resolve("train_labels.csv"), images, List.of(RACCOON_CLASS), policy),
                    8, "raccoon", split);
            default -> throw unknownSplit("raccoon", split);
        };
    }

    private static DetectionDataset pennFudan(Path root, String split, AnnotationPolicy policy) {
        if (!FIXED_SPLITS.contains(split)) {
            throw unknownSplit("pennfudan", split);
        }
        Path dir = descend(root, "PennFudanPed", "Annotation");
        DetectionDataset all = PennFudanReader.read(dir, policy);
        if (split.equals("all")) {
            return named(all, "pennfudan all");
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 17 < 5 ? test : train).add(i);
        }
        if (split.equals("test")) {
            return all.subset("pennfudan test", ints(test));
        }
        return trainVal(all.subset("pennfudan train", ints(train)), 6, "pennfudan", split);
    }

    /** {@code train}, or its every {@code k}-th image ({@code val}), or the rest ({@code train-val}). */
    private static DetectionDataset trainVal(DetectionDataset train, int k, String kind,
            String split) {
        if (split.equals("train")) {
            return named(train, kind + " train");
        }
        List<Integer> val = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            (i % k == k - 1 ? val : rest).add(i);
        }
        return split.equals("val") ? train.subset(kind + " val", ints(val))
                : train.subset(kind + " train-val", ints(rest));
    }

    private static DetectionDataset coco(Path root, String split, AnnotationPolicy policy,
            boolean masks) {
        VocReader.requireDir(root, "COCO root");
        Path json = root.resolve("annotations").resolve("instances_" + split + ".json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("COCO split \"" + split + "\" needs " + json
                    + "; found: " + listNames(root.resolve("annotations"), ".json"));
        }
        Path images = Files.isDirectory(root.resolve(split)) ? root.resolve(split)
                : root.resolve("images");
        return masks ? named(CocoReader.readInstances(json, images, policy),
                "coco-instances " + split) : named(CocoReader.read(json, images, policy),
                        "coco " + split);
    }

    private static DetectionDataset csv(Path root, String split, AnnotationPolicy policy) {
        VocReader.requireDir(root, "CSV dataset root");
        Path file = root.resolve(split + ".csv");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CSV split \"" + split + "\" needs " + file
                    + "; found: " + listNames(root, ".csv"));
        }
        Path images = root.resolve("images");
        Path classFile = root.resolve("classes.txt");
        List<String> classes;
        if (Files.isRegularFile(classFile)) {
            classes = ClassLists.read(classFile);
        } else {
            TreeSet<String> names = new TreeSet<>();
            for (String n : listNames(root, ".csv")) {
                for (RawAnnotations.Image img : CsvReader.parse(root.resolve(n), images)) {
                    img.boxes().forEach(b -> names.add(b.className()));
                }
            }
            classes = List.copyOf(names);
        }
        return named(CsvReader.read(file, images, classes, policy), "csv " + split);
    }

    private static Path descend(Path root, String child, String marker) {
        VocReader.requireDir(root, child + " root");
        if (!Files.isDirectory(root.resolve(marker))
                && Files.isDirectory(root.resolve(child).resolve(marker))) {
            return root.resolve(child);
        }
        return root;
    }

    private static IllegalArgumentException unknownSplit(String kind, String split) {
        return new IllegalArgumentException("unknown " + kind + " split \"" + split + "\"; known: "
                + String.join(", ", FIXED_SPLITS));
    }

    private static DetectionDataset named(DetectionDataset d, String name) {
        return d.renamed(name);
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> listNames(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(suffix) && !n.startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
