package dev.hsresnet.core.models;

import dev.hsresnet.core.spec.ResNetSpec;

/**
 * A named model of the registry with the defaults that travel with it.
 *
 * @param name the registry name, e.g. {@code hs_resnet50}
 * @param family {@code imagenet} (224x224, four stages) or {@code cifar} (32x32, three stages)
 * @param description one line: what the model is
 * @param spec the architecture at its default classes and channels
 * @param preprocessing the default input pipeline (its size is the default input size)
 * @param twin the registry name of the model with the same depths and the other kind of 3x3
 *     stage (the HS model's plain twin, or the plain model's HS twin); {@code null} if none
 */
public record ModelEntry(
        String name,
        String family,
        String description,
        ResNetSpec spec,
        Preprocessing preprocessing,
        String twin) {

    /** @return the default input height and width in pixels */
    public int inputSize() {
        return preprocessing.size();
    }

    /** @return whether any stage uses the HS block */
    public boolean usesHs() {
        return spec.hasHsStages();
    }
}
