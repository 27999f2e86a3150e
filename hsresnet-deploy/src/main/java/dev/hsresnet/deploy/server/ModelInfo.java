package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.detection.FcosImageModel;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.segmentation.MaskPng;
import dev.hsresnet.deploy.segmentation.Segmenter;
import dev.hsresnet.vision.detection.DetectionComplexity;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.instance.InstanceComplexity;
import dev.hsresnet.vision.instance.InstanceDecoder;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.segmentation.SegmentationComplexity;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import java.util.function.Consumer;
import java.util.function.Supplier;


/** The body of {@code GET /v1/model}: what the served model is and what the server accepts. */
final class ModelInfo {

    private ModelInfo() {}

    /**
     * @return e.g. {@code {"name": "hs_resnet29_cifar", "task": "classification", "backend":
     *     "djl", "classes": 10, "labels": [...], "inputSize": 32, "channels": 3, "preprocessing":
     *     {...}, "params": ..., "gmacs": ..., "limits": {...}}}; {@code params} and {@code gmacs}
     *     come from the architecture (no network is built) and {@code labels} is null when the
     *     model has none
     */
    static String json(ModelConfig config, BackendKind backend, ServerOptions options) {
        Preprocessing p = config.preprocessing();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", config.name());
        o.put("task", config.taskName());
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
        limits(o, options).put("defaultTopK", options.defaultTopK())
                .put("maxTopK", options.maxTopK());
        return Json.write(o);
    }

    /**
     * @return e.g. {@code {"name": "camvid-fpn", "task": "segmentation", "backend": "djl",
     *     "classes": 11, "labels": ["Sky", ...], "channels": 3, "preprocessing": {"mean", "std"},
     *     "output": {...}, "params": ..., "gmacs": ..., "limits": {...}}}: images are used whole
     *     at their own size (no resize or crop), so there is no input size; {@code gmacs} is the
     *     cost at the nominal 360x480 and {@code output} says what {@code POST /v1/predict}
     *     answers
     */
    static String json(Segmenter segmenter, ServerOptions options) {
        ModelConfig config = segmenter.config();
        Preprocessing p = config.preprocessing();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", config.name());
        o.put("task", config.taskName());
        o.put("backend", segmenter.backendKind().id());
        o.put("classes", segmenter.numClasses());
        o.set("labels", Json.MAPPER.valueToTree(segmenter.classes()));
        o.put("channels", segmenter.channels());
        ObjectNode pre = o.putObject("preprocessing");
        pre.put("resize", "none (images are used whole, at their own size)");
        pre.set("mean", Json.MAPPER.valueToTree(p.mean()));
        pre.set("std", Json.MAPPER.valueToTree(p.std()));
        ObjectNode out = o.putObject("output");
        out.put("json", "{model, width, height, classes: [{index, name, pixels, fraction}]}");
        out.put("png", MaskPng.bitDepth(segmenter.numClasses()) + "-bit gray index mask "
                + "(?format=png or Accept: image/png)");
        try {
            SegmentationComplexity c = SegmentationComplexity.of(SegmentationTask.spec(config),
                    SegmentationModels.NOMINAL_SIZE, 480);
            o.put("params", c.params());
            o.put("gmacs", Math.round(c.gmacs() * 1e4) / 1e4);
            o.put("gmacsAt", SegmentationModels.NOMINAL_SIZE + "x480");
        } catch (IllegalArgumentException e) {
            // leave the cost out
        }
        limits(o, options);
        return Json.write(o);
    }

    /**
     * @return e.g. {@code {"name": "raccoon-fcos", "task": "detection", "backend": "djl",
     *     "classes": 1, "labels": ["raccoon"], "channels": 3, "preprocessing": {"minSize",
     *     "maxSize", "sizeDivisor", "mean", "std"}, "inference": {"scoreThreshold", "nmsIou",
     *     "topK", "maxDetections"}, "output": {...}, "params": ..., "gmacs": ..., "gmacsAt":
     *     "384x384", "limits": {...}}}: {@code gmacs} is the network's cost on a square input
     *     of the inference short side (decoding and NMS not counted)
     */
    static String json(Detector detector, ServerOptions options) {
        DetectionSpec spec = detector.spec();
        return fcos(detector, "{model, width, height, detections: [{label, classIndex, score, "
                + "box: {x1, y1, x2, y2}}]} in the image's pixels", o -> { },
                () -> {
                    DetectionComplexity c = DetectionComplexity.of(spec, spec.minSize(),
                            spec.minSize());
                    return new Cost(c.params(), c.gmacs());
                }, options);
    }

