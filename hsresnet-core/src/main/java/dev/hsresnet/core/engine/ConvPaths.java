package dev.hsresnet.core.engine;

import java.util.function.Supplier;

/**
 * The convolution path of this process ({@link ConvPath}), chosen once, on first use, before any
 * convolution runs, and never changed afterwards: forced by {@link ConvPathSetting}, else the
 * self-test's choice for this machine ({@link EnginePathChoice#resolve}: from the cache, or
 * measured in a child JVM and cached).
 *
 * <p>{@link #using} runs code on one thread with a given path, for checks that compare the two
 * paths in one process (the self-test, the tests); everything else sees the process-wide path.
 */
public final class ConvPaths {

    private static final ThreadLocal<ConvPath> OVERRIDE = new ThreadLocal<>();
    private static volatile EnginePathChoice choice;

    private ConvPaths() {}

    /**
     * @return the path a convolution on this thread computes with: the {@link #using} override,
     *     else the process-wide choice (resolved now if this is the first call)
     */
    public static ConvPath current() {
        ConvPath p = OVERRIDE.get();
        return p != null ? p : choice().path();
    }

    /**
     * @return the process-wide choice and why it was made; the first call resolves it (which may
     *     run the self-test in a child JVM, up to a minute), later calls return the same object
     * @throws IllegalArgumentException when {@link ConvPathSetting} holds an unknown value
     */
    public static EnginePathChoice choice() {
        EnginePathChoice c = choice;
        if (c == null) {
            synchronized (ConvPaths.class) {
                c = choice;
                if (c == null) {
                    c = EnginePathChoice.resolve();
                    choice = c;
                }
            }
        }
        return c;
    }

    /** @return the process-wide choice if it was made already, else null (resolves nothing) */
    public static EnginePathChoice chosen() {
        return choice;
    }

    /**
     * Runs {@code body} on this thread with convolutions on {@code path}, then restores what was
     * in force. Build and run a network inside one such call: a BatchNorm folded under one path
     * ({@code ResNet.foldBatchNorm}) keeps that path's weight layout.
     *
     * @param path the path
     * @param body the code to run
     * @param <T> its result
     * @return what {@code body} returns
     */
    public static <T> T using(ConvPath path, Supplier<T> body) {
        ConvPath before = OVERRIDE.get();
        OVERRIDE.set(path);
        try {
            return body.get();
        } finally {
            if (before == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(before);
            }
        }
    }
}
