package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.BackendKind;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What a {@link Server} serves, whatever the model's task: its name and backend, the batcher
 * that runs its network, and its routes beside {@code /health} and {@code /metrics}. A classifier
 * ({@link ServedClassifier}), a segmenter ({@link ServedSegmenter}), or a detector or instance
 * segmenter ({@link ServedFcosModel}).
 */
interface ServedModel {

    /** @return the model's name */
    String name();

    /**
     * @return the model's task ({@code classification}, {@code segmentation}, {@code
     *     detection}, {@code instance})
     */
    String task();

    /** @return the backend running the network */
    BackendKind backendKind();

    /** Applies the server's pixel limit to the model's decoding. */
    void limitPixels(long maxPixels);

    /** @return the inference queue, started and closed by the server */
    Batcher<?, ?> batcher();

    /**
     * @param budget the server's decoding budget
     * @return {@code POST /v1/predict} and {@code GET /v1/model}
     */
    Map<String, Router.Route> routes(DecodeBudget budget);

    /**
     * @param ready whether the server takes requests
     * @return what resolves the {@code /v2} paths, or null when the model has none
     */
    Function<String, Router.Route> v2(BooleanSupplier ready);

    /** @return the endpoints served, for the answer to an unknown path */
    String endpoints();
}
