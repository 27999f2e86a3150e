package dev.hsresnet.spark;

import java.io.IOException;
import java.util.List;

/**
 * One task's inference inside an executor: decodes and preprocesses one image at a time (so that
 * a bad image fails alone), then runs images of one input shape in one forward pass.
 * Implementations are thread-safe: the tasks of an executor share one.
 *
 * @param <P> a decoded, preprocessed image
 */
interface TaskPredictor<P> {

    /**
     * Decodes and preprocesses one image.
     *
     * @param encoded the file's bytes (JPEG, PNG, ...)
     * @param source what names it in an error (the row's id)
     * @return the network's input
     * @throws IOException naming the source when it is not a readable image or is refused
     * @throws IllegalArgumentException when it cannot be preprocessed (channels, budget)
     */
    P prepare(byte[] encoded, String source) throws IOException;

    /**
     * @param prepared an image from {@link #prepare}
     * @return a key equal for images that can share a forward pass
     */
    Object shape(P prepared);

    /**
     * Runs images of one shape.
     *
     * @param batch at least one image from {@link #prepare}, all of one {@link #shape}
     * @return per image, the values of {@link #fields()} in order
     */
    List<Object[]> predict(List<P> batch);
}
