package dev.hsresnet.core.engine;

import java.util.List;
import java.util.Optional;

/**
 * The OpenMP runtime libtorch runs its intra-op threads on in this process, and the environment
 * that tunes how those threads wait (docs/engine.md): libtorch 2.7.1's CPU build ships GNU libgomp,
 * which reads {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT} once, when it loads; Intel's
 * libiomp5 reads {@code KMP_BLOCKTIME} as well. A JVM cannot change its own environment, so
 * {@code bin/hsresnet} (bin/engine-env.sh) and the Maven test configuration set them; this only
 * reports what is in force.
 */
public final class OpenMp {

    /** An OpenMP runtime, by the file name of its shared library. */
    public enum Runtime {
        /** GNU libgomp (libtorch's CPU build). */
        GNU("libgomp", "GNU libgomp", List.of("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")),
        /** Intel's libiomp5. */
        INTEL("libiomp5", "Intel libiomp5", List.of("OMP_WAIT_POLICY", "KMP_BLOCKTIME")),
        /** LLVM's libomp. */
        LLVM("libomp.so", "LLVM libomp", List.of("OMP_WAIT_POLICY", "KMP_BLOCKTIME"));

        private final String fileNamePart;
        private final String library;
        private final List<String> waitVariables;

        Runtime(String fileNamePart, String library, List<String> waitVariables) {
            this.fileNamePart = fileNamePart;
            this.library = library;
            this.waitVariables = waitVariables;
        }

        /** @return the library's name, e.g. {@code GNU libgomp} */
        public String library() {
            return library;
        }

        /** @return the environment variables this runtime reads to decide how threads wait */
        public List<String> waitVariables() {
            return waitVariables;
        }
    }

    private OpenMp() {}

    /**
     * @return the OpenMP runtime mapped into this process; empty before the engine has loaded, or
     *     where /proc is unavailable
     */
    public static Optional<Runtime> loaded() {
        for (Runtime r : Runtime.values()) {
            if (PreloadedLibraries.mapped(r.fileNamePart)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * @param runtime the runtime
     * @return its wait settings as in force, e.g. {@code OMP_WAIT_POLICY=PASSIVE GOMP_SPINCOUNT
     *     unset}
     */
    public static String waitSettings(Runtime runtime) {
        StringBuilder sb = new StringBuilder();
        for (String name : runtime.waitVariables()) {
            String value = System.getenv(name);
            sb.append(sb.length() == 0 ? "" : ", ").append(name)
                    .append(value == null ? " unset" : "=" + value);
        }
        return sb.toString();
    }
}
