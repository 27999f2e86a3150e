package dev.hsresnet.vision.detection.eval;

/** The checks on boxes, areas and scores, with errors that name where the value came from. */
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
