package dev.hsresnet.deploy.server;

import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageTooLargeException;
import java.io.IOException;
import java.util.function.Supplier;

/** The error answers to decoding and preprocessing an uploaded image, alike on every endpoint. */
final class Decoding {

    private Decoding() {}

    /** Decodes encoded bytes (the classifier's or the segmenter's {@code decode}). */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(byte[] encoded, String source) throws IOException;
    }

    /**
     * @return the decoded image
     * @throws HttpError 413 when the image has too many pixels (declared, or of the resize), 400
     *     for anything else wrong, with the decoder's message
     */
    static <T> T decode(Uploads.Upload upload, Decoder<T> decoder) throws HttpError {
        try {
            return decoder.decode(upload.bytes(), upload.source());
        } catch (ImageTooLargeException e) {
            throw new HttpError(413, e.getMessage());
        } catch (IOException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    /**
     * @return what the preprocessing step returns
     * @throws HttpError 413 when it refused an image over its size limit, 400 when the image does
     *     not suit the model
     */
    static <T> T preprocess(Supplier<T> step) throws HttpError {
        try {
            return step.get();
        } catch (ImageBudgetException e) {
            throw new HttpError(413, "cannot preprocess the image: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "cannot preprocess the image: " + e.getMessage());
        }
    }
}
