package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.Rle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ground truth of an evaluation, as a COCO annotation file gives it: the categories, the
 * images (ids, including images without objects) and each image's objects in file order.
 * Images and categories are kept in ascending id order, as pycocotools sorts them; that order
 * breaks ties between equal scores on different images. Immutable.
 */
public final class CocoGroundTruth {

    private final int[] categoryIds;
    private final Map<Integer, Integer> categoryIndex;
    private final long[] imageIds;
    private final Map<Long, Integer> imageIndex;
    private final GroundTruth[][] annotations;
    /** Non-crowd objects inside each area range, {@code [category][area]}: recall's denominator. */
    private final int[][] counted;

    private CocoGroundTruth(int[] categoryIds, TreeMap<Long, GroundTruth[]> images) {
        this.categoryIds = categoryIds;
        this.categoryIndex = new HashMap<>();
        for (int k = 0; k < categoryIds.length; k++) {
            categoryIndex.put(categoryIds[k], k);
        }
        this.imageIds = new long[images.size()];
        this.imageIndex = new HashMap<>();
        this.annotations = new GroundTruth[images.size()][];
        int i = 0;
        for (Map.Entry<Long, GroundTruth[]> e : images.entrySet()) {
            imageIds[i] = e.getKey();
            imageIndex.put(e.getKey(), i);
            annotations[i] = e.getValue();
            i++;
        }
        this.counted = new int[categoryIds.length][CocoParams.AREAS.length];
        for (GroundTruth[] image : annotations) {
            for (GroundTruth g : image) {
                int k = categoryIndex.get(g.categoryId());
                for (AreaRange a : CocoParams.AREAS) {
                    if (!g.crowd() && !a.excludes(g.area())) {
                        counted[k][a.ordinal()]++;
                    }
                }
            }
        }
    }

    /**
     * @param categoryIds every class of the dataset, including classes without objects (their AP
     *     is -1 and left out of the means); ids need not be contiguous
     * @return a builder over these categories
     * @throws IllegalArgumentException on a repeated id
     */
    public static Builder builder(int... categoryIds) {
        return new Builder(categoryIds.clone());
    }

    /**
     * @param categoryIds every class of the dataset
     * @return a builder over these categories
     * @throws IllegalArgumentException on a repeated id
     */
    public static Builder builder(Collection<Integer> categoryIds) {
        return new Builder(categoryIds.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return the category ids, ascending */
    public List<Integer> categoryIds() {
        return Arrays.stream(categoryIds).boxed().toList();
    }

    /** @return the image ids, ascending */
    public List<Long> imageIds() {
        return Arrays.stream(imageIds).boxed().toList();
    }

    /** @return whether the dataset has this image */
    public boolean hasImage(long imageId) {
        return imageIndex.containsKey(imageId);
    }

    /**
     * @return the image's objects in the order given
     * @throws IllegalArgumentException for an unknown image
     */
    public List<GroundTruth> annotations(long imageId) {
        Integer i = imageIndex.get(imageId);
        if (i == null) {
            throw new IllegalArgumentException("no image " + imageId + " in the ground truth");
        }
        return List.of(annotations[i]);
    }

    int categoryCount() {
        return categoryIds.length;
    }

    int categoryId(int index) {
        return categoryIds[index];
    }

    /** @return the category's index, or -1 if the id is not a category */
    int categoryIndex(int categoryId) {
        return categoryIndex.getOrDefault(categoryId, -1);
    }

    int imageCount() {
        return imageIds.length;
    }

    /** @return the image's index in ascending id order, or -1 */
    int imageIndex(long imageId) {
        return imageIndex.getOrDefault(imageId, -1);
    }

    GroundTruth[] annotationsAt(int imageIndex) {
        return annotations[imageIndex];
    }

    /** @return the first mask among the image's objects (all have its size), or null */
    Rle maskAt(int imageIndex) {
        for (GroundTruth g : annotations[imageIndex]) {
            if (g.mask() != null) {
                return g.mask();
            }
        }
        return null;
    }

    /** @return the non-crowd objects of the category whose area is inside the range */
    int counted(int categoryIndex, AreaRange area) {
        return counted[categoryIndex][area.ordinal()];
    }

    /** Collects images; checks each annotation as it is added. Not thread-safe. */
    public static final class Builder {
        private final int[] categoryIds;
        private final Set<Integer> known = new HashSet<>();
        private final TreeMap<Long, GroundTruth[]> images = new TreeMap<>();

        private Builder(int[] ids) {
            for (int id : ids) {
                if (!known.add(id)) {
                    throw new IllegalArgumentException("category " + id + " is given twice");
                }
            }
            this.categoryIds = ids;
            Arrays.sort(this.categoryIds);
        }

        /**
         * Adds an image and its objects (possibly none).
         *
         * @param imageId the image's id
         * @param objects its objects; their order is kept
         * @return this builder
         * @throws IllegalArgumentException on a repeated image, an unknown category, a box with a
         *     non-finite corner or a negative or non-finite size, a negative or non-finite area,
         *     or masks of different sizes in one image; the message names the image, the
         *     object's index and the value
         */
        public Builder image(long imageId, List<GroundTruth> objects) {
            Objects.requireNonNull(objects, "objects");
            if (images.containsKey(imageId)) {
                throw new IllegalArgumentException("image " + imageId + " is given twice");
            }
            List<GroundTruth> copy = new ArrayList<>(objects.size());
            int sized = -1;
            for (int j = 0; j < objects.size(); j++) {
                GroundTruth g = objects.get(j);
                String where = "image " + imageId + ", ground truth " + j;
                if (g == null) {
                    throw new IllegalArgumentException(where + " is null");
                }
                if (!known.contains(g.categoryId())) {
                    throw new IllegalArgumentException(where + ": category " + g.categoryId()
                            + " is not one of the " + categoryIds.length + " categories");
                }
                InputChecks.box(g.box(), where);
                InputChecks.area(g.area(), where);
                if (g.mask() != null) {
                    if (sized < 0) {
                        sized = j;
                    } else {
                        InputChecks.sameSize(g.mask(), copy.get(sized).mask(),
                                "ground truth " + sized + "'s mask", where);
                    }
                }
                copy.add(g);
            }
            images.put(imageId, copy.toArray(GroundTruth[]::new));
            return this;
        }

        /** @return the ground truth */
        public CocoGroundTruth build() {
            return new CocoGroundTruth(categoryIds, new TreeMap<>(images));
        }
    }
}
