package dev.hsresnet.train.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Finds the bars of one colour in a rendered bar chart. */
final class Bars {
    private Bars() {
    }

    /** One bar: its columns {@code [x0, x1]} and the rows {@code [top, bottom]} of its colour. */
    record Bar(int x0, int x1, int top, int bottom) {
        double center() {
            return (x0 + x1) / 2.0;
        }

        int height() {
            return bottom - top + 1;
        }
    }

    /** The runs of adjacent columns that hold at least {@code minPixels} pixels of {@code c}, left to right. */
    static List<Bar> find(BufferedImage img, Color c, int minPixels) {
        List<Bar> bars = new ArrayList<>();
        int start = -1;
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        for (int x = 0; x <= img.getWidth(); x++) {
            int n = 0;
            int colTop = Integer.MAX_VALUE;
            int colBottom = -1;
            if (x < img.getWidth()) {
                for (int y = 0; y < img.getHeight(); y++) {
                    if (PngAssert.near(img.getRGB(x, y), c, 6)) {
                        n++;
                        colTop = Math.min(colTop, y);
                        colBottom = Math.max(colBottom, y);
                    }
                }
            }
            if (n >= minPixels) {
                if (start < 0) {
                    start = x;
                    top = Integer.MAX_VALUE;
                    bottom = -1;
                }
                top = Math.min(top, colTop);
                bottom = Math.max(bottom, colBottom);
            } else if (start >= 0) {
                bars.add(new Bar(start, x - 1, top, bottom));
                start = -1;
            }
        }
        return bars;
    }
}
