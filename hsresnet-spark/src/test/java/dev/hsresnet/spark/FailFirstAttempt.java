package dev.hsresnet.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/** Passes rows through, but fails partition 0's first attempt after its first row. */
final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext t = TaskContext.get();
        boolean fail = t.partitionId() == 0 && t.attemptNumber() == 0;
        return new Iterator<>() {
            private int seen;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (fail && seen++ == 1) {
                    throw new IllegalStateException("injected failure of the first attempt");
                }
                return rows.next();
            }
        };
    }
}
