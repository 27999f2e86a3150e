package dev.hsresnet.core.nn;

/**
 * Marks a block whose children are named directly in its parent's namespace in the PyTorch state
 * dict, with no name segment of its own. Example: the plain 3x3 stage of a bottleneck holds {@code
 * conv2} and {@code bn2}, which PyTorch names {@code layer1.0.conv2.weight}, not {@code
 * layer1.0.<stage>.conv2.weight}.
 */
public interface InlineChildren {}
