package dev.hsresnet.deploy.server;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.BackendKind;
import java.util.Locale;

/** The body of {@code GET /v1/model}: what the served model is and what the server accepts. */
final class ModelInfo {

    private ModelInfo() {}

    /**
     * @return e.g. {@code {"name": "hs_resnet29_cifar", "backend": "djl", "classes": 10,
     *     "labels": [...], "inputSize": 32, "channels": 3, "preprocessing": {...}, "params": ...,
     *     "gmacs": ..., "limits": {...}}}; {@code params} and {@code gmacs} come from the
     *     architecture (no network is built) and {@code labels} is null when the model has none
     */
    static String json(ModelConfig config, BackendKind backend, ServerOptions options) {
        Preprocessing p = config.preprocessing();
        StringBuilder b = new StringBuilder("{");
        b.append("\"name\":").append(Json.quote(config.name()));
        b.append(",\"backend\":").append(Json.quote(backend.id()));
        b.append(",\"classes\":").append(config.architecture().numClasses());
        b.append(",\"labels\":").append(Json.strings(config.labels()));
        b.append(",\"inputSize\":").append(config.inputSize());
        b.append(",\"channels\":").append(config.architecture().inChannels());
        b.append(",\"preprocessing\":{\"size\":").append(p.size())
                .append(",\"resizeSize\":").append(p.resizeSize())
                .append(",\"cropPct\":").append(Json.number(p.cropPct()))
                .append(",\"interpolation\":").append(Json.quote(p.interpolation()))
                .append(",\"mean\":").append(Json.numbers(p.mean()))
                .append(",\"std\":").append(Json.numbers(p.std())).append('}');
        try {
            Complexity c = Complexity.of(config.architecture(), config.inputSize());
            b.append(",\"params\":").append(c.params());
            b.append(",\"gmacs\":").append(String.format(Locale.ROOT, "%.4f", c.gmacs()));
        } catch (IllegalArgumentException e) {
            // an input too small for the architecture's strides: leave the cost out
        }
        b.append(",\"limits\":{\"maxBodyBytes\":").append(options.maxBodyBytes())
                .append(",\"maxImagePixels\":").append(options.maxImagePixels())
                .append(",\"maxBatch\":").append(options.maxBatch())
                .append(",\"defaultTopK\":").append(options.defaultTopK())
                .append(",\"maxTopK\":").append(options.maxTopK())
                .append(",\"requestTimeoutMs\":").append(options.requestTimeout().toMillis())
                .append('}');
        return b.append('}').toString();
    }
}
