package dev.hsresnet.data;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The samples a {@link DataLoader} could not load, each recorded once (thread-safe).
 *
 * <p>The loader never retries a recorded index: later epochs leave it out of their order. To make
 * a resumed run ({@link DataLoader#epoch} with a start batch) reproduce the batches of the
 * original run exactly when images were skipped, save {@link #entries()} with the checkpoint and
 * {@link #record} them into the new loader's instance before resuming.
 */
public final class SkippedImages {

    /**
     * One skipped sample.
     *
     * @param index dataset index
     * @param description the dataset's {@link Dataset#describe} text (e.g. the file path)
     * @param message the error message
     */
    public record Entry(int index, String description, String message) {}

    private final ConcurrentSkipListMap<Integer, Entry> entries = new ConcurrentSkipListMap<>();

    /**
     * Records a skipped sample unless its index is already recorded.
     *
     * @param index dataset index
     * @param description what the dataset calls it
     * @param message why it failed
     * @return true if the index was new
     */
    public boolean record(int index, String description, String message) {
        return entries.putIfAbsent(index, new Entry(index, description, message)) == null;
    }

    /** @return how many distinct samples were skipped */
    public int count() {
        return entries.size();
    }

    /**
     * @param index dataset index
     * @return whether that sample is recorded as skipped
     */
    public boolean contains(int index) {
        return entries.containsKey(index);
    }

    /** @return a snapshot of the entries, ascending by index */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** @return a snapshot of the skipped indices, ascending */
    public int[] indices() {
        return entries.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "SkippedImages" + entries.values();
    }
}
