package dev.hsresnet.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Views of a dataset: index subsets, stratified train/validation splits, first N per class. */
public final class Splits {

    private Splits() {}

    /**
     * A train/validation pair of views of one dataset.
     *
     * @param train the training part
     * @param val the validation part
     */
    public record Split(Dataset train, Dataset val) {}

    /**
     * A view of some samples of a dataset. Index {@code i} of the view is {@code
     * indices[i]} of the base; the class list is the base's. The array is copied; repeats are
     * allowed.
     *
     * @param base the dataset
     * @param indices base indices, each in {@code [0, base.size())}
     * @return the view
     * @throws IllegalArgumentException if an index is out of range
     */
    public static Dataset subset(Dataset base, int[] indices) {
        int[] copy = indices.clone();
        for (int i : copy) {
            if (i < 0 || i >= base.size()) {
                throw new IllegalArgumentException(
                        "subset index " + i + " outside 0.." + (base.size() - 1));
            }
        }
        return new Subset(base, copy);
    }

    /**
     * Splits each class separately: the class's indices are shuffled with a generator seeded from
     * {@code seed}, the first {@code round(count * valFraction)} go to validation, the rest to
     * training; both views list their indices in ascending base order. Deterministic for a given
     * (dataset labels, valFraction, seed).
     *
     * @param base the dataset
     * @param valFraction fraction of each class for validation, in (0, 1)
     * @param seed shuffle seed
     * @return train and validation views, disjoint, together covering the dataset
     * @throws IllegalArgumentException if {@code valFraction} is not in (0, 1)
     */
    public static Split split(Dataset base, double valFraction, long seed) {
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be in (0, 1), got " + valFraction);
        }
        List<List<Integer>> byClass = byClass(base);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            Permutations.shuffle(idx, rng);
            int nVal = (int) Math.round(idx.length * valFraction);
            for (int i = 0; i < idx.length; i++) {
                (i < nVal ? val : train).add(idx[i]);
            }
        }
        return new Split(subset(base, sorted(train)), subset(base, sorted(val)));
    }

    /**
     * The first {@code n} samples (in index order) of every class, for small demos; a class with
     * fewer samples contributes all of them.
     *
     * @param base the dataset
     * @param n samples per class, at least 1
     * @return a view in ascending base index order
     */
    public static Dataset firstPerClass(Dataset base, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        List<Integer> keep = new ArrayList<>();
        for (List<Integer> members : byClass(base)) {
            keep.addAll(members.subList(0, Math.min(n, members.size())));
        }
        return subset(base, sorted(keep));
    }

    private static List<List<Integer>> byClass(Dataset base) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < base.classes().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < base.size(); i++) {
            int label = base.label(i);
            if (label < 0 || label >= byClass.size()) {
                throw new IllegalStateException(
                        "label " + label + " of " + base.describe(i) + " outside the class list");
            }
            byClass.get(label).add(i);
        }
        return byClass;
    }

    private static int[] sorted(List<Integer> list) {
        int[] a = list.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static final class Subset implements Dataset {
        private final Dataset base;
        private final int[] indices;

        Subset(Dataset base, int[] indices) {
            this.base = base;
            this.indices = indices;
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public List<String> classes() {
            return base.classes();
        }

        @Override
        public int label(int index) {
            return base.label(indices[index]);
        }

        @Override
        public String describe(int index) {
            return base.describe(indices[index]);
        }

        @Override
        public Image load(int index) throws IOException {
            return base.load(indices[index]);
        }
    }
}
