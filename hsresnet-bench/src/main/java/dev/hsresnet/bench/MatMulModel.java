package dev.hsresnet.bench;

import dev.hsresnet.deploy.onnx.ProtoMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A one-node ONNX model, {@code C = MatMul(A, B)} on float32 {@code (n, n)} matrices, for timing
 * ONNX Runtime's matrix product ({@link PeakFlops}). Input {@code A}, output {@code C}; {@code B}
 * is a constant of the model (an initializer), as a network's weights are, so ONNX Runtime packs
 * it once at load time instead of on every run. IR version 8, opset 17.
 */
final class MatMulModel {

    // field numbers of onnx.proto (ONNX 1.12)
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    private static final int IR_VERSION = 8;
    private static final int OPSET = 17;

    private MatMulModel() {}

    /**
     * @param n rows and columns of both matrices, at least 1
     * @param b the constant right-hand matrix, {@code n * n} values, row-major
     * @return the serialized {@code ModelProto}
     */
    static byte[] square(int n, float[] b) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix size must be >= 1, got " + n);
        }
        if (b.length != (long) n * n) {
            throw new IllegalArgumentException("B needs " + (long) n * n + " values, got "
                    + b.length);
        }
        ByteBuffer raw = ByteBuffer.allocate(b.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(b);
        ProtoMessage initializer = new ProtoMessage()
                .varint(TENSOR_DIMS, n)
                .varint(TENSOR_DIMS, n)
                .varint(TENSOR_DATA_TYPE, FLOAT)
                .string(TENSOR_NAME, "B")
                .bytes(TENSOR_RAW_DATA, raw.array());
        ProtoMessage node = new ProtoMessage()
                .string(NODE_INPUT, "A")
                .string(NODE_INPUT, "B")
                .string(NODE_OUTPUT, "C")
                .string(NODE_NAME, "matmul")
                .string(NODE_OP_TYPE, "MatMul");
        ProtoMessage graph = new ProtoMessage()
                .message(GRAPH_NODE, node)
                .string(GRAPH_NAME, "matmul_" + n)
                .message(GRAPH_INITIALIZER, initializer)
                .message(GRAPH_INPUT, matrix("A", n))
                .message(GRAPH_OUTPUT, matrix("C", n));
        return new ProtoMessage()
                .varint(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "hsresnet-bench")
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoMessage().varint(OPSET_VERSION, OPSET))
                .toByteArray();
    }

    private static ProtoMessage matrix(String name, int n) {
        ProtoMessage shape = new ProtoMessage()
                .message(SHAPE_DIM, new ProtoMessage().varint(DIM_VALUE, n))
                .message(SHAPE_DIM, new ProtoMessage().varint(DIM_VALUE, n));
        ProtoMessage tensor = new ProtoMessage()
                .varint(TENSOR_ELEM_TYPE, FLOAT)
                .message(TENSOR_SHAPE, shape);
        return new ProtoMessage()
                .string(VALUE_INFO_NAME, name)
                .message(VALUE_INFO_TYPE, new ProtoMessage().message(TYPE_TENSOR, tensor));
    }
}
