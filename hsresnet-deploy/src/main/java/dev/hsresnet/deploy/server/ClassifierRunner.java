package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the {@link Batcher} runs a classifier: the preprocessed images (all of the model's input
 * size, so any of them stack) go through {@link Classifier#predict} in one call, with the largest
 * top-k any of them asked for, and each gets its own top-k back.
 */
final class ClassifierRunner implements Batcher.Runner<ClassifierRunner.Input, List<Prediction>> {

    /**
     * One image to classify.
     *
     * @param image {@link Classifier#imageLength()} normalized values
     * @param topK classes wanted
     */
    record Input(float[] image, int topK) {}

    private final Classifier classifier;

    ClassifierRunner(Classifier classifier) {
        this.classifier = classifier;
    }

    /**
     * @param classifier runs the network
     * @param options batch size, window, queue capacity and inference threads
     * @param observer told about every call to the network
     * @return a batcher of classifier inputs
     */
    static Batcher<Input, List<Prediction>> batcher(Classifier classifier, ServerOptions options,
            Batcher.Observer observer) {
        return batcher(classifier, options.maxBatch(), options.batchWindow(),
                options.queueCapacity(), options.inferenceThreads(), observer);
    }

    /** @return one input per image, each wanting {@code topK} classes */
    static List<Input> inputs(List<float[]> images, int topK) {
        return images.stream().map(image -> new Input(image, topK)).toList();
    }

    /** @return a batcher as {@link #batcher(Classifier, ServerOptions, Batcher.Observer)} */
    static Batcher<Input, List<Prediction>> batcher(Classifier classifier, int maxBatch,
            Duration window, int capacity, int threads, Batcher.Observer observer) {
        return new Batcher<>(new ClassifierRunner(classifier), Batcher.Grouping.any(), maxBatch,
                window, capacity, threads, observer);
    }

    @Override
    public List<List<Prediction>> run(List<Input> inputs) {
        int n = inputs.size();
        int length = classifier.imageLength();
        float[] batch = new float[n * length];
        int topK = 1;
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs.get(i).image(), 0, batch, i * length, length);
            topK = Math.max(topK, inputs.get(i).topK());
        }
        List<List<Prediction>> top = classifier.predict(batch, n, topK);
        List<List<Prediction>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Prediction> all = top.get(i);
            int k = Math.min(inputs.get(i).topK(), all.size());
            // the k most probable of a larger top list are exactly the top k
            out.add(List.copyOf(all.subList(0, k)));
        }
        return out;
    }
}
