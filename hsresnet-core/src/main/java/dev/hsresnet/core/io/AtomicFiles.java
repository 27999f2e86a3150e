package dev.hsresnet.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe whole-file replacement: readers of the target see either the old file or the complete
 * new one, never a partial write.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Buffer between the body and the file. */
    private static final int BUFFER_BYTES = 1 << 16;

    /**
     * Largest single write handed to the channel. FileChannel copies each heap write through a
     * temporary direct buffer of the full write size (cached per thread), so one huge write would
     * double memory use; splitting keeps that buffer small.
     */
    private static final int MAX_WRITE_BYTES = 1 << 20;

    /**
     * A body that writes to an output stream and may throw {@link IOException}.
     *
     * @param <T> the value consumed
     */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /**
         * Consumes the value.
         *
         * @param t the value
         * @throws IOException on failure; the atomic write is abandoned
         */
        void accept(T t) throws IOException;
    }

    /**
     * Writes {@code bytes} as the whole content of {@code target}, atomically (see {@link
     * #write(Path, IOConsumer)}).
     *
     * @param target the file to replace or create
     * @param bytes its new content
     * @throws IOException when writing fails; {@code target} is then untouched
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes through a temporary file in the same directory (name starts with "." and ends with
     * ".tmp"), fsyncs, then atomically renames over target; on any failure the temp file is deleted
     * and target is untouched.
     *
     * <p>The body receives a buffered stream; it may close it or not (closing only flushes). After
     * the rename the directory is fsynced too, where the platform allows it, so the new name itself
     * survives a crash. The new file gets default permissions (umask), not those of a file it
     * replaces; a symlink at {@code target} is replaced by a regular file, not followed.
     *
     * @param target file to create or replace; its parent directory must exist
     * @param body writes the complete new content
     * @throws IOException from the body (rethrown as is), or if the temp file cannot be created,
     *     written, synced or renamed; runtime exceptions and errors from the body are rethrown too
     */
    public static void write(Path target, IOConsumer<OutputStream> body) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException(target + ": has no parent directory to hold a temporary file");
        }
        Files.createDirectories(dir);
        Path tmp = createTemp(dir, absolute.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                GuardedStream out = new GuardedStream(new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER_BYTES));
                body.accept(out);
                out.flush();
                ch.force(true); // data must be on disk before the rename makes it visible
            }
            // Same directory, so rename(2) is atomic and replaces any existing target.
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
        syncDirectory(dir);
    }

    /**
     * Creates the temp file with CREATE_NEW and default permissions. Files.createTempFile would
     * make it owner-only (0600), which the final file would then keep.
     */
    private static Path createTemp(Path dir, String targetName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            Path tmp = dir.resolve("." + targetName + "." + suffix + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename durable. Best effort: some platforms (Windows) cannot open a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file content is already durable; only the new directory entry might not be.
        }
    }

    /**
     * What the body sees: close() only flushes (so a body that closes the stream does not break
     * the fsync that follows), and large writes are split (see {@link #MAX_WRITE_BYTES}).
     */
    private static final class GuardedStream extends FilterOutputStream {
        GuardedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            // FilterOutputStream's default would write byte by byte.
            while (len > 0) {
                int n = Math.min(len, MAX_WRITE_BYTES);
                out.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
