package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.Rle;

/**
 * The checks on boxes, areas, scores and mask sizes, with errors that name where the value came
 * from.
 */
final class InputChecks {

    private InputChecks() {}

    /**
     * @param where the annotation, e.g. {@code "image 7, detection 2"}
     * @throws IllegalArgumentException on a non-finite corner or a negative or non-finite size
     */
    static void box(Box box, String where) {
        if (box == null) {
            throw new IllegalArgumentException(where + ": box is null");
        }
        finite(box.x(), "box x", where);
        finite(box.y(), "box y", where);
        size(box.width(), "box width", where);
        size(box.height(), "box height", where);
    }

    /** @throws IllegalArgumentException unless {@code area} is finite and non-negative */
    static void area(double area, String where) {
        size(area, "area", where);
    }

    /** @throws IllegalArgumentException unless {@code score} is finite */
    static void score(double score, String where) {
        finite(score, "score", where);
    }

    /**
     * @param mask a mask
     * @param reference the mask it must match in size
     * @param referenceName what {@code reference} is, e.g. {@code "ground truth 0's mask"}
     * @param where the annotation {@code mask} belongs to
     * @throws IllegalArgumentException if the sizes differ
     */
    static void sameSize(Rle mask, Rle reference, String referenceName, String where) {
        if (!mask.sameSize(reference)) {
            throw new IllegalArgumentException(where + ": mask is " + size(mask) + ", but "
                    + referenceName + " is " + size(reference)
                    + " (height x width): an image's masks must have one size");
        }
    }

    private static String size(Rle mask) {
        return mask.height() + "x" + mask.width();
    }

    private static void finite(double value, String name, String where) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(where + ": " + name + " " + value
                    + " is not a finite number");
        }
    }

    private static void size(double value, String name, String where) {
        finite(value, name, where);
        if (value < 0) {
            throw new IllegalArgumentException(where + ": " + name + " " + value
                    + " is negative");
        }
    }
}
