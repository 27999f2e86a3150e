package dev.hsresnet.train.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where the training images come from. */
public enum DataKind implements Keyed {
    /** An image folder tree: one sub-folder per class. */
    FOLDER("folder"),
    /** The CIFAR-10 binary batches. */
    CIFAR10("cifar10"),
    /** CIFAR-10 exported as JPEG files in class folders. */
    CIFAR10_JPG("cifar10-jpg"),
    /** Fashion-MNIST IDX files. */
    FASHION_MNIST("fashion-mnist");

    private final String key;

    DataKind(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /**
     * @param key recipe spelling
     * @return the constant
     * @throws RecipeException for an unknown spelling, listing the accepted ones
     */
    @JsonCreator
    public static DataKind of(String key) {
        return Keyed.parse(DataKind.class, key);
    }

    @Override
    public String toString() {
        return key;
    }
}
