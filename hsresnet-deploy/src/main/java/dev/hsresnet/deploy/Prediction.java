package dev.hsresnet.deploy;

/**
 * One class of a top-k answer.
 *
 * @param index the class index (0-based)
 * @param label the class name from the model's labels, or {@code class_<index>} when it has none
 * @param probability softmax probability in [0, 1]
 */
public record Prediction(int index, String label, double probability) {}
