package dev.hsresnet.core.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's NNPACK switch, which DJL does not expose: {@link #disable} does what {@code
 * torch.backends.nnpack.set_flags(False)} does in Python ({@code
 * at::globalContext().setUserEnabledNNPACK(false)}), calling libtorch through JNA.
 *
 * <p>Why: for every convolution oneDNN does not take (batch 1, a 3x3 or smaller kernel, at most
 * 20480 input values), libtorch 2.7.1 asks {@code at::_nnpack_available()}, which on a CPU that
 * NNPACK rejects logs {@code Could not initialize NNPACK! Reason: Unsupported hardware.} to the
 * process's stderr on every call (about 2,600 lines in a {@code mvn verify} on the AMD build VM,
 * docs/engine.md). The user switch is tested first, so with it off the question is never asked.
 * No kernel changes: NNPACK would only run batches of 16 or more, which oneDNN takes first.
 */
public final class Nnpack {

    /** The library that holds {@code at::globalContext()}. */
    static final String LIBRARY = "libtorch_cpu.so";
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String ENABLED = "_ZNK2at7Context17userEnabledNNPACKEv";
    private static final Logger LOG = LoggerFactory.getLogger(Nnpack.class);

    private static volatile boolean settled;

    private Nnpack() {}

    /**
     * Turns NNPACK off in this process, once; later calls return at once. Call it after the
     * engine has loaded and before the first convolution ({@link dev.hsresnet.core.nn.Conv} does).
     * Where libtorch or its symbols cannot be found, NNPACK stays as it is (the warning may then
     * appear; {@code bin/hsresnet} filters it) and a debug line says why.
     */
    public static void disable() {
        if (settled) {
            return;
        }
        synchronized (Nnpack.class) {
            if (!settled) {
                try {
                    context().ifPresent(c -> c.library().getFunction(SET_ENABLED)
                            .invokeVoid(new Object[] {c.context(), Boolean.FALSE}));
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("cannot turn libtorch's NNPACK off: {}", e.toString());
                }
                settled = true;
            }
        }
    }

    /**
     * @return whether libtorch would consider NNPACK for a convolution; empty when libtorch is
     *     not loaded yet or its switch cannot be read
     */
    public static Optional<Boolean> enabled() {
        try {
            return context().map(c -> {
                Function get = c.library().getFunction(ENABLED);
                return (get.invokeInt(new Object[] {c.context()}) & 0xff) != 0;
            });
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** libtorch_cpu as mapped into this process, and its {@code at::Context}. */
    private record Context(NativeLibrary library, Pointer context) {}

    private static Optional<Context> context() {
        return mappedLibrary().map(path -> {
            // the library DJL loaded: dlopen of its path returns the same one
            NativeLibrary lib = NativeLibrary.getInstance(path.toString());
            return new Context(lib, lib.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]));
        });
    }

    /** @return the path of {@link #LIBRARY} in this process's memory map, if it is mapped */
    static Optional<Path> mappedLibrary() {
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return maps.stream().filter(l -> l.endsWith("/" + LIBRARY))
                .map(l -> Path.of(l.substring(l.indexOf('/')))).findFirst();
    }
}
