package dev.hsresnet.spark;

import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import dev.hsresnet.train.report.ConfusionMatrix;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One partition's share of a classification or segmentation evaluation, merged on the driver:
 * a confusion matrix of images (classification, with top-5 hits) or of pixels (segmentation),
 * and the rows that could not be scored. Rows are {@code (id, error, label, results...)} as
 * {@link SparkPredict} writes them with the label column kept.
 */
final class EvalPartial implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The column of the predicted top-k indices: after id, error, label and labels. */
    private static final int INDICES = 4;

    /** The column of the predicted mask: after id, error, label, width, height and classes. */
    private static final int MASK = 6;

    private final ConfusionMatrix images;
    private final SegmentationMetrics pixels;
    private final EvalErrors errors = new EvalErrors();
    private long top5;

    private EvalPartial(ConfusionMatrix images, SegmentationMetrics pixels) {
        this.images = images;
        this.pixels = pixels;
    }

    /** Scores one row that has a result; returns why it cannot be scored, or null. */
    private interface RowScore {
        String score(String id, Row row) throws IOException;
    }

    /** Scores every row; rows with an error, or that cannot be scored, are counted as such. */
    private EvalPartial scoreAll(Iterator<Row> rows, RowScore score) {
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getString(0);
            String why;
            if (!r.isNullAt(1)) {
                why = r.getString(1);
            } else if (r.isNullAt(2)) {
                why = "no label";
            } else {
                try {
                    why = score.score(id, r);
                } catch (IOException | IllegalArgumentException e) {
                    why = BatchingIterator.describe(e);
                }
            }
            if (why != null) {
                errors.add(id, why);
            }
        }
        return this;
    }

    /**
     * Scores a partition of classification rows: {@code label} is a class name (string) or a
     * class index (integer); {@code indices} the predicted top-k.
     */
    static EvalPartial classify(Iterator<Row> rows, List<String> classes) {
        EvalPartial p = new EvalPartial(new ConfusionMatrix(classes), null);
        return p.scoreAll(rows, (id, r) -> {
            Object label = r.get(2);
            int truth = label instanceof String s ? classes.indexOf(s)
                    : label instanceof Number n ? n.intValue() : -1;
            if (truth < 0 || truth >= classes.size()) {
                return "label " + label + " is not one of the model's " + classes.size()
                        + " classes";
            }
            List<Object> top = SparkValues.list(r.get(INDICES));
            p.images.add(truth, (Integer) top.get(0));
            if (top.subList(0, Math.min(5, top.size())).contains(truth)) {
                p.top5++;
            }
            return null;
        });
    }

    /**
     * Scores a partition of segmentation rows: {@code label} is the true mask (PNG of class
     * indices, the ignore index not counted), {@code mask} the predicted one.
     */
    static EvalPartial segment(Iterator<Row> rows, int numClasses, int ignoreIndex) {
        EvalPartial p = new EvalPartial(null, new SegmentationMetrics(numClasses, ignoreIndex));
        ImageGuard guard = ImageGuard.DEFAULT;
        return p.scoreAll(rows, (id, r) -> {
            LabelMask truth = MaskDecoder.decode((byte[]) r.get(2), id + " (label mask)", guard);
            LabelMask predicted = MaskDecoder.decode((byte[]) r.get(MASK),
                    id + " (predicted mask)", guard);
            if (truth.height() != predicted.height() || truth.width() != predicted.width()) {
                return "label mask is " + truth.width() + "x" + truth.height() + ", the image "
                        + predicted.width() + "x" + predicted.height();
            }
            SegmentationMetrics one = new SegmentationMetrics(numClasses, ignoreIndex);
            one.update(predicted.labels(), truth.labels());
            p.pixels.add(one);
            return null;
        });
    }

    /** @return this, with another partition's counts added */
    EvalPartial merge(EvalPartial other) {
        if (images != null) {
            images.merge(other.images);
        } else {
            pixels.add(other.pixels);
        }
        top5 += other.top5;
        errors.merge(other.errors);
        return this;
    }

    ConfusionMatrix images() {
        return images;
    }

    SegmentationMetrics pixels() {
        return pixels;
    }

    long top5() {
        return top5;
    }

    EvalErrors errors() {
        return errors;
    }
}
