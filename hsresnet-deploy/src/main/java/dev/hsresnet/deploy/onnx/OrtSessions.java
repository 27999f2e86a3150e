package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;

/**
 * The ONNX Runtime session settings every backend of this package uses: CPU, intra-op threads as
 * given (0 = one per available processor), one inter-op thread, sequential execution, every
 * graph optimization on.
 */
final class OrtSessions {

    private OrtSessions() {}

    /**
     * @param threads intra-op threads, or 0 for the number of available processors
     * @return new session options (the caller closes them)
     * @throws IllegalArgumentException for a negative count
     * @throws OrtException when ONNX Runtime refuses a setting
     */
    static OrtSession.SessionOptions options(int threads) throws OrtException {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per available "
                    + "processor), got " + threads);
        }
        int intraOp = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOp);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** Where a session comes from: a file (which ONNX Runtime maps) or bytes in memory. */
    @FunctionalInterface
    interface SessionSource {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options)
                throws OrtException;
    }

    /** Checks a new session and wraps it in the caller's type. */
    @FunctionalInterface
    interface Wrap<T> {
        T wrap(OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session)
                throws OrtException, IOException;
    }

    /**
     * Opens a session and hands it to {@code wrap}; whatever fails closes what was created.
     *
     * @param model where the session comes from
     * @param threads intra-op threads, or 0 for one per available processor
     * @param source what the model is, for messages
     * @param wrap checks the session and builds the result
     * @param <T> the result type
     * @return the result
     * @throws IOException naming {@code source} when ONNX Runtime refuses the model or the
     *     check fails
     */
    static <T> T open(SessionSource model, int threads, String source, Wrap<T> wrap)
            throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = null;
        OrtSession session = null;
        try {
            options = options(threads);
            session = model.create(env, options);
            return wrap.wrap(env, options, session);
        } catch (OrtException e) {
            IOException failure = new IOException("ONNX Runtime cannot load " + source + ": "
                    + e.getMessage(), e);
            closeQuietly(session, options, failure);
            throw failure;
        } catch (IOException | RuntimeException e) {
            closeQuietly(session, options, e);
            throw e;
        }
    }

    /**
     * Closes an open session and its options.
     *
     * @throws IllegalStateException naming {@code source} when ONNX Runtime fails to close it
     */
    static void close(OrtSession session, OrtSession.SessionOptions options, String source) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session of " + source, e);
        } finally {
            options.close();
        }
    }

    /** Closes what a failed open created, recording a close failure on {@code cause}. */
    static void closeQuietly(OrtSession session, OrtSession.SessionOptions options,
            Exception cause) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            cause.addSuppressed(e);
        } finally {
            if (options != null) {
                options.close();
            }
        }
    }
}
