package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.BackendKind;


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
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", config.name());
        o.put("backend", backend.id());
        o.put("classes", config.architecture().numClasses());
        o.set("labels", Json.MAPPER.valueToTree(config.labels()));
        o.put("inputSize", config.inputSize());
        o.put("channels", config.architecture().inChannels());
        ObjectNode pre = o.putObject("preprocessing");
        pre.put("size", p.size());
        pre.put("resizeSize", p.resizeSize());
        pre.put("cropPct", p.cropPct());
        pre.put("interpolation", p.interpolation());
        pre.set("mean", Json.MAPPER.valueToTree(p.mean()));
        pre.set("std", Json.MAPPER.valueToTree(p.std()));
        try {
            Complexity c = Complexity.of(config.architecture(), config.inputSize());
            o.put("params", c.params());
            o.put("gmacs", Math.round(c.gmacs() * 1e4) / 1e4);
        } catch (IllegalArgumentException e) {
            // an input too small for the architecture's strides: leave the cost out
        }
        ObjectNode limits = o.putObject("limits");
        limits.put("maxBodyBytes", options.maxBodyBytes());
        limits.put("maxImagePixels", options.maxImagePixels());
        limits.put("maxImagesPerRequest", options.maxImagesPerRequest());
        limits.put("maxBatch", options.maxBatch());
        limits.put("defaultTopK", options.defaultTopK());
        limits.put("maxTopK", options.maxTopK());
        limits.put("requestTimeoutMs", options.requestTimeout().toMillis());
        limits.put("headerTimeoutMs", options.headerTimeout().toMillis());
        limits.put("bodyTimeoutMs", options.bodyTimeout().toMillis());
        limits.put("idleTimeoutMs", options.idleTimeout().toMillis());
        limits.put("maxConnections", options.maxConnections());
        return Json.write(o);
    }
}
