package dev.hsresnet.search;

import dev.hsresnet.train.recipe.DataKind;
import java.util.List;
import java.util.Objects;

/**
 * A short training of candidates that gives their proxy accuracy: not their accuracy at the
 * target resolution after a full training, only a cheap ranking signal.
 *
 * @param kind the data kind ({@code cifar10-jpg}, {@code fashion-mnist}, {@code folder}, ...)
 * @param train the training data path (for {@code folder}: a folder of class folders; the
 *     validation split is taken from it)
 * @param count how many front candidates are trained (spread along the front), at least 1
 * @param epochs epochs per trial
 * @param limitPerClass training images per class (validation gets a quarter), or null for all
 * @param overrides further recipe overrides ({@code path=value}), applied last
 */
public record ProxyOptions(DataKind kind, String train, int count, int epochs,
        Integer limitPerClass, List<String> overrides) {

    /** Validates the values. */
    public ProxyOptions {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(train, "train");
        if (count < 1 || epochs < 1) {
            throw new IllegalArgumentException("proxy trials and epochs must be >= 1, got "
                    + count + " and " + epochs);
        }
        overrides = List.copyOf(overrides);
    }
}
