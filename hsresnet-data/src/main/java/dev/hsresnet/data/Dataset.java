package dev.hsresnet.data;

import java.io.IOException;
import java.util.List;

/**
 * A labelled image source indexed {@code 0 .. size()-1}.
 *
 * <p>Implementations are thread-safe: {@link #load} may be called concurrently from the loader's
 * worker threads. {@link #label}, {@link #classes} and {@link #describe} are cheap and never decode.
 */
public interface Dataset {

    /** @return the number of samples, at least 0 */
    int size();

    /** @return the class names; the position of a name is its label */
    List<String> classes();

    /**
     * The label of one sample, without decoding it.
     *
     * @param index sample index in {@code [0, size())}
     * @return the label in {@code [0, classes().size())}
     */
    int label(int index);

    /**
     * A human-readable identification of one sample for error reports, e.g. the file path or
     * {@code "cifar10 data_batch_3.bin #812"}.
     *
     * @param index sample index in {@code [0, size())}
     * @return a description, never null
     */
    String describe(int index);

    /**
     * Decodes one sample.
     *
     * @param index sample index in {@code [0, size())}
     * @return the image in the dataset's channel count, values in [0, 1], CHW
     * @throws IOException if the sample cannot be read or decoded; the message names the file
     */
    Image load(int index) throws IOException;
}
