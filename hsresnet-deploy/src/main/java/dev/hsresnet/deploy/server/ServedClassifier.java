package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** A classifier served: {@link PredictEndpoint}, {@link ModelInfo} and {@link V2Endpoints}. */
final class ServedClassifier implements ServedModel {

    private final Classifier classifier;
    private final ServerOptions options;
    private final Batcher<ClassifierRunner.Input, List<Prediction>> batcher;

    ServedClassifier(Classifier classifier, ServerOptions options, Batcher.Observer observer) {
        this.classifier = classifier;
        this.options = options;
        this.batcher = ClassifierRunner.batcher(classifier, options, observer);
    }

    @Override
    public String name() {
        return classifier.config().name();
    }

    @Override
    public String task() {
        return classifier.config().taskName();
    }

    @Override
    public BackendKind backendKind() {
        return classifier.backendKind();
    }

    @Override
    public void limitPixels(long maxPixels) {
        classifier.setMaxPixels(maxPixels);
    }

    @Override
    public Batcher<?, ?> batcher() {
        return batcher;
    }

    @Override
    public Map<String, Router.Route> routes(DecodeBudget budget) {
        String model = ModelInfo.json(classifier.config(), classifier.backendKind(), options);
        return Map.of(
                "/v1/predict", new Router.Route("POST",
                        new PredictEndpoint(classifier, batcher, budget, options), true),
                "/v1/model", new Router.Route("GET", call -> call.json(200, model), false));
    }

    @Override
    public Function<String, Router.Route> v2(BooleanSupplier ready) {
        return new V2Endpoints(classifier, batcher, options, ready)::route;
    }

    @Override
    public String endpoints() {
        return "POST /v1/predict, GET /v1/model, GET /health, GET /metrics, GET /v2, "
                + "GET /v2/health/live|ready, GET /v2/models/{name}[/ready], "
                + "POST /v2/models/{name}/infer";
    }
}
