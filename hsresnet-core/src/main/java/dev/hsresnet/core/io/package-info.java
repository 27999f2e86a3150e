/**
 * Reading and writing tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, plus {@link dev.hsresnet.core.io.AtomicFiles} for crash-safe file replacement.
 *
 * <p>Entry point: {@link dev.hsresnet.core.io.Safetensors}. Every malformed file is reported as a
 * {@link dev.hsresnet.core.io.SafetensorsException} whose message names the file and the problem.
 */
package dev.hsresnet.core.io;
