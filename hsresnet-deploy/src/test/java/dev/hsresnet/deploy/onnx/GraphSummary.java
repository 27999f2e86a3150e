package dev.hsresnet.deploy.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes and initializers of an exported file, read back with {@link ProtoReader} so tests can
 * look at the graph's structure.
 *
 * @param nodes the nodes in file order
 * @param initializers name to raw little-endian bytes, in file order
 */
record GraphSummary(List<Node> nodes, Map<String, ByteBuffer> initializers) {

    /**
     * @param opType the operator
     * @param name the node name
     * @param inputs input value names
     * @param attributes attribute names
     */
    record Node(String opType, String name, List<String> inputs, List<String> attributes) {}

    static GraphSummary of(byte[] model) throws IOException {
        ProtoReader r = new ProtoReader(ByteBuffer.wrap(model), 0);
        while (r.next()) {
            if (r.field() == OnnxProto.MODEL_GRAPH) {
                return graph(r.message());
            }
        }
        throw new IOException("no graph");
    }

    /** @return how many nodes have this operator */
    long count(String opType) {
        return nodes.stream().filter(n -> n.opType.equals(opType)).count();
    }

    /** @return the nodes of one operator */
    List<Node> nodes(String opType) {
        return nodes.stream().filter(n -> n.opType.equals(opType)).toList();
    }

    private static GraphSummary graph(ProtoReader g) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<String, ByteBuffer> initializers = new LinkedHashMap<>();
        while (g.next()) {
            if (g.field() == OnnxProto.GRAPH_NODE) {
                nodes.add(node(g.message()));
            } else if (g.field() == OnnxProto.GRAPH_INITIALIZER) {
                ProtoReader t = g.message();
                String name = null;
                ByteBuffer raw = null;
                while (t.next()) {
                    if (t.field() == OnnxProto.TENSOR_NAME) {
                        name = t.string();
                    } else if (t.field() == OnnxProto.TENSOR_RAW_DATA) {
                        raw = t.bytes();
                    }
                }
                initializers.put(name, raw);
            }
        }
        return new GraphSummary(nodes, initializers);
    }

    private static Node node(ProtoReader n) throws IOException {
        String op = null;
        String name = null;
        List<String> inputs = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        while (n.next()) {
            switch (n.field()) {
                case OnnxProto.NODE_OP_TYPE -> op = n.string();
                case OnnxProto.NODE_NAME -> name = n.string();
                case OnnxProto.NODE_INPUT -> inputs.add(n.string());
                case OnnxProto.NODE_ATTRIBUTE -> {
                    ProtoReader a = n.message();
                    while (a.next()) {
                        if (a.field() == OnnxProto.ATTR_NAME) {
                            attributes.add(a.string());
                        }
                    }
                }
                default -> n.skip();
            }
        }
        return new Node(op, name, inputs, attributes);
    }
}
