package dev.hsresnet.data.detection;

import dev.hsresnet.data.Bilinear;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageGuard;
import java.util.ArrayList;
import java.util.List;

/** The resize shared by {@link ResizeKeepAspect} and {@link RandomRescale}. */
final class Rescaling {

    private Rescaling() {}

    /**
     * Resizes image and boxes to {@code outH x outW}.
     *
     * @return the sample, or the input when the size is unchanged
     */
    static DetectionSample resize(DetectionSample sample, long outH, long outW, ImageGuard guard) {
        int h = sample.height();
        int w = sample.width();
        guard.checkResize(h, w, outH, outW);
        Image.length(sample.image().channels(), outH, outW);
        if (outH == h && outW == w) {
            return sample;
        }
        double sx = (double) outW / w;
        double sy = (double) outH / h;
        Image image = Bilinear.resize(sample.image(), (int) outH, (int) outW);
        List<BoxAnnotation> boxes = new ArrayList<>(sample.boxes().size());
        for (BoxAnnotation b : sample.boxes()) {
            BoxAnnotation s = b.scaled(sx, sy, outW, outH);
            if (s != null) {
                boxes.add(s);
            }
        }
        return sample.with(image, boxes, sx, sy);
    }
}
