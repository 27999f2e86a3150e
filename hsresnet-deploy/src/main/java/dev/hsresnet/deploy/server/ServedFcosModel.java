package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.deploy.detection.DetectionInput;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.detection.FcosImageModel;
import dev.hsresnet.deploy.instance.InstanceJson;
import dev.hsresnet.deploy.instance.InstanceResult;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import java.util.Map;
import java.util.function.Function;

/**
 * A model of the FCOS family served (a detector, an instance segmenter): {@link DetectEndpoint}
 * and {@link ModelInfo}. Images are resized to the model's inference size before they are
 * queued, so the batcher stacks those of one padded size asked for with one score threshold; a
 * batch is bounded by {@link ServerOptions#maxBatch()} alone.
 *
 * @param <R> the result of one image
 */
final class ServedFcosModel<R> extends ServedImageModel<ServedFcosModel.Queued, R> {

    /**
     * One image waiting for the network.
     *
     * @param input the prepared image
     * @param threshold the request's score threshold
     */
    record Queued(DetectionInput input, double threshold) {}

    private final FcosImageModel<?, R> model;
    private final Function<R, ObjectNode> json;
    private final String info;
    private final ServerOptions options;

    private ServedFcosModel(FcosImageModel<?, R> model, Function<R, ObjectNode> json, String info,
            ServerOptions options, Batcher.Observer observer) {
        super(model.config(), model::backendKind, model::setMaxPixels, new Batcher<>(
                inputs -> model.predict(inputs.stream().map(Queued::input).toList(),
                        inputs.get(0).threshold()),
                (first, size, next) -> next.input().sameShape(first.input())
                        && next.threshold() == first.threshold(),
                options.maxBatch(), options.batchWindow(), options.queueCapacity(),
                options.inferenceThreads(), observer));
        this.model = model;
        this.json = json;
        this.info = info;
        this.options = options;
    }

    /** @return a detector served: answers in {@link DetectionJson}'s form */
    static ServedFcosModel<DetectionResult> of(Detector detector, ServerOptions options,
            Batcher.Observer observer) {
        return new ServedFcosModel<>(detector, DetectionJson::toJson,
                ModelInfo.json(detector, options), options, observer);
    }

    /** @return an instance segmenter served: answers in {@link InstanceJson}'s form */
    static ServedFcosModel<InstanceResult> of(InstanceSegmenter segmenter,
            ServerOptions options, Batcher.Observer observer) {
        return new ServedFcosModel<>(segmenter, InstanceJson::toJson,
                ModelInfo.json(segmenter, options), options, observer);
    }

    @Override
    public Map<String, Router.Route> routes(DecodeBudget budget) {
        return Map.of(
                "/v1/predict", new Router.Route("POST",
                        new DetectEndpoint<>(model, json, batcher(), budget, options), true),
                "/v1/model", new Router.Route("GET", call -> call.json(200, info), false));
    }

    @Override
    public String endpoints() {
        return "POST /v1/predict[?threshold=T], GET /v1/model, GET /health, GET /metrics";
    }
}
