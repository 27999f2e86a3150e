package dev.hsresnet.deploy.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Collects the nodes and initializers of one ONNX graph, with a method per operator the exporter
 * uses. Every node's single output value is named after the node (Split outputs get {@code .0},
 * {@code .1}, ...), so a value's name says which layer made it. Operator forms follow the opset
 * (Split's sizes).
 */
final class GraphBuilder {

    private final int opset;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final Map<String, ProtoMessage> initializers = new LinkedHashMap<>();
    private final Map<String, FloatInitializer> floatInitializers = new LinkedHashMap<>();
    private final Set<String> values = new HashSet<>();

    /** @param opset the default-domain opset the graph is written for */
    GraphBuilder(int opset) {
        this.opset = opset;
    }

    /**
     * A float32 initializer's shape and values, for passes that rewrite the graph.
     *
     * @param dims the shape
     * @param values the elements in row-major order (a read-only view)
     */
    record FloatInitializer(long[] dims, FloatBuffer values) {}

    /** @return the default-domain opset */
    int opset() {
        return opset;
    }

    /** @return the number of nodes added so far */
    int nodeCount() {
        return nodes.size();
    }

    /** @return the nodes in the order they were added (a topological order) */
    List<OnnxNode> nodes() {
        return List.copyOf(nodes);
    }

    /** @return whether {@code name} is an initializer */
    boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** @return the float32 initializer of this name, if it is one */
    Optional<FloatInitializer> floatInitializer(String name) {
        return Optional.ofNullable(floatInitializers.get(name));
    }

    /**
     * Adds an initializer of another builder unchanged.
     *
     * @param name its name
     * @param from the builder that holds it
     * @return the name
     */
    String copyInitializer(String name, GraphBuilder from) {
        ProtoMessage t = from.initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no initializer '" + name + "' to copy");
        }
        claim(name);
        initializers.put(name, t);
        FloatInitializer f = from.floatInitializers.get(name);
        if (f != null) {
            floatInitializers.put(name, f);
        }
        return name;
    }

    /**
     * Adds an initializer of any element type.
     *
     * @param name its name
     * @param dataType a {@code TensorProto.DataType} value ({@link OnnxProto#INT8}, ...)
     * @param dims its shape ({@code {}} for a scalar)
     * @param raw the little-endian element bytes
     * @return the name
     */
    String tensor(String name, int dataType, long[] dims, ByteBuffer raw) {
        claim(name);
        initializers.put(name, OnnxProto.rawTensor(name, dataType, dims, raw, null));
        return name;
    }

    /**
     * Declares a graph input (so node names cannot reuse it).
     *
     * @param name the input's value name
     * @return the name
     */
    String input(String name) {
        claim(name);
        return name;
    }

    /**
     * Adds a float32 initializer.
     *
     * @param name its name (a PyTorch parameter name when the tensor is unchanged)
     * @param dims its shape
     * @param raw little-endian float32 bytes (referenced, not copied)
     * @param docString where it came from, or {@code null}
     * @return the name
     */
    String initializer(String name, long[] dims, ByteBuffer raw, String docString) {
        claim(name);
        initializers.put(name, OnnxProto.rawTensor(name, OnnxProto.FLOAT, dims, raw, docString));
        floatInitializers.put(name, new FloatInitializer(dims.clone(),
                raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().asReadOnlyBuffer()));
        return name;
    }

    /** Adds a float32 initializer from values. */
    String initializer(String name, long[] dims, float[] data, String docString) {
        claim(name);
        initializers.put(name, OnnxProto.floatTensor(name, dims, data, docString));
        floatInitializers.put(name, new FloatInitializer(dims.clone(),
                FloatBuffer.wrap(data).asReadOnlyBuffer()));
        return name;
    }

    /** @return the name of an int64 vector initializer with these values, shared by equal ones */
    String int64Constant(String prefix, long[] data) {
        String name = prefix + "." + Arrays.stream(data).mapToObj(Long::toString)
                .collect(Collectors.joining("_"));
        if (!initializers.containsKey(name)) {
            claim(name);
            initializers.put(name, OnnxProto.int64Tensor(name, data));
        }
        return name;
    }

    /**
     * Conv with a square kernel, the same stride and padding on both axes, no dilation, one group.
     *
     * @param name node name
     * @param x input NCHW
     * @param weight OIHW weight initializer
     * @param bias bias initializer, or {@code null}
     * @param kernel kernel size
     * @param stride stride
     * @param pad zero padding on every side
     * @return the output value
     */
    String conv(String name, String x, String weight, String bias, int kernel, int stride,
            int pad) {
        return conv(name, x, weight, bias, kernel, stride, pad, 1);
    }

    /** A square Conv with the given dilation (and the padding it needs, given by the caller). */
    String conv(String name, String x, String weight, String bias, int kernel, int stride,
            int pad, int dilation) {
        List<String> inputs = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return add("Conv", name, inputs, List.of(
                OnnxProto.intsAttribute("kernel_shape", kernel, kernel),
                OnnxProto.intsAttribute("strides", stride, stride),
                OnnxProto.intsAttribute("pads", pad, pad, pad, pad),
                OnnxProto.intsAttribute("dilations", dilation, dilation),
                OnnxProto.intAttribute("group", 1)));
    }

    /** BatchNormalization in inference mode (running statistics). */
    String batchNorm(String name, String x, String scale, String bias, String mean, String var,
            float epsilon) {
        return add("BatchNormalization", name, List.of(x, scale, bias, mean, var),
                List.of(OnnxProto.floatAttribute("epsilon", epsilon)));
    }

    /** @return the output of Relu */
    String relu(String name, String x) {
        return add("Relu", name, List.of(x), List.of());
    }

    /** @return the output of an elementwise Add */
    String sum(String name, String a, String b) {
        return add("Add", name, List.of(a, b), List.of());
    }

    /** MaxPool with a square window, floor mode. */
    String maxPool(String name, String x, int kernel, int stride, int pad) {
        return add("MaxPool", name, List.of(x), List.of(
                OnnxProto.intsAttribute("kernel_shape", kernel, kernel),
                OnnxProto.intsAttribute("strides", stride, stride),
                OnnxProto.intsAttribute("pads", pad, pad, pad, pad)));
    }

    /**
     * AveragePool with a square window.
     *
     * @param ceilMode whether a partial window at the end makes an output (PyTorch ceil_mode)
     * @param countIncludePad whether padded zeros count in the divisor
     * @return the output value
     */
    String averagePool(String name, String x, int kernel, int stride, int pad, boolean ceilMode,
            boolean countIncludePad) {
        return add("AveragePool", name, List.of(x), List.of(
                OnnxProto.intsAttribute("kernel_shape", kernel, kernel),
                OnnxProto.intsAttribute("strides", stride, stride),
                OnnxProto.intsAttribute("pads", pad, pad, pad, pad),
                OnnxProto.intAttribute("ceil_mode", ceilMode ? 1 : 0),
                OnnxProto.intAttribute("count_include_pad", countIncludePad ? 1 : 0)));
    }

    /**
     * Splits along the channels (axis 1).
     *
     * @param name node name
     * @param x input NCHW
     * @param sizes channels of each part, all at least 1
     * @return the parts' value names, {@code name.0}, {@code name.1}, ...
     */
    List<String> split(String name, String x, long... sizes) {
        if (Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException(name + ": split sizes must be >= 1, got "
                    + Arrays.toString(sizes));
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            outputs.add(name + "." + i);
        }
        List<ProtoMessage> attributes = new ArrayList<>();
        attributes.add(OnnxProto.intAttribute("axis", 1));
        List<String> inputs;
        if (opset >= 13) {
            inputs = List.of(x, int64Constant("split_sizes", sizes));
        } else {
            inputs = List.of(x);
            attributes.add(OnnxProto.intsAttribute("split", sizes));
        }
        node("Split", name, inputs, outputs, attributes);
        return outputs;
    }

    /** @return the output of Concat along the channels (axis 1) */
    String concat(String name, List<String> parts) {
        return concat(name, parts, 1);
    }

    /** @return the output of Concat along {@code axis} (0 joins int64 shape vectors) */
    String concat(String name, List<String> parts, int axis) {
        return add("Concat", name, parts, List.of(OnnxProto.intAttribute("axis", axis)));
    }

    /** @return the output of Shape: the input's dimensions as an int64 vector, at run time */
    String shape(String name, String x) {
        return add("Shape", name, List.of(x), List.of());
    }

    /**
     * Slice of a vector (axis 0), step 1.
     *
     * @param name node name
     * @param x input vector (e.g. a Shape's output)
     * @param start first element kept
     * @param end one past the last element kept
     * @return the output value, {@code x[start:end]}
     */
    String slice(String name, String x, long start, long end) {
        return add("Slice", name, List.of(x, int64Constant("slice_starts", new long[] {start}),
                int64Constant("slice_ends", new long[] {end}),
                int64Constant("slice_axes", new long[] {0})), List.of());
    }

    /**
     * Resize of an NCHW tensor with PyTorch's {@code F.interpolate(x, ..., mode='bilinear',
     * align_corners=False)} semantics, no antialiasing: mode {@code linear},
     * {@code coordinate_transformation_mode} {@code half_pixel} (output pixel {@code j} reads
     * source {@code (j + 0.5) / scale - 0.5}, clamped to the input), on the two spatial axes.
     *
     * @param name node name
     * @param x input NCHW
     * @param scales the factor per axis ({@code {1, 1, 2, 2}} for 2x), or {@code null} when
     *     {@code sizes} gives the output shape
     * @param sizes an int64 vector value, the output's {@code (N, C, H, W)}, or {@code null}
     * @param output the output value's name ({@code name} when {@code null})
     * @return the output value
     */
    String resizeBilinear(String name, String x, float[] scales, String sizes, String output) {
        return resize(name, x, scales, sizes, output, List.of(
                OnnxProto.stringAttribute("mode", "linear"),
                OnnxProto.stringAttribute("coordinate_transformation_mode", "half_pixel")));
    }

    /**
     * Resize of an NCHW tensor to a size with PyTorch's {@code F.interpolate(x, size=...,
     * mode='nearest')} semantics: output pixel {@code j} copies source {@code floor(j * in /
     * out)} (mode {@code nearest}, {@code coordinate_transformation_mode} {@code asymmetric},
     * {@code nearest_mode} {@code floor}).
     *
     * @param name node name
     * @param x input NCHW
     * @param sizes an int64 vector value, the output's {@code (N, C, H, W)}
     * @return the output value
     */
    String resizeNearest(String name, String x, String sizes) {
        return resize(name, x, null, sizes, null, List.of(
                OnnxProto.stringAttribute("mode", "nearest"),
                OnnxProto.stringAttribute("coordinate_transformation_mode", "asymmetric"),
                OnnxProto.stringAttribute("nearest_mode", "floor")));
    }

    /**
     * Resize's inputs are {@code X, roi, scales, sizes}. From opset 13 on the unused roi and
     * scales are omitted (empty names); opsets 11 and 12 require them as inputs, so they get an
     * empty float tensor there, as PyTorch's exporter writes them.
     */
    private String resize(String name, String x, float[] scales, String sizes, String output,
            List<ProtoMessage> attributes) {
        if ((scales == null) == (sizes == null)) {
            throw new IllegalArgumentException(name + ": Resize takes scales or sizes, not both");
        }
        String omitted = opset >= 13 ? "" : floatConstant("resize_empty", new float[0]);
        List<String> inputs = new ArrayList<>(List.of(x, omitted));
        if (scales != null) {
            inputs.add(floatConstant("resize_scales." + Arrays.toString(scales)
                    .replaceAll("[\\[\\] ]", "").replace(',', '_'), scales));
        } else {
            inputs.add(omitted);
            inputs.add(sizes);
        }
        String out = output == null ? name : output;
        node("Resize", name, inputs, List.of(out), attributes);
        return out;
    }

    /** @return the name of a float32 vector initializer, shared by every use of the name */
    String floatConstant(String name, float[] data) {
        if (!initializers.containsKey(name)) {
            initializer(name, new long[] {data.length}, data, null);
        }
        return name;
    }

    /** @return the name of a float32 scalar initializer (shape {@code []}), shared by name */
    String floatScalar(String name, float value) {
        if (!initializers.containsKey(name)) {
            initializer(name, new long[0], new float[] {value}, null);
        }
        return name;
    }

    /** @return the output of an elementwise (broadcasting) Mul */
    String mul(String name, String a, String b) {
        return add("Mul", name, List.of(a, b), List.of());
    }

    /** @return the output of an elementwise (broadcasting) Sub, {@code a - b} */
    String sub(String name, String a, String b) {
        return add("Sub", name, List.of(a, b), List.of());
    }

    /** @return the output of an elementwise (broadcasting) Div, {@code a / b} */
    String div(String name, String a, String b) {
        return add("Div", name, List.of(a, b), List.of());
    }

    /** @return the output of Exp */
    String exp(String name, String x) {
        return add("Exp", name, List.of(x), List.of());
    }

    /** @return the output of Tanh */
    String tanh(String name, String x) {
        return add("Tanh", name, List.of(x), List.of());
    }

    /** @return the output of Sqrt */
    String sqrt(String name, String x) {
        return add("Sqrt", name, List.of(x), List.of());
    }

    /**
     * ReduceMean over the given axes, dimensions kept (axes an attribute, as up to opset 17).
     *
     * @return the output value
     */
    String reduceMean(String name, String x, long... axes) {
        return add("ReduceMean", name, List.of(x), List.of(
                OnnxProto.intsAttribute("axes", axes), OnnxProto.intAttribute("keepdims", 1)));
    }

    /**
     * Reshape to a shape given by an int64 vector value; a 0 in it copies the input's dimension
     * ({@code allowzero} 0, the default), one -1 is inferred.
     *
     * @param name node name
     * @param x the tensor
     * @param shape an int64 vector value (an initializer from {@link #int64Constant} or a Shape)
     * @return the output value
     */
    String reshape(String name, String x, String shape) {
        return add("Reshape", name, List.of(x, shape), List.of());
    }

    /** @return the output of Transpose with the permutation {@code perm} */
    String transpose(String name, String x, long... perm) {
        return add("Transpose", name, List.of(x),
                List.of(OnnxProto.intsAttribute("perm", perm)));
    }

    /**
     * InstanceNormalization: each {@code (n, c)} slice of {@code (N, C, D1, ...)} normalized by
     * its own mean and biased variance over {@code D1, ...}, then scaled and shifted per channel.
     *
     * @param scale a {@code (C)} float initializer
     * @param bias a {@code (C)} float initializer
     * @param epsilon added to the variance
     * @return the output value
     */
    String instanceNorm(String name, String x, String scale, String bias, float epsilon) {
        return add("InstanceNormalization", name, List.of(x, scale, bias),
                List.of(OnnxProto.floatAttribute("epsilon", epsilon)));
    }

    /** @return the output of GlobalAveragePool, {@code (N, C, 1, 1)} */
    String globalAveragePool(String name, String x) {
        return add("GlobalAveragePool", name, List.of(x), List.of());
    }

    /** Flatten to {@code (N, rest)}, its output named {@code output}. */
    String flatten(String name, String x, String output) {
        node("Flatten", name, List.of(x), List.of(output),
                List.of(OnnxProto.intAttribute("axis", 1)));
        return output;
    }

    /** Gemm {@code x * weight^T + bias} (a PyTorch Linear), its output named {@code output}. */
    String linear(String name, String x, String weight, String bias, String output) {
        node("Gemm", name, List.of(x, weight, bias), List.of(output), List.of(
                OnnxProto.floatAttribute("alpha", 1f),
                OnnxProto.floatAttribute("beta", 1f),
                OnnxProto.intAttribute("transB", 1)));
        return output;
    }

    /**
     * @param name the graph name
     * @param docString the graph's description
     * @param inputs the graph inputs' {@code ValueInfoProto}s
     * @param outputs the graph outputs' {@code ValueInfoProto}s
     * @return the {@code GraphProto}
     */
    ProtoMessage build(String name, String docString, List<ProtoMessage> inputs,
            List<ProtoMessage> outputs) {
        ProtoMessage g = new ProtoMessage();
        for (OnnxNode n : nodes) {
            g.message(OnnxProto.GRAPH_NODE, n.proto());
        }
        g.string(OnnxProto.GRAPH_NAME, name);
        for (ProtoMessage t : initializers.values()) {
            g.message(OnnxProto.GRAPH_INITIALIZER, t);
        }
        g.string(OnnxProto.GRAPH_DOC_STRING, docString);
        for (ProtoMessage in : inputs) {
            g.message(OnnxProto.GRAPH_INPUT, in);
        }
        for (ProtoMessage out : outputs) {
            g.message(OnnxProto.GRAPH_OUTPUT, out);
        }
        return g;
    }

    private String add(String opType, String name, List<String> inputs,
            List<ProtoMessage> attributes) {
        node(opType, name, inputs, List.of(name), attributes);
        return name;
    }

    /**
     * Adds a node of the default domain.
     *
     * @param inputs input value names; an empty name omits an optional input
     * @throws IllegalStateException when an input is not defined yet or an output name is taken
     */
    void node(String opType, String name, List<String> inputs, List<String> outputs,
            List<ProtoMessage> attributes) {
        for (String in : inputs) {
            // an empty name is an omitted optional input
            if (!in.isEmpty() && !values.contains(in)) {
                throw new IllegalStateException(opType + " node " + name + " reads '" + in
                        + "', which no earlier node, input or initializer defines");
            }
        }
        for (String out : outputs) {
            claim(out);
        }
        nodes.add(new OnnxNode(opType, name, inputs, outputs, attributes));
    }

    private void claim(String name) {
        if (!values.add(name)) {
            throw new IllegalStateException("ONNX value name '" + name + "' is used twice");
        }
    }
}
