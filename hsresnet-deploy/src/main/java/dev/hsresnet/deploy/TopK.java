package dev.hsresnet.deploy;

import java.util.ArrayList;
import java.util.List;

/** Softmax and top-k selection over one row of logits. */
final class TopK {

    private TopK() {}

    /**
     * @param logits one image's logits
     * @param k how many classes to return (clamped to the number of classes)
     * @param labels class names, or null for {@code class_<i>}
     * @return the {@code k} most probable classes, most probable first; ties keep index order
     */
    static List<Prediction> of(float[] logits, int k, List<String> labels) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        int take = Math.min(k, logits.length);
        boolean[] used = new boolean[logits.length];
        List<Prediction> out = new ArrayList<>(take);
        for (int r = 0; r < take; r++) {
            int best = -1;
            for (int i = 0; i < p.length; i++) {
                if (!used[i] && (best < 0 || p[i] > p[best])) {
                    best = i;
                }
            }
            used[best] = true;
            out.add(new Prediction(best, label(labels, best), p[best] / sum));
        }
        return out;
    }

    static String label(List<String> labels, int index) {
        return labels == null ? "class_" + index : labels.get(index);
    }
}
