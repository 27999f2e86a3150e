package dev.hsresnet.data.detection;

import dev.hsresnet.data.Bilinear;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.mask.InstanceMask;
import java.util.ArrayList;
import java.util.List;

/** The resize shared by {@link ResizeKeepAspect} and {@link RandomRescale}. */
final class Rescaling {

    private Rescaling() {}

    /**
     * Resizes image, boxes and masks to {@code outH x outW}: the image bilinearly, the masks by
     * {@link InstanceMask#resizedNearest nearest neighbour}, the boxes by the per-axis ratios; a
     * box that float rounding leaves empty is dropped with its mask.
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
        List<InstanceMask> masks = new ArrayList<>(sample.masks().size());
        for (int i = 0; i < sample.boxes().size(); i++) {
            BoxAnnotation s = sample.boxes().get(i).scaled(sx, sy, outW, outH);
            if (s != null) {
                boxes.add(s);
                if (sample.hasMasks()) {
                    masks.add(sample.masks().get(i).resizedNearest((int) outH, (int) outW));
                }
            }
        }
        return sample.with(image, boxes, masks, sx, sy);
    }
}
