package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

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
