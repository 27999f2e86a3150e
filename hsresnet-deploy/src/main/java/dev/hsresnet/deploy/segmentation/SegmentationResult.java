package dev.hsresnet.deploy.segmentation;

import ai.djl.modality.cv.output.CategoryMask;
import dev.hsresnet.data.segmentation.LabelMask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The segmentation of one image: the most likely class of every pixel and the area each class
 * covers.
 *
 * @param model the model's name
 * @param mask {@code height x width} class indices (the argmax of the logits), at the image's
 *     own size
 * @param classes one entry per class of the model, in index order (classes absent from the
 *     image included, with 0 pixels); their pixels sum to {@code width * height}
 */
public record SegmentationResult(String model, LabelMask mask, List<ClassArea> classes) {

    /**
     * The area of one class.
     *
     * @param index the class index (the value in the mask)
     * @param name the class name
     * @param pixels how many pixels have this class
     * @param fraction {@code pixels / (width * height)}, in [0, 1]
     */
    public record ClassArea(int index, String name, long pixels, double fraction) {}

    /** Copies the class list. */
    public SegmentationResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mask, "mask");
        classes = List.copyOf(classes);
    }

    /**
     * Counts the pixels of each class.
     *
     * @param model the model's name
     * @param mask class indices, each in {@code [0, names.size())}
     * @param names the class names, one per class
     * @return the result
     * @throws IllegalArgumentException naming the pixel when a label is outside the classes
     */
    public static SegmentationResult of(String model, LabelMask mask, List<String> names) {
        long[] counts = new long[names.size()];
        int[] labels = mask.labels();
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i];
            if (k < 0 || k >= counts.length) {
                throw new IllegalArgumentException("label " + k + " at pixel (" + i / mask.width()
                        + ", " + i % mask.width() + ") is not one of the " + counts.length
                        + " classes");
            }
            counts[k]++;
        }
        double total = labels.length;
        List<ClassArea> areas = new ArrayList<>(counts.length);
        for (int k = 0; k < counts.length; k++) {
            areas.add(new ClassArea(k, names.get(k), counts[k], counts[k] / total));
        }
        return new SegmentationResult(model, mask, areas);
    }

    /** @return the image's width in pixels */
    public int width() {
        return mask.width();
    }

    /** @return the image's height in pixels */
    public int height() {
        return mask.height();
    }

    /** @return the class names, in index order */
    public List<String> classNames() {
        return classes.stream().map(ClassArea::name).toList();
    }

    /**
     * @param n at most this many classes
     * @return the classes present in the image (at least one pixel), largest area first (ties:
     *     lower index first)
     */
    public List<ClassArea> largest(int n) {
        return classes.stream().filter(c -> c.pixels() > 0)
                .sorted(Comparator.comparingLong(ClassArea::pixels).reversed()
                        .thenComparingInt(ClassArea::index))
                .limit(Math.max(0, n)).toList();
    }

    /**
     * The mask as DJL's output type, for code written against DJL's {@code
     * SemanticSegmentationTranslator}.
     *
     * <p><b>Caveat:</b> DJL's {@link CategoryMask#drawMask} and {@link
     * CategoryMask#getBackgroundImage} treat class 0 as background: {@code drawMask} paints it
     * with the background colour (transparent by default) and {@code getBackgroundImage} keeps
     * only its pixels. That fits VOC-style label sets, where index 0 is "background", but not
     * every dataset: CamVid's class 0 is Sky, which DJL's drawing would leave unpainted. The mask
     * values themselves are unaffected.
     *
     * @return the class names and an {@code int[height][width]} copy of the mask
     */
    public CategoryMask toCategoryMask() {
        int h = mask.height();
        int w = mask.width();
        int[][] rows = new int[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(mask.labels(), y * w, rows[y], 0, w);
        }
        return new CategoryMask(classNames(), rows);
    }
}
