package dev.hsresnet.deploy.server;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.deploy.BackendKind;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * What the dense-task served models share (segmentation, detection): name and task from the
 * configuration, the backend, the pixel limit handed to the model's decoding, the batcher, and no
 * {@code /v2} protocol (its tensors are a classifier's fixed-size input and probabilities). A
 * subclass adds its {@code /v1} routes and their description.
 *
 * @param <I> what waits in the queue
 * @param <R> what the network gives back for it
 */
abstract class ServedImageModel<I, R> implements ServedModel {

    private final ModelConfig config;
    private final Supplier<BackendKind> backend;
    private final LongConsumer limitPixels;
    private final Batcher<I, R> batcher;

    /**
     * @param config the model's configuration
     * @param backend the backend running the network
     * @param limitPixels applies the server's pixel limit to the model's decoding
     * @param batcher the inference queue
     */
    ServedImageModel(ModelConfig config, Supplier<BackendKind> backend, LongConsumer limitPixels,
            Batcher<I, R> batcher) {
        this.config = config;
        this.backend = backend;
        this.limitPixels = limitPixels;
        this.batcher = batcher;
    }

    @Override
    public final String name() {
        return config.name();
    }

    @Override
    public final String task() {
        return config.taskName();
    }

    @Override
    public final BackendKind backendKind() {
        return backend.get();
    }

    @Override
    public final void limitPixels(long maxPixels) {
        limitPixels.accept(maxPixels);
    }

    @Override
    public final Batcher<I, R> batcher() {
        return batcher;
    }

    @Override
    public final Function<String, Router.Route> v2(BooleanSupplier ready) {
        return null;
    }
}
