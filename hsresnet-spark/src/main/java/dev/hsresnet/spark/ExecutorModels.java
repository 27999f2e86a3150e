package dev.hsresnet.spark;

import ai.djl.engine.Engine;
import dev.hsresnet.core.engine.EngineSettings;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.detection.FcosImageModel;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.segmentation.Segmenter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of one executor JVM: each (model, task, backend, options) is loaded once, by the
 * first task that needs it, and shared by every later task and partition on that JVM (the
 * predictors are thread-safe). Loads are counted in {@link JobCounters#loads()}.
 *
 * <p>Engine threads: a forward pass runs on {@code threadsPerTask} libtorch threads ({@code
 * spark.task.cpus} unless the job says otherwise), so that an executor running as many tasks as
 * it has cores keeps one thread per core instead of each task's libtorch spreading over all of
 * them.
 */
final class ExecutorModels {

    private static final Map<String, TaskPredictor<?>> LOADED = new HashMap<>();

    private ExecutorModels() {}

    /**
     * @param model the shipped model
     * @param options the job's options, task resolved
     * @param threads libtorch threads per forward, at least 1
     * @param counters where a load is counted
     * @return the predictor, loaded now or earlier on this JVM
     */
    static synchronized TaskPredictor<?> get(ShippedModel model, JobOptions options, int threads,
            JobCounters counters) {
        String key = model.name() + "|" + options.loadKey();
        TaskPredictor<?> p = LOADED.get(key);
        if (p == null) {
            long start = System.nanoTime();
            EngineSettings.applyDefaults();
            setThreads(threads);
            try {
                p = load(model.resolve(), options);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load model " + model.name() + ": "
                        + e.getMessage(), e);
            }
            LOADED.put(key, p);
            counters.loads().add(1);
            counters.loadMillis().add((System.nanoTime() - start) / 1_000_000);
        }
        return p;
    }

    /** Sets libtorch's intra-op threads (process-wide) when the engine is PyTorch. */
    private static void setThreads(int threads) {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    private static TaskPredictor<?> load(Path dir, JobOptions o) throws IOException {
        return switch (o.task()) {
            case CLASSIFY -> new ClassifyPredictor(Classifier.open(dir, o.backend()), o.topK());
            // the driver refused features on another backend (SparkPredict.predict)
            case FEATURES -> new FeaturePredictor(ModelDir.loadBackbone(dir, o.featureLevel()),
                    o.pool());
            case SEGMENT -> new SegmentPredictor(Segmenter.open(dir, o.backend()), o.masks());
            case DETECT -> boxes(Detector.open(dir, o.backend()), o);
            case INSTANCES -> boxes(InstanceSegmenter.open(dir, o.backend()), o);
        };
    }

    private static TaskPredictor<?> boxes(FcosImageModel<?, ?> m, JobOptions o) {
        return new BoxPredictor(m, Double.isNaN(o.threshold()) ? m.scoreThreshold()
                : o.threshold());
    }
}
