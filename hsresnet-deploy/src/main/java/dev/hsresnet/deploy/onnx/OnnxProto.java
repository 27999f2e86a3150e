package dev.hsresnet.deploy.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Builders for the ONNX protobuf messages this exporter writes, with the field numbers of
 * {@code onnx.proto} (ONNX 1.12, IR version 8). Each method returns a complete message.
 */
final class OnnxProto {

    /** {@code TensorProto.DataType.FLOAT}. */
    static final int FLOAT = 1;
    /** {@code TensorProto.DataType.UINT8}. */
    static final int UINT8 = 2;
    /** {@code TensorProto.DataType.INT8}. */
    static final int INT8 = 3;
    /** {@code TensorProto.DataType.INT32}. */
    static final int INT32 = 6;
    /** {@code TensorProto.DataType.INT64}. */
    static final int INT64 = 7;
    /** {@code TensorProto.DataType.BFLOAT16}. */
    static final int BFLOAT16 = 16;

    // ModelProto
    static final int MODEL_IR_VERSION = 1;
    static final int MODEL_PRODUCER_NAME = 2;
    static final int MODEL_PRODUCER_VERSION = 3;
    static final int MODEL_DOMAIN = 4;
    static final int MODEL_VERSION = 5;
    static final int MODEL_DOC_STRING = 6;
    static final int MODEL_GRAPH = 7;
    static final int MODEL_OPSET_IMPORT = 8;
    static final int MODEL_METADATA_PROPS = 14;

    // OperatorSetIdProto
    static final int OPSET_DOMAIN = 1;
    static final int OPSET_VERSION = 2;

    // StringStringEntryProto
    static final int ENTRY_KEY = 1;
    static final int ENTRY_VALUE = 2;

    // GraphProto
    static final int GRAPH_NODE = 1;
    static final int GRAPH_NAME = 2;
    static final int GRAPH_INITIALIZER = 5;
    static final int GRAPH_DOC_STRING = 10;
    static final int GRAPH_INPUT = 11;
    static final int GRAPH_OUTPUT = 12;

    // NodeProto
    static final int NODE_INPUT = 1;
    static final int NODE_OUTPUT = 2;
    static final int NODE_NAME = 3;
    static final int NODE_OP_TYPE = 4;
    static final int NODE_ATTRIBUTE = 5;

    // AttributeProto and its AttributeType values
    static final int ATTR_NAME = 1;
    static final int ATTR_F = 2;
    static final int ATTR_I = 3;
    static final int ATTR_S = 4;
    static final int ATTR_INTS = 8;
    static final int ATTR_TYPE = 20;
    static final int ATTR_TYPE_FLOAT = 1;
    static final int ATTR_TYPE_INT = 2;
    static final int ATTR_TYPE_STRING = 3;
    static final int ATTR_TYPE_INTS = 7;

    // TensorProto
    static final int TENSOR_DIMS = 1;
    static final int TENSOR_DATA_TYPE = 2;
    static final int TENSOR_NAME = 8;
    static final int TENSOR_RAW_DATA = 9;
    static final int TENSOR_DOC_STRING = 12;

    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, Dimension
    static final int VALUE_INFO_NAME = 1;
    static final int VALUE_INFO_TYPE = 2;
    static final int TYPE_TENSOR_TYPE = 1;
    static final int TENSOR_TYPE_ELEM_TYPE = 1;
    static final int TENSOR_TYPE_SHAPE = 2;
    static final int SHAPE_DIM = 1;
    static final int DIM_VALUE = 1;
    static final int DIM_PARAM = 2;

    private OnnxProto() {}

    /**
     * @param opset the version of the default ("ai.onnx") operator set, 11 to 17
     * @return the IR version of the ONNX release that introduced the opset: opset 11 is IR 6,
     *     opsets 12 to 14 IR 7, opsets 15 to 17 IR 8
     * @throws IllegalArgumentException for another opset
     */
    static int irVersion(int opset) {
        if (opset == 11) {
            return 6;
        }
        if (opset >= 12 && opset <= 14) {
            return 7;
        }
        if (opset >= 15 && opset <= 17) {
            return 8;
        }
        throw new IllegalArgumentException("no IR version known for opset " + opset
                + " (supported: 11 to 17)");
    }