    /**
     * @return the detector's fields ({@link #json(Detector, ServerOptions)}) for an instance
     *     segmenter, with {@code "prototypes": k} and {@code inference.maskThreshold}; {@code
     *     output} names the masks' COCO RLE, {@code gmacs} counts the prototype branch too (not
     *     the mask assembly)
     */
    static String json(InstanceSegmenter segmenter, ServerOptions options) {
        InstanceSpec spec = segmenter.spec();
        int side = spec.detection().minSize();
        return fcos(segmenter, "{model, width, height, instances: [{label, classIndex, score, "
                + "box: {x1, y1, x2, y2}, mask: {size: [height, width], counts}}]} in the "
                + "image's pixels, masks as COCO compressed RLE", o -> {
                    o.put("prototypes", spec.prototypes());
                    ((ObjectNode) o.get("inference")).put("maskThreshold",
                            InstanceDecoder.MASK_THRESHOLD);
                }, () -> {
                    InstanceComplexity c = InstanceComplexity.of(spec, side, side);
                    return new Cost(c.params(), c.gmacs());
                }, options);
    }

    /**
     * A network's cost.
     *
     * @param params parameters
     * @param gmacs multiply-accumulates of one forward, billions
     */
    private record Cost(long params, double gmacs) {}

    private static String fcos(FcosImageModel<?, ?> model, String output,
            Consumer<ObjectNode> extra, Supplier<Cost> cost, ServerOptions options) {
        ModelConfig config = model.config();
        DetectionSpec spec = model.detectionSpec();
        Preprocessing p = config.preprocessing();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", config.name());
        o.put("task", config.taskName());
        o.put("backend", model.backendKind().id());
        o.put("classes", model.numClasses());
        o.set("labels", Json.MAPPER.valueToTree(model.classes()));
        o.put("channels", model.channels());
        ObjectNode pre = o.putObject("preprocessing");
        pre.put("minSize", spec.minSize());
        pre.put("maxSize", spec.maxSize());
        pre.put("sizeDivisor", FcosImageModel.SIZE_DIVISOR);
        pre.set("mean", Json.MAPPER.valueToTree(p.mean()));
        pre.set("std", Json.MAPPER.valueToTree(p.std()));
        ObjectNode inference = o.putObject("inference");
        inference.put("scoreThreshold", spec.scoreThreshold());
        inference.put("nmsIou", spec.nmsIou());
        inference.put("topK", spec.topK());
        inference.put("maxDetections", spec.maxDetections());
        o.putObject("output").put("json", output + " (?threshold=T in [0, 1) replaces "
                + "scoreThreshold)");
        extra.accept(o);
        try {
            Cost c = cost.get();
            o.put("params", c.params());
            o.put("gmacs", Math.round(c.gmacs() * 1e4) / 1e4);
            o.put("gmacsAt", spec.minSize() + "x" + spec.minSize());
        } catch (IllegalArgumentException e) {
            // leave the cost out
        }
        limits(o, options);
        return Json.write(o);
    }

    private static ObjectNode limits(ObjectNode o, ServerOptions options) {
        ObjectNode limits = o.putObject("limits");
        limits.put("maxBodyBytes", options.maxBodyBytes());
        limits.put("maxImagePixels", options.maxImagePixels());
        limits.put("maxImagesPerRequest", options.maxImagesPerRequest());
        limits.put("maxBatch", options.maxBatch());
        limits.put("requestTimeoutMs", options.requestTimeout().toMillis());
        limits.put("headerTimeoutMs", options.headerTimeout().toMillis());
        limits.put("bodyTimeoutMs", options.bodyTimeout().toMillis());
        limits.put("idleTimeoutMs", options.idleTimeout().toMillis());
        limits.put("maxConnections", options.maxConnections());
        return limits;
    }
}
