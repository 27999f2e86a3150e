package dev.hsresnet.spark;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * What the executors report to the driver while a job runs: model loads (one per executor JVM
 * and model, however many partitions and tasks), the milliseconds they took and the forward
 * passes. Accumulators updated in transformations count a retried task again, so
 * row and error counts come from the written output instead ({@link PredictSummary}).
 *
 * @param loads model loads
 * @param loadMillis milliseconds spent loading models
 * @param batches forward passes
 */
public record JobCounters(LongAccumulator loads, LongAccumulator loadMillis,
        LongAccumulator batches) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** @return new counters registered with the session */
    public static JobCounters register(SparkSession spark) {
        var sc = spark.sparkContext();
        return new JobCounters(sc.longAccumulator("hsresnet model loads"),
                sc.longAccumulator("hsresnet model load ms"),
                sc.longAccumulator("hsresnet forward passes"));
    }
}
