/**
 * ONNX export and the ONNX Runtime backend. {@link dev.hsresnet.deploy.onnx.OnnxExporter} writes
 * a model's graph from its architecture and PyTorch-named weights with a small protobuf writer of
 * its own (no protobuf library); {@link dev.hsresnet.deploy.onnx.OrtBackend} runs such a file;
 * {@link dev.hsresnet.deploy.onnx.OnnxMetadata} reads a file's header and the {@code model.json}
 * stored in it.
 */
package dev.hsresnet.deploy.onnx;
