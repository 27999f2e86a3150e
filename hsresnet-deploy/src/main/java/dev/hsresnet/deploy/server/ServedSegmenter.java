package dev.hsresnet.deploy.server;

import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.segmentation.SegmentationResult;
import dev.hsresnet.deploy.segmentation.Segmenter;
import java.util.Map;

/**
 * A segmentation model served: {@link SegmentEndpoint} and {@link ModelInfo}. The batcher
 * stacks only images of the same height and width, and at most {@link
 * ServerOptions#maxImagePixels()} pixels in one call, so that a batch never costs more memory
 * than the largest image accepted.
 */
final class ServedSegmenter extends ServedImageModel<Image, SegmentationResult> {

    private final Segmenter segmenter;
    private final ServerOptions options;

    ServedSegmenter(Segmenter segmenter, ServerOptions options, Batcher.Observer observer) {
        super(segmenter.config(), segmenter::backendKind, segmenter::setMaxPixels,
                batcher(segmenter, options, observer));
        this.segmenter = segmenter;
        this.options = options;
    }

    private static Batcher<Image, SegmentationResult> batcher(Segmenter segmenter,
            ServerOptions options, Batcher.Observer observer) {
        long maxPixels = options.maxImagePixels();
        return new Batcher<>(segmenter::predict, (first, size, next) ->
                next.height() == first.height() && next.width() == first.width()
                        && (size + 1L) * first.height() * first.width() <= maxPixels,
                options.maxBatch(), options.batchWindow(), options.queueCapacity(),
                options.inferenceThreads(), observer);
    }

    @Override
    public Map<String, Router.Route> routes(DecodeBudget budget) {
        String model = ModelInfo.json(segmenter, options);
        return Map.of(
                "/v1/predict", new Router.Route("POST",
                        new SegmentEndpoint(segmenter, batcher(), budget, options), true),
                "/v1/model", new Router.Route("GET", call -> call.json(200, model), false));
    }

    @Override
    public String endpoints() {
        return "POST /v1/predict[?format=json|png], GET /v1/model, GET /health, GET /metrics";
    }
}
