package dev.hsresnet.data.mask;

/**
 * The bounding box of a mask's pixels in COCO's {@code [x, y, width, height]} form, as
 * pycocotools' {@code toBbox} gives it: {@code x, y} is the top-left covered pixel (column, row)
 * and {@code width, height} the number of columns and rows from the leftmost to the rightmost
 * and from the topmost to the bottommost covered pixel. So a single pixel at column 3, row 5 is
 * {@code (3, 5, 1, 1)}, the box whose continuous edges are the pixel's edges. An empty mask has
 * the box {@code (0, 0, 0, 0)}. The values are whole numbers; they are doubles because COCO's
 * boxes are.
 *
 * @param x left column, pixels
 * @param y top row, pixels
 * @param width columns covered, pixels
 * @param height rows covered, pixels
 */
public record MaskBox(double x, double y, double width, double height) {

    /** @return {@code width * height}, square pixels */
    public double area() {
        return width * height;
    }
}
