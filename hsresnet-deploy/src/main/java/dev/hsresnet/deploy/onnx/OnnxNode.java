package dev.hsresnet.deploy.onnx;

import java.util.List;

/**
 * One node of a graph being built, kept as data so that a pass (quantization) can read and
 * rewrite the graph before it is serialized.
 *
 * @param opType the operator of the default domain, e.g. {@code Conv}
 * @param name the node name, unique in the graph
 * @param inputs input value names
 * @param outputs output value names
 * @param attributes the serialized {@code AttributeProto}s
 */
record OnnxNode(String opType, String name, List<String> inputs, List<String> outputs,
        List<ProtoMessage> attributes) {

    OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    /** @return the {@code NodeProto} */
    ProtoMessage proto() {
        return OnnxProto.node(opType, name, inputs, outputs, attributes);
    }
}