    /** @return an {@code OperatorSetIdProto} for the default domain */
    static ProtoMessage opsetId(int version) {
        return new ProtoMessage().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, version);
    }

    /** @return a {@code StringStringEntryProto} (a metadata property) */
    static ProtoMessage entry(String key, String value) {
        return new ProtoMessage().string(ENTRY_KEY, key).string(ENTRY_VALUE, value);
    }

    /**
     * A float32 tensor with its values as little-endian {@code raw_data}.
     *
     * @param name the initializer name
     * @param dims the shape
     * @param values the elements in row-major order
     * @param docString a description, or {@code null}
     * @return the {@code TensorProto}
     */
    static ProtoMessage floatTensor(String name, long[] dims, float[] values, String docString) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return rawTensor(name, FLOAT, dims, raw, docString);
    }

    /**
     * A tensor whose {@code raw_data} is an existing little-endian buffer (referenced, not copied).
     *
     * @param name the initializer name
     * @param dataType a {@code TensorProto.DataType} value
     * @param dims the shape
     * @param raw the element bytes between position and limit, little-endian
     * @param docString a description, or {@code null}
     * @return the {@code TensorProto}
     */
    static ProtoMessage rawTensor(
            String name, int dataType, long[] dims, ByteBuffer raw, String docString) {
        ProtoMessage t = new ProtoMessage();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        t.varint(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, name);
        if (docString != null) {
            t.string(TENSOR_DOC_STRING, docString);
        }
        return t.bytes(TENSOR_RAW_DATA, raw);
    }

    /** @return an int64 tensor (small constants such as Split's sizes) */
    static ProtoMessage int64Tensor(String name, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return rawTensor(name, INT64, new long[] {values.length}, raw, null);
    }

    /**
     * A float32 tensor {@code ValueInfoProto}; a dimension is a number or a symbolic name.
     *
     * @param name the value name
     * @param dims each a {@link Long} (fixed size) or a {@link String} ({@code dim_param})
     * @return the message
     */
    static ProtoMessage floatValueInfo(String name, List<Object> dims) {
        return valueInfo(name, FLOAT, dims);
    }

    /**
     * A tensor {@code ValueInfoProto} of any element type.
     *
     * @param name the value name
     * @param elemType a {@code TensorProto.DataType} value
     * @param dims each a {@link Long} (fixed size) or a {@link String} ({@code dim_param})
     * @return the message
     */
    static ProtoMessage valueInfo(String name, int elemType, List<Object> dims) {
        ProtoMessage shape = new ProtoMessage();
        for (Object d : dims) {
            ProtoMessage dim = new ProtoMessage();
            if (d instanceof String param) {
                dim.string(DIM_PARAM, param);
            } else {
                dim.varint(DIM_VALUE, ((Number) d).longValue());
            }
            shape.message(SHAPE_DIM, dim);
        }
        ProtoMessage tensorType = new ProtoMessage()
                .varint(TENSOR_TYPE_ELEM_TYPE, elemType)
                .message(TENSOR_TYPE_SHAPE, shape);
        ProtoMessage type = new ProtoMessage().message(TYPE_TENSOR_TYPE, tensorType);
        return new ProtoMessage().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
    }

    /**
     * A float32 tensor {@code ValueInfoProto} without a shape (an extra graph output whose shape
     * the runtime infers).
     */
    static ProtoMessage floatValueInfo(String name) {
        ProtoMessage tensorType = new ProtoMessage().varint(TENSOR_TYPE_ELEM_TYPE, FLOAT);
        ProtoMessage type = new ProtoMessage().message(TYPE_TENSOR_TYPE, tensorType);
        return new ProtoMessage().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
    }

    /** @return an INT attribute */
    static ProtoMessage intAttribute(String name, long value) {
        return new ProtoMessage()
                .string(ATTR_NAME, name)
                .varint(ATTR_I, value)
                .varint(ATTR_TYPE, ATTR_TYPE_INT);
    }

    /** @return a FLOAT attribute */
    static ProtoMessage floatAttribute(String name, float value) {
        return new ProtoMessage()
                .string(ATTR_NAME, name)
                .float32(ATTR_F, value)
                .varint(ATTR_TYPE, ATTR_TYPE_FLOAT);
    }

    /** @return a STRING attribute (UTF-8) */
    static ProtoMessage stringAttribute(String name, String value) {
        return new ProtoMessage()
                .string(ATTR_NAME, name)
                .string(ATTR_S, value)
                .varint(ATTR_TYPE, ATTR_TYPE_STRING);
    }

    /** @return an INTS attribute */
    static ProtoMessage intsAttribute(String name, long... values) {
        ProtoMessage a = new ProtoMessage().string(ATTR_NAME, name);
        for (long v : values) {
            a.varint(ATTR_INTS, v);
        }
        return a.varint(ATTR_TYPE, ATTR_TYPE_INTS);
    }

    /**
     * A {@code NodeProto} of the default domain.
     *
     * @param opType the operator, e.g. {@code Conv}
     * @param name the node name, unique in the graph
     * @param inputs input value names (an empty name marks an omitted optional input)
     * @param outputs output value names
     * @param attributes attribute messages
     * @return the message
     */
    static ProtoMessage node(String opType, String name, List<String> inputs,
            List<String> outputs, List<ProtoMessage> attributes) {
        ProtoMessage n = new ProtoMessage();
        for (String in : inputs) {
            n.string(NODE_INPUT, in);
        }
        for (String out : outputs) {
            n.string(NODE_OUTPUT, out);
        }
        n.string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
        for (ProtoMessage a : attributes) {
            n.message(NODE_ATTRIBUTE, a);
        }
        return n;
    }
}
