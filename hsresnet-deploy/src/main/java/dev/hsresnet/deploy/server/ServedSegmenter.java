package dev.hsresnet.deploy.server;

import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.segmentation.SegmentationResult;
import dev.hsresnet.deploy.segmentation.Segmenter;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A segmentation model served: {@link SegmentEndpoint} and {@link ModelInfo}; no {@code /v2}
 * protocol (its tensors are a classifier's fixed-size input and probabilities). The batcher
 * stacks only images of the same height and width, and at most {@link
 * ServerOptions#maxImagePixels()} pixels in one call, so that a batch never costs more memory
 * than the largest image accepted.
 */
final class ServedSegmenter implements ServedModel {

    private final Segmenter segmenter;
    private final ServerOptions options;
    private final Batcher<Image, SegmentationResult> batcher;

    ServedSegmenter(Segmenter segmenter, ServerOptions options, Batcher.Observer observer) {
        this.segmenter = segmenter;
        this.options = options;
        long maxPixels = options.maxImagePixels();
        this.batcher = new Batcher<>(segmenter::predict, (first, size, next) ->
                next.height() == first.height() && next.width() == first.width()
                        && (size + 1L) * first.height() * first.width() <= maxPixels,
                options.maxBatch(), options.batchWindow(), options.queueCapacity(),
                options.inferenceThreads(), observer);
    }

    @Override
    public String name() {
        return segmenter.config().name();
    }

    @Override
    public String task() {
        return segmenter.config().taskName();
    }

    @Override
    public BackendKind backendKind() {
        return segmenter.backendKind();
    }

    @Override
    public void limitPixels(long maxPixels) {
        segmenter.setMaxPixels(maxPixels);
    }

    @Override
    public Batcher<?, ?> batcher() {
        return batcher;
    }

    @Override
    public Map<String, Router.Route> routes(DecodeBudget budget) {
        String model = ModelInfo.json(segmenter, options);
        return Map.of(
                "/v1/predict", new Router.Route("POST",
                        new SegmentEndpoint(segmenter, batcher, budget, options), true),
                "/v1/model", new Router.Route("GET", call -> call.json(200, model), false));
    }

    @Override
    public Function<String, Router.Route> v2(BooleanSupplier ready) {
        return null;
    }

    @Override
    public String endpoints() {
        return "POST /v1/predict[?format=json|png], GET /v1/model, GET /health, GET /metrics";
    }
}
