package dev.hsresnet.spark;

import dev.hsresnet.search.ChildTrials;
import dev.hsresnet.search.TrialJob;
import dev.hsresnet.search.TrialRunner;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Proxy trials of an architecture search as Spark tasks, one trial per task: each trains in a
 * child JVM of its executor ({@link ChildTrials}: DJL trains one model per process at a time)
 * with {@code spark.task.cpus} libtorch threads, and writes its run directory where the driver
 * named it (a path every executor reaches: local disk for {@code local[N]}, a shared file system
 * on a cluster). A failed task that Spark retries resumes its trial from its last checkpoint.
 * Epoch lines go to {@code <run dir>.log} beside each trial's run directory.
 */
public final class SparkTrials implements TrialRunner {

    private final SparkSession spark;

    /** @param spark the session the trials run in */
    public SparkTrials(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public List<Double> run(List<TrialJob> jobs, Consumer<String> log) {
        log.accept("proxy trials: " + jobs.size() + " Spark tasks on " + spark.sparkContext()
                .master());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return jsc.parallelize(jobs, jobs.size()).map(SparkTrials::runTask).collect();
    }

    private static double runTask(TrialJob job) throws java.io.IOException {
        TaskContext task = TaskContext.get();
        return ChildTrials.run(job, task == null ? 1 : Math.max(1, task.cpus()));
    }
}
