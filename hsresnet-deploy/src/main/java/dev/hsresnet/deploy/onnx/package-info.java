/**
 * ONNX export and the ONNX Runtime backends. {@link dev.hsresnet.deploy.onnx.OnnxExporter} writes
 * a classifier's graph, or a semantic-segmentation network's ({@code exportSegmentation}), from
 * its architecture and PyTorch-named weights with a small protobuf writer of its own (no protobuf
 * library); {@link dev.hsresnet.deploy.onnx.OrtBackend} runs a classifier file, {@link
 * dev.hsresnet.deploy.onnx.OrtSegmenter} a segmentation file; {@link
 * dev.hsresnet.deploy.onnx.OnnxMetadata} reads a file's header and the {@code model.json} or
 * segmentation spec stored in it.
 */
package dev.hsresnet.deploy.onnx;
