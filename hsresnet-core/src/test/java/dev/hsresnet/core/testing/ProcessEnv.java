package dev.hsresnet.core.testing;

import java.util.Map;

/** Environment changes for the child processes of tests. */
public final class ProcessEnv {

    private ProcessEnv() {}

    /**
     * @param pb the process to start
     * @param env variables to set; an empty value removes the variable
     */
    public static void apply(ProcessBuilder pb, Map<String, String> env) {
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
    }
}
