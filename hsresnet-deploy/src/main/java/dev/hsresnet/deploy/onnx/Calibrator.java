package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hsresnet.deploy.ImagePreprocessor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the float32 model on the calibration images in ONNX Runtime, with every activation to
 * quantize made a graph output, and records each one's range (min-max calibration, ONNX Runtime's
 * default for static quantization).
 */
final class Calibrator {

    /** Batches are sized so that all activations of one batch stay near this many floats. */
    private static final long ACTIVATION_BUDGET = 50_000_000L;

    private Calibrator() {}

    /**
     * @param ranges each recorded value's range
     * @param images the images that were read (the others were skipped)
     */
    record Result(Map<String, ValueRange> ranges, int images) {}

    /**
     * @param calibrationModel the float32 model with {@code values} (but the input) as extra
     *     outputs
     * @param values the activations to record, the graph input first
     * @param pre the model's preprocessing
     * @param images the calibration images
     * @param progress receives a line per batch and per skipped image
     * @return each value's range and the number of images read
     * @throws IOException when no image could be read, or ONNX Runtime fails
     */
    static Result ranges(byte[] calibrationModel, List<String> values,
            ImagePreprocessor pre, CalibrationImages images, Consumer<String> progress)
            throws IOException {
        String input = values.get(0);
        Set<String> outputs = new LinkedHashSet<>(values.subList(1, values.size()));
        int batch = 1; // the first batch measures the activations' size, which sizes the rest
        Map<String, ValueRange> ranges = new HashMap<>();
        for (String v : values) {
            ranges.put(v, ValueRange.EMPTY);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int used = 0;
        List<String> skipped = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            try (OrtSession session = env.createSession(calibrationModel, options)) {
                int total = images.files().size();
                for (int from = 0, to; from < total; from = to) {
                    to = Math.min(total, from + batch);
                    List<float[]> pixels = images.load(pre, from, to, why -> {
                        skipped.add(why);
                        progress.accept("calibration: skipped " + why);
                    });
                    if (pixels.isEmpty()) {
                        continue;
                    }
                    long floats = run(env, session, input, outputs, pre, pixels, ranges);
                    if (used == 0) {
                        batch = (int) Math.max(1, Math.min(32,
                                ACTIVATION_BUDGET * pixels.size() / Math.max(1, floats)));
                    }
                    used += pixels.size();
                    progress.accept("calibration: " + to + "/" + total + " images");
                }
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime failed during calibration: " + e.getMessage(), e);
        }
        if (used == 0) {
            throw new IOException("calibration folder " + images.folder() + ": none of its "
                    + images.files().size() + " images could be read (first: " + skipped.get(0)
                    + ")");
        }
        return new Result(ranges, used);
    }

    /** @return the number of activation floats recorded */
    private static long run(OrtEnvironment env, OrtSession session, String input,
            Set<String> outputs, ImagePreprocessor pre, List<float[]> pixels,
            Map<String, ValueRange> ranges) throws OrtException {
        int len = pre.imageLength();
        float[] flat = new float[pixels.size() * len];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, flat, i * len, len);
        }
        FloatBuffer in = FloatBuffer.wrap(flat);
        ranges.put(input, ranges.get(input).include(in, 0, flat.length));
        long[] shape = {pixels.size(), pre.channels(), pre.size(), pre.size()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor), outputs)) {
            long floats = 0;
            for (Map.Entry<String, OnnxValue> e : result) {
                FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                ranges.put(e.getKey(), ranges.get(e.getKey())
                        .include(values, 0, values.limit()));
                floats += values.limit();
            }
            return floats;
        }
    }
}
