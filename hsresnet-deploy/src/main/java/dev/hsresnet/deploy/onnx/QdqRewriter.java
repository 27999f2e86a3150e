package dev.hsresnet.deploy.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float32 graph whose BatchNorms are folded into its convolutions into ONNX's QDQ form
 * of static int8 quantization, the form ONNX Runtime fuses into integer kernels
 * ({@code QLinearConv}, {@code QLinearAdd}, {@code QLinearConcat}, int8 Split and MaxPool).
 *
 * <ul>
 *   <li>Every activation read by a Conv, Add, Concat, Split, MaxPool or AveragePool goes through
 *       one {@code QuantizeLinear -> DequantizeLinear} pair: uint8, one scale and zero point per
 *       tensor, from its calibrated range.
 *   <li>Conv weights become int8 initializers, symmetric, one scale per output channel
 *       ({@code DequantizeLinear} on axis 0); biases int32 with scale {@code input scale x weight
 *       scale}, as QLinearConv needs them.
 *   <li>A Relu after a Conv or Add whose every reader is quantized is removed: uint8 with zero
 *       point 0 clamps at 0, which is the Relu (ONNX Runtime's quantizer does the same).
 *   <li>The outputs of Split and MaxPool keep their input's parameters (ONNX Runtime runs them on
 *       int8 only then).
 *   <li>The classifier head (GlobalAveragePool, Flatten, Gemm) stays float32: it is a few
 *       thousand multiply-adds and holds the logits' precision.
 * </ul>
 */
final class QdqRewriter {

    /** Operators whose activation inputs are read quantized. */
    private static final Set<String> QUANTIZED_READERS = Set.of("Conv", "Add", "Concat", "Split",
            "MaxPool", "AveragePool");
    /** Operators whose outputs share their first input's quantization. */
    private static final Set<String> SHARED_PARAMS = Set.of("Split", "MaxPool");
    /** Producers into which a following Relu folds. */
    private static final Set<String> RELU_FOLDS_INTO = Set.of("Conv", "Add");

    private final GraphBuilder src;
    private final Map<String, ValueRange> ranges;
    private final int weightMax;
    private final GraphBuilder out;
    private final Map<String, List<Read>> readers = new HashMap<>();
    private final Map<String, OnnxNode> producers = new HashMap<>();
    /** Values that get a Q/DQ pair, by the name of the value that is quantized. */
    private final Map<String, QuantParams> params = new LinkedHashMap<>();
    /** A removed Relu's output, mapped to its producer's output that now stands for it. */
    private final Map<String, String> folded = new HashMap<>();
    private final Set<String> quantizedReads = new LinkedHashSet<>();
    /** Per-output-channel weight scales, by weight name: the weight and its bias need them. */
    private final Map<String, float[]> weightScales = new HashMap<>();

    /** One input slot of a node. */
    private record Read(OnnxNode node, int index) {}

    private QdqRewriter(GraphBuilder src, Map<String, ValueRange> ranges, int weightBits) {
        this.src = src;
        this.ranges = ranges;
        this.weightMax = (1 << (weightBits - 1)) - 1;
        this.out = new GraphBuilder(src.opset());
    }

    /**
     * @param src the float32 graph, BatchNorm folded (no BatchNormalization node), opset 13 or
     *     newer (per-axis DequantizeLinear)
     * @param input the graph input's name
     * @param ranges the calibrated range of every activation the rewrite quantizes (see
     *     {@link #valuesToCalibrate}); the graph input included
     * @param weightBits 8, or 7 for CPUs without VNNI (their u8 x s8 instructions saturate on
     *     full-range weights)
     * @return the quantized graph, with the same input and outputs
     * @throws IllegalArgumentException when the graph has a BatchNormalization node, the opset is
     *     older than 13, or a range is missing
     */
    static GraphBuilder rewrite(GraphBuilder src, String input, Map<String, ValueRange> ranges,
            int weightBits) {
        if (weightBits != 7 && weightBits != 8) {
            throw new IllegalArgumentException("weight bits must be 7 or 8, got " + weightBits);
        }
        QdqRewriter r = new QdqRewriter(src, ranges, weightBits);
        r.check();
        r.analyse(input);
        return r.emit(input);
    }

    /**
     * @param src the float32 graph
     * @param input the graph input's name
     * @return the activations whose ranges {@link #rewrite} needs, graph input first
     */
    static List<String> valuesToCalibrate(GraphBuilder src, String input) {
        QdqRewriter r = new QdqRewriter(src, Map.of(), 8);
        r.index();
        r.markQuantizedReads();
        List<String> values = new ArrayList<>(r.quantizedReads);
        values.remove(input);
        values.add(0, input);
        return values;
    }

