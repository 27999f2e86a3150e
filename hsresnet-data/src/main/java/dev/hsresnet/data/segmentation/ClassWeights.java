package dev.hsresnet.data.segmentation;

import java.util.Arrays;

/** Class weights for the per-pixel loss of unbalanced segmentation datasets. */
public final class ClassWeights {

    private ClassWeights() {}

    /**
     * SegNet's median-frequency balancing (Eigen and Fergus, 2015; Badrinarayanan et al., 2017):
     * {@code freq(c) = classPixels[c] / classImagePixels[c]}, the share of class {@code c} in the
     * images where it is present; {@code weight(c) = median(freq) / freq(c)}, the median taken
     * over the classes present (the mean of the two middle values for an even count, as numpy
     * does). A class never present ({@code classPixels[c] == 0}) gets weight 0, and does not
     * enter the median. Rare classes get weights above 1, frequent ones below 1; the class at the
     * median gets exactly 1. Computed in {@code double}.
     *
     * <p>The counts come from {@link SegmentationDataset#validateAll}.
     *
     * @param classPixels per class, its pixels over the dataset
     * @param classImagePixels per class, the total pixels of the images holding that class
     * @return one weight per class, for {@code SegmentationLoss}
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, a count is
     *     negative, a class has more pixels than the images holding it, or no class has any pixel
     */
    public static float[] medianFrequency(long[] classPixels, long[] classImagePixels) {
        int n = classPixels.length;
        if (n == 0 || classImagePixels.length != n) {
            throw new IllegalArgumentException("need one count per class in both arrays, got "
                    + n + " and " + classImagePixels.length);
        }
        double[] freq = new double[n];
        double[] present = new double[n];
        int count = 0;
        for (int c = 0; c < n; c++) {
            long p = classPixels[c];
            long total = classImagePixels[c];
            if (p < 0 || total < 0) {
                throw new IllegalArgumentException(
                        "negative count for class " + c + ": " + p + " of " + total);
            }
            if (p > total) {
                throw new IllegalArgumentException("class " + c + " has " + p
                        + " pixels, more than the " + total + " pixels of the images holding it");
            }
            if (p > 0) {
                freq[c] = (double) p / total;
                present[count++] = freq[c];
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException(
                    "no class has any pixel (" + n + " classes); cannot balance");
        }
        double[] sorted = Arrays.copyOf(present, count);
        Arrays.sort(sorted);
        double median = count % 2 == 1
                ? sorted[count / 2]
                : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
        float[] weights = new float[n];
        for (int c = 0; c < n; c++) {
            weights[c] = freq[c] > 0 ? (float) (median / freq[c]) : 0f;
        }
        return weights;
    }
}
