package dev.hsresnet.bench;

import dev.hsresnet.core.models.Models;
import java.util.Objects;

/**
 * One thing to time: a registered network, on one path, in one mode, at one batch size.
 *
 * @param model registry name
 * @param path the implementation
 * @param mode inference or training step
 * @param batch images per step, at least 1
 * @param size input height and width in pixels
 */
public record BenchCase(String model, BenchPath path, Mode mode, int batch, int size) {

    /**
     * Validates the case.
     *
     * @throws IllegalArgumentException for an unknown model, a path that cannot run the mode, or
     *     a batch or size below 1
     */
    public BenchCase {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Models.get(model);
        if (!path.supports(mode)) {
            throw new IllegalArgumentException(path.id() + " cannot run " + mode.id() + " steps");
        }
        if (batch < 1 || size < 1) {
            throw new IllegalArgumentException("batch and size must be >= 1, got " + batch + " and "
                    + size);
        }
    }

    /** @return the same case on another path */
    public BenchCase on(BenchPath other) {
        return new BenchCase(model, other, mode, batch, size);
    }

    /** @return {@code model/path/mode/batch}, for messages */
    @Override
    public String toString() {
        return model + "/" + path.id() + "/" + mode.id() + "/b" + batch;
    }
}
