package dev.hsresnet.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs a partition's images through a predictor in batches while Spark pulls the results.
 *
 * <p>Each input row is decoded and preprocessed alone: one that fails gets its output row at once,
 * with {@code error} saying why and null results. The others wait, grouped by input shape, until
 * {@code batch} images wait in all (or the input ends); then every group runs in one forward pass
 * each. A forward pass that fails is retried one image at a time, so that only the image that
 * cannot be run gets an error. At most {@code batch} preprocessed images are held at once.
 *
 * @param <P> the predictor's preprocessed image
 */
final class BatchingIterator<P> implements Iterator<Row> {

    private record Pending<P>(Row input, P prepared) {}

    private final Iterator<Row> input;
    private final TaskPredictor<P> predictor;
    private final int batch;
    private final int kept;
    private final int resultFields;
    private final JobCounters counters;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private final Map<Object, List<Pending<P>>> waiting = new LinkedHashMap<>();
    private int waitingCount;

    /**
     * @param input rows {@code (id, image bytes, kept...)}
     * @param predictor the task
     * @param batch images per forward pass
     * @param kept columns copied after {@code id} and {@code error}
     * @param resultFields the predictor's result columns
     * @param counters forward passes are counted here
     */
    @SuppressWarnings("unchecked")
    BatchingIterator(Iterator<Row> input, TaskPredictor<?> predictor, int batch, int kept,
            int resultFields, JobCounters counters) {
        this.input = input;
        this.predictor = (TaskPredictor<P>) predictor;
        this.batch = batch;
        this.kept = kept;
        this.resultFields = resultFields;
        this.counters = counters;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty()) {
            if (input.hasNext()) {
                accept(input.next());
                if (waitingCount >= batch) {
                    flush();
                }
            } else if (waitingCount > 0) {
                flush();
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void accept(Row row) {
        String id = row.isNullAt(0) ? null : row.getString(0);
        if (id == null) {
            ready.add(output(row, "the id is null", null));
            return;
        }
        if (row.isNullAt(1)) {
            ready.add(output(row, "no image bytes (the image column is null)", null));
            return;
        }
        P prepared;
        try {
            prepared = predictor.prepare((byte[]) row.get(1), id);
        } catch (Exception e) { // unreadable, refused by the guard, wrong channels
            ready.add(output(row, describe(e), null));
            return;
        }
        waiting.computeIfAbsent(predictor.shape(prepared), k -> new ArrayList<>())
                .add(new Pending<>(row, prepared));
        waitingCount++;
    }

    private void flush() {
        for (List<Pending<P>> group : waiting.values()) {
            run(group);
        }
        waiting.clear();
        waitingCount = 0;
    }

    private void run(List<Pending<P>> group) {
        List<P> images = new ArrayList<>(group.size());
        for (Pending<P> p : group) {
            images.add(p.prepared());
        }
        List<Object[]> results;
        try {
            results = predictor.predict(images);
            counters.batches().add(1);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                ready.add(output(group.get(0).input(), describe(e), null));
                return;
            }
            for (Pending<P> one : group) {
                run(List.of(one));
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            ready.add(output(group.get(i).input(), null, results.get(i)));
        }
    }

    /** @return {@code (id, error, kept..., results...)}; null results on an error */
    private Row output(Row in, String error, Object[] results) {
        Object[] v = new Object[2 + kept + resultFields];
        v[0] = in.isNullAt(0) ? null : in.getString(0);
        v[1] = error;
        for (int k = 0; k < kept; k++) {
            v[2 + k] = in.get(2 + k);
        }
        if (results != null) {
            System.arraycopy(results, 0, v, 2 + kept, resultFields);
        }
        return RowFactory.create(v);
    }

    /** @return the exception's message, else its class name */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
