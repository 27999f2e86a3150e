package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.detection.DetectionInput;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.Detector;
import java.util.Map;

/**
 * A detection model served: {@link DetectEndpoint} and {@link ModelInfo}. Images are resized to
 * the model's inference size before they are queued, so the batcher stacks those of one padded
 * size asked for with one score threshold; a batch is bounded by {@link
 * ServerOptions#maxBatch()} alone.
 */
final class ServedDetector extends ServedImageModel<ServedDetector.Queued, DetectionResult> {

    /**
     * One image waiting for the network.
     *
     * @param input the prepared image
     * @param threshold the request's score threshold
     */
    record Queued(DetectionInput input, double threshold) {}

    private final Detector detector;
    private final ServerOptions options;

    ServedDetector(Detector detector, ServerOptions options, Batcher.Observer observer) {
        super(detector.config(), detector::backendKind, detector::setMaxPixels, new Batcher<>(
                inputs -> detector.predict(inputs.stream().map(Queued::input).toList(),
                        inputs.get(0).threshold()),
                (first, size, next) -> next.input().sameShape(first.input())
                        && next.threshold() == first.threshold(),
                options.maxBatch(), options.batchWindow(), options.queueCapacity(),
                options.inferenceThreads(), observer));
        this.detector = detector;
        this.options = options;
    }

    @Override
    public Map<String, Router.Route> routes(DecodeBudget budget) {
        String model = ModelInfo.json(detector, options);
        return Map.of(
                "/v1/predict", new Router.Route("POST",
                        new DetectEndpoint(detector, batcher(), budget, options), true),
                "/v1/model", new Router.Route("GET", call -> call.json(200, model), false));
    }

    @Override
    public String endpoints() {
        return "POST /v1/predict[?threshold=T], GET /v1/model, GET /health, GET /metrics";
    }
}