    private void check() {
        OnnxQuantizer.checkOptions(new OnnxOptions(src.opset(), true));
        for (OnnxNode n : src.nodes()) {
            if (n.opType().equals("BatchNormalization")) {
                throw new IllegalArgumentException("int8 quantization needs BatchNorm folded "
                        + "into the convolutions; node " + n.name() + " is a BatchNormalization "
                        + "(export with --fold-bn)");
            }
        }
    }

    private void index() {
        for (OnnxNode n : src.nodes()) {
            for (int i = 0; i < n.inputs().size(); i++) {
                readers.computeIfAbsent(n.inputs().get(i), k -> new ArrayList<>())
                        .add(new Read(n, i));
            }
            for (String o : n.outputs()) {
                producers.put(o, n);
            }
        }
    }

    private static boolean readsQuantized(Read r) {
        String op = r.node().opType();
        // Conv's weight and bias are initializers, quantized separately; Split's second input
        // (opset 13+) is its int64 sizes
        return QUANTIZED_READERS.contains(op)
                && !((op.equals("Conv") || op.equals("Split")) && r.index() > 0);
    }

    private void markQuantizedReads() {
        for (Map.Entry<String, List<Read>> e : readers.entrySet()) {
            String v = e.getKey();
            if (src.isInitializer(v)) {
                continue;
            }
            if (e.getValue().stream().anyMatch(QdqRewriter::readsQuantized)) {
                quantizedReads.add(v);
            }
        }
    }

    private void analyse(String input) {
        index();
        markQuantizedReads();
        for (OnnxNode n : src.nodes()) {
            if (!n.opType().equals("Relu")) {
                continue;
            }
            String a = n.inputs().get(0);
            String y = n.outputs().get(0);
            OnnxNode producer = producers.get(a);
            boolean allQuantized = quantizedReads.contains(y)
                    && readers.get(y).stream().allMatch(QdqRewriter::readsQuantized);
            if (allQuantized && producer != null && RELU_FOLDS_INTO.contains(producer.opType())
                    && readers.get(a).size() == 1) {
                folded.put(y, a);
            }
        }
        if (quantizedReads.contains(input)) {
            params.put(input, QuantParams.uint8(range(input), input));
        }
        Map<String, String> foldedInto = new HashMap<>();
        folded.forEach((relu, producer) -> foldedInto.put(producer, relu));
        for (OnnxNode n : src.nodes()) {
            if (folded.containsKey(n.outputs().get(0))) {
                continue;
            }
            for (String o : n.outputs()) {
                String stands = foldedInto.getOrDefault(o, o);
                if (!quantizedReads.contains(stands)) {
                    continue;
                }
                if (SHARED_PARAMS.contains(n.opType())) {
                    QuantParams in = params.get(resolve(n.inputs().get(0)));
                    if (in == null) {
                        throw new IllegalStateException(n.name() + " reads an unquantized value");
                    }
                    params.put(o, in);
                } else {
                    params.put(o, QuantParams.uint8(range(stands), stands));
                }
            }
        }
    }

    private ValueRange range(String value) {
        ValueRange r = ranges.get(value);
        if (r == null) {
            throw new IllegalArgumentException("no calibration range for '" + value + "'");
        }
        return r;
    }

    private String resolve(String value) {
        return folded.getOrDefault(value, value);
    }

