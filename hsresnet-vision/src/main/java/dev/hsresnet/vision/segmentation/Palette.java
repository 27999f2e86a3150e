package dev.hsresnet.vision.segmentation;

import dev.hsresnet.data.segmentation.SegmentationDataset;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One colour per class for drawing label masks, plus the colour of the ignore index (black unless
 * {@link #withIgnoreColor} sets another). Colours are 24-bit sRGB values {@code 0xRRGGBB}.
 * Immutable.
 */
public final class Palette {
    /** Most classes a palette holds: one per value of a 16-bit mask. */
    public static final int MAX_CLASSES = 65536;

    /** CamVid's colours (SegNet's), in the order of {@link SegmentationDataset#CAMVID_CLASSES}. */
    private static final int[] CAMVID = {
        0x808080, // Sky 128,128,128
        0x800000, // Building 128,0,0
        0xc0c080, // Pole 192,192,128
        0x804080, // Road 128,64,128
        0x0000c0, // Pavement (Sidewalk) 0,0,192
        0x808000, // Tree 128,128,0
        0xc08080, // SignSymbol 192,128,128
        0x404080, // Fence 64,64,128
        0x400080, // Car 64,0,128
        0x404000, // Pedestrian 64,64,0
        0x0080c0, // Bicyclist 0,128,192
    };

    private final int[] rgb;
    private final int ignoreRgb;

    private Palette(int[] rgb, int ignoreRgb) {
        this.rgb = rgb;
        this.ignoreRgb = ignoreRgb;
    }

    /** @return CamVid's 11 standard colours, class order of {@link SegmentationDataset#CAMVID_CLASSES} */
    public static Palette camvid() {
        return new Palette(CAMVID.clone(), 0x000000);
    }

    /**
     * Pascal VOC's colour map for any class count: the bits of the class index are dealt out in
     * turn to red, green and blue, most significant colour bit first (class 0 black, 1 = 128,0,0,
     * 2 = 0,128,0, 3 = 128,128,0, 15 = 192,128,128). Class 0 is black like the default ignore
     * colour, as in VOC where 0 is the background; {@link #withIgnoreColor} tells them apart.
     *
     * @param classes number of classes, 1 to {@value #MAX_CLASSES}
     * @return the palette
     */
    public static Palette voc(int classes) {
        checkCount(classes);
        int[] rgb = new int[classes];
        for (int i = 0; i < classes; i++) {
            int c = i;
            int r = 0;
            int g = 0;
            int b = 0;
            for (int bit = 7; bit >= 0 && c != 0; bit--) {
                r |= (c & 1) << bit;
                g |= ((c >> 1) & 1) << bit;
                b |= ((c >> 2) & 1) << bit;
                c >>>= 3;
            }
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        return new Palette(rgb, 0x000000);
    }

    /**
     * CamVid's palette for CamVid's classes, VOC's for any other list.
     *
     * @param classes class names, index = class id
     * @return {@link #camvid()} when {@code classes} equals {@link SegmentationDataset#CAMVID_CLASSES},
     *     else {@link #voc voc(classes.size())}
     */
    public static Palette forClasses(List<String> classes) {
        return classes.equals(SegmentationDataset.CAMVID_CLASSES) ? camvid() : voc(classes.size());
    }

    /**
     * A palette of given colours.
     *
     * @param rgb one {@code 0xRRGGBB} value per class (higher bits are ignored); copied
     * @return the palette, ignore colour black
     */
    public static Palette of(int... rgb) {
        checkCount(rgb.length);
        int[] copy = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            copy[i] = rgb[i] & 0xffffff;
        }
        return new Palette(copy, 0x000000);
    }

    private static void checkCount(int classes) {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("a palette holds 1 to " + MAX_CLASSES + " classes, got " + classes);
        }
    }

    /**
     * @param rgb the colour of ignored pixels, {@code 0xRRGGBB}
     * @return a copy of this palette with that ignore colour
     */
    public Palette withIgnoreColor(int rgb) {
        return new Palette(this.rgb, rgb & 0xffffff);
    }

    /** @return number of classes */
    public int size() {
        return rgb.length;
    }

    /**
     * @param classIndex 0-based class id
     * @return its colour as {@code 0xRRGGBB}
     * @throws IndexOutOfBoundsException outside {@code [0, size())}
     */
    public int rgb(int classIndex) {
        Objects.checkIndex(classIndex, rgb.length);
        return rgb[classIndex];
    }

    /**
     * @param classIndex 0-based class id
     * @return its colour
     */
    public Color color(int classIndex) {
        return new Color(rgb(classIndex));
    }

    /** @return the colour of ignored pixels as {@code 0xRRGGBB} */
    public int ignoreRgb() {
        return ignoreRgb;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Palette p && p.ignoreRgb == ignoreRgb && Arrays.equals(p.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rgb) + ignoreRgb;
    }

    @Override
    public String toString() {
        return "Palette[" + rgb.length + " classes]";
    }
}
