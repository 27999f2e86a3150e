package dev.hsresnet.vision.detection.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * pycocotools' 12 bounding-box {@code stats}, in its order. Each is a fraction in [0, 1], or -1
 * when no category has a counted ground truth for that setting. AP is the mean interpolated
 * precision, AR the mean recall; over IoU 0.50:0.95 unless named, area all and 100 detections an
 * image unless named.
 *
 * @param ap AP, IoU 0.50:0.95
 * @param ap50 AP at IoU 0.5
 * @param ap75 AP at IoU 0.75
 * @param apSmall AP, areas up to 32^2 square pixels
 * @param apMedium AP, areas 32^2 to 96^2
 * @param apLarge AP, areas from 96^2
 * @param ar1 AR, 1 detection an image
 * @param ar10 AR, 10 detections an image
 * @param ar100 AR, 100 detections an image
 * @param arSmall AR, small areas
 * @param arMedium AR, medium areas
 * @param arLarge AR, large areas
 */
public record CocoSummary(double ap, double ap50, double ap75, double apSmall, double apMedium,
        double apLarge, double ar1, double ar10, double ar100, double arSmall, double arMedium,
        double arLarge) {

    /** @return the 12 values in pycocotools' {@code stats} order */
    public double[] toArray() {
        return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100,
            arSmall, arMedium, arLarge};
    }

    /**
     * @return the 12 lines {@code summarize()} prints, e.g. {@code " Average Precision  (AP) @[
     *     IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.300"}, values rounded half-even on the
     *     exact double as Python's {@code {:0.3f}} rounds
     */
    public String format() {
        double[] v = toArray();
        String[] iou = {"0.50:0.95", "0.50", "0.75", "0.50:0.95", "0.50:0.95", "0.50:0.95",
            "0.50:0.95", "0.50:0.95", "0.50:0.95", "0.50:0.95", "0.50:0.95", "0.50:0.95"};
        String[] area = {"all", "all", "all", "small", "medium", "large",
            "all", "all", "all", "small", "medium", "large"};
        int[] maxDets = {100, 100, 100, 100, 100, 100, 1, 10, 100, 100, 100, 100};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            boolean isAp = i < 6;
            out.append(String.format(Locale.ROOT,
                    " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
                    isAp ? "Average Precision" : "Average Recall", isAp ? "(AP)" : "(AR)",
                    iou[i], area[i], maxDets[i], threeDecimals(v[i])));
            out.append('\n');
        }
        return out.toString();
    }

    /** Python's {@code '{:0.3f}'.format(value)} for a finite value. */
    static String threeDecimals(double value) {
        return new BigDecimal(value).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