    private GraphBuilder emit(String input) {
        out.input(input);
        if (params.containsKey(input)) {
            quantizeDequantize(input);
        }
        for (OnnxNode n : src.nodes()) {
            if (folded.containsKey(n.outputs().get(0))) {
                continue;
            }
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                inputs.add(rewrittenInput(n, i));
            }
            out.node(n.opType(), n.name(), inputs, n.outputs(), n.attributes());
            for (String o : n.outputs()) {
                if (params.containsKey(o)) {
                    quantizeDequantize(o);
                }
            }
        }
        return out;
    }

    private String rewrittenInput(OnnxNode n, int i) {
        String v = n.inputs().get(i);
        if (n.opType().equals("Conv") && i == 1) {
            return quantizedWeight(n, v);
        }
        if (n.opType().equals("Conv") && i == 2) {
            return quantizedBias(n, v, n.inputs().get(0), n.inputs().get(1));
        }
        if (src.isInitializer(v)) {
            return out.isInitializer(v) ? v : out.copyInitializer(v, src);
        }
        String r = resolve(v);
        if (readsQuantized(new Read(n, i))) {
            if (!params.containsKey(r)) {
                throw new IllegalStateException(n.name() + " reads '" + r
                        + "' quantized, but it has no quantization parameters");
            }
            return r + ".dq";
        }
        return r;
    }

    private void quantizeDequantize(String v) {
        QuantParams p = params.get(v);
        String scale = out.tensor(v + ".scale", OnnxProto.FLOAT, new long[0], floats(p.scale()));
        String zero = out.tensor(v + ".zero_point", OnnxProto.UINT8, new long[0],
                ByteBuffer.wrap(new byte[] {(byte) p.zeroPoint()}));
        out.node("QuantizeLinear", v + ".quantize", List.of(v, scale, zero), List.of(v + ".q"),
                List.of());
        out.node("DequantizeLinear", v + ".dequantize", List.of(v + ".q", scale, zero),
                List.of(v + ".dq"), List.of());
    }

    /** int8 weights, symmetric, a scale per output channel (axis 0). */
    private String quantizedWeight(OnnxNode conv, String weight) {
        GraphBuilder.FloatInitializer w = floatInitializer(conv, weight);
        int channels = (int) w.dims()[0];
        int perChannel = w.values().capacity() / channels;
        float[] scales = weightScales(weight, w);
        ByteBuffer q = ByteBuffer.allocate(w.values().capacity());
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < perChannel; k++) {
                float v = w.values().get(c * perChannel + k);
                long code = (long) Math.rint(v / scales[c]);
                q.put((byte) Math.max(-weightMax, Math.min(weightMax, code)));
            }
        }
        q.flip();
        String name = weight + ".int8";
        out.tensor(name, OnnxProto.INT8, w.dims(), q);
        return dequantizePerChannel(weight, name, scales,
                out.tensor(weight + ".zero_point", OnnxProto.INT8, new long[] {channels},
                        ByteBuffer.wrap(new byte[channels])));
    }

    private float[] weightScales(String name, GraphBuilder.FloatInitializer w) {
        return weightScales.computeIfAbsent(name, k -> {
            int channels = (int) w.dims()[0];
            return symmetricScales(w, channels, w.values().capacity() / channels);
        });
    }

    private float[] symmetricScales(GraphBuilder.FloatInitializer w, int channels,
            int perChannel) {
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int k = 0; k < perChannel; k++) {
                max = Math.max(max, Math.abs(w.values().get(c * perChannel + k)));
            }
            scales[c] = max > 0 ? max / weightMax : 1f;
        }
        return scales;
    }

    /** int32 bias in steps of input scale x weight scale, zero point 0 (QLinearConv's bias). */
    private String quantizedBias(OnnxNode conv, String bias, String input, String weight) {
        GraphBuilder.FloatInitializer b = floatInitializer(conv, bias);
        GraphBuilder.FloatInitializer w = floatInitializer(conv, weight);
        QuantParams x = params.get(resolve(input));
        if (x == null) {
            throw new IllegalStateException(conv.name() + ": input not quantized");
        }
        int channels = b.values().capacity();
        float[] weightScale = weightScales(weight, w);
        float[] scales = new float[channels];
        ByteBuffer q = ByteBuffer.allocate(channels * Integer.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < channels; c++) {
            scales[c] = x.scale() * weightScale[c];
            double code = Math.rint(b.values().get(c) / (double) scales[c]);
            q.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code)));
        }
        q.flip();
        String name = bias + ".int32";
        out.tensor(name, OnnxProto.INT32, b.dims(), q);
        ByteBuffer zeros = ByteBuffer.allocate(channels * Integer.BYTES);
        return dequantizePerChannel(bias, name, scales,
                out.tensor(bias + ".zero_point", OnnxProto.INT32, new long[] {channels}, zeros));
    }

    private String dequantizePerChannel(String original, String quantized, float[] scales,
            String zero) {
        String scale = out.tensor(original + ".scale", OnnxProto.FLOAT,
                new long[] {scales.length}, floats(scales));
        String dq = original + ".dq";
        out.node("DequantizeLinear", original + ".dequantize", List.of(quantized, scale, zero),
                List.of(dq), List.of(OnnxProto.intAttribute("axis", 0)));
        return dq;
    }

    private GraphBuilder.FloatInitializer floatInitializer(OnnxNode conv, String name) {
        return src.floatInitializer(name).orElseThrow(() -> new IllegalArgumentException(
                conv.name() + ": '" + name + "' is not a float32 initializer; only convolutions "
                        + "with constant weights can be quantized"));
    }

    private static ByteBuffer floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b;
    }

    /** @return the number of activations quantized, for reports */
    static int quantizedCount(GraphBuilder rewritten) {
        Set<String> q = new HashSet<>();
        for (OnnxNode n : rewritten.nodes()) {
            if (n.opType().equals("QuantizeLinear")) {
                q.add(n.inputs().get(0));
            }
        }
        return q.size();
    }
}
