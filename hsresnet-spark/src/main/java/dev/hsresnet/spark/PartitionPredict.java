package dev.hsresnet.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The work of one partition: rows {@code (id, image bytes, kept columns...)} in, rows {@code (id,
 * error, kept columns..., result columns...)} out, lazily ({@link BatchingIterator}), with the
 * executor's shared model ({@link ExecutorModels}).
 */
final class PartitionPredict implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final ShippedModel model;
    private final JobOptions options;
    private final int resultFields;
    private final JobCounters counters;

    /**
     * @param model the shipped model
     * @param options the job's options, task resolved
     * @param resultFields how many result columns the task writes
     * @param counters the job's counters
     */
    PartitionPredict(ShippedModel model, JobOptions options, int resultFields,
            JobCounters counters) {
        this.model = model;
        this.options = options;
        this.resultFields = resultFields;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int threads = options.threadsPerTask() > 0 ? options.threadsPerTask()
                : task == null ? 1 : Math.max(1, task.cpus());
        TaskPredictor<?> predictor = ExecutorModels.get(model, options, threads, counters);
        return new BatchingIterator<>(rows, predictor, options.batch(), options.keep().size(),
                resultFields, counters);
    }
}
