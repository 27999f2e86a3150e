/**
 * The performance harness of this project: {@link dev.hsresnet.bench.Harness} times every network
 * on the DJL path, on the ONNX Runtime path and in the PyTorch reference on the same machine, in
 * one run, against the machine's measured FP32 peak ({@link dev.hsresnet.bench.PeakFlops}), and
 * {@link dev.hsresnet.bench.ResultsCsv} keeps the results so that the next run can be compared
 * with them ({@link dev.hsresnet.bench.Comparison}). The JMH benchmarks of the HS block live in
 * {@code dev.hsresnet.bench.jmh} (run them with {@code bench/jmh.sh}).
 *
 * <p>All times are wall-clock milliseconds of one whole step (an inference forward, or a training
 * step: forward in training mode, cross-entropy, backward, SGD update), synthetic data, no data
 * loading.
 */
package dev.hsresnet.bench;
