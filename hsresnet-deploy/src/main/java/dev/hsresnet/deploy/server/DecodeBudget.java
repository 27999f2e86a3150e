package dev.hsresnet.deploy.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Bounds the pixels being decoded at once. An image within the pixel limit can still be a
 * decompression bomb (a 7000 x 7000 PNG of one colour is a few hundred kB and takes about 1 GB to
 * decode and convert to floats); without this bound, a burst of them on many worker threads would
 * exhaust the heap. Each request takes as many permits as its header declares pixels and waits,
 * at most until its deadline, while others decode.
 */
final class DecodeBudget {

    /**
     * Peak heap per decoded pixel: the raster (3-4 bytes), an ARGB copy for indexed or alpha
     * images (4) and the float planes (12).
     */
    static final int BYTES_PER_PIXEL = 20;

    private final Semaphore permits;
    private final int capacity;

    /** @param pixels pixels that may be decoded at once (capped at {@link Integer#MAX_VALUE}) */
    DecodeBudget(long pixels) {
        this.capacity = (int) Math.min(Math.max(1, pixels), Integer.MAX_VALUE);
        this.permits = new Semaphore(capacity, true);
    }

    /**
     * @return half the heap's worth of pixels, and never less than one image of the largest
     *     accepted size
     */
    static long forHeap(long maxHeapBytes, long maxImagePixels) {
        return Math.max(maxImagePixels, maxHeapBytes / 2 / BYTES_PER_PIXEL);
    }

    /** @return the pixels that may be decoded at once */
    int capacity() {
        return capacity;
    }

    /**
     * Waits until {@code pixels} more may be decoded.
     *
     * @param pixels the image's declared pixels (clamped to the capacity)
     * @param deadlineNanos {@link System#nanoTime()} after which to give up
     * @return the permits taken, to {@link #release(int)} after decoding
     * @throws HttpError 503 when they did not come free before the deadline
     */
    int acquire(long pixels, long deadlineNanos) throws HttpError {
        int n = (int) Math.min(Math.max(1, pixels), capacity);
        try {
            if (permits.tryAcquire(n, Math.max(0, deadlineNanos - System.nanoTime()),
                    TimeUnit.NANOSECONDS)) {
                return n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new HttpError(503, "the server is busy decoding other large images; retry later");
    }

    /**
     * Waits until an encoded image may be decoded: takes as many permits as its header declares
     * pixels, or none when the header is unreadable or declares more than {@code maxPixels} (the
     * decoder then refuses it before decoding anything).
     *
     * @param encoded the image's bytes
     * @param maxPixels the server's pixel limit
     * @param deadlineNanos {@link System#nanoTime()} after which to give up
     * @return the permits taken (possibly 0), to {@link #release(int)} once the image's memory is
     *     no longer held
     * @throws HttpError 503 when they did not come free before the deadline
     */
    int acquireFor(byte[] encoded, long maxPixels, long deadlineNanos) throws HttpError {
        long declared = declaredPixels(encoded);
        if (declared < 0 || declared > maxPixels) {
            return 0;
        }
        return acquire(declared, deadlineNanos);
    }

    /** Returns permits taken by {@link #acquire} or {@link #acquireFor}. */
    void release(int n) {
        permits.release(n);
    }

    /**
     * Reads the width and height from an encoded image's header (nothing is decoded).
     *
     * @return width x height, or -1 when no image reader recognises the bytes
     */
    static long declaredPixels(byte[] encoded) {
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return -1;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return -1; // the decoder will report what is wrong
        }
    }
}
