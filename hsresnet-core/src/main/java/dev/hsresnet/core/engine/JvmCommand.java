package dev.hsresnet.core.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a child JVM that runs with this JVM's java binary, class path and engine
 * settings (the DJL system properties; the environment, {@code LD_PRELOAD} and {@code
 * OMP_WAIT_POLICY} included, is inherited by the process), so that native code behaves as it
 * would here. A native crash in the child writes its JVM error report to the temporary directory
 * and no core file.
 */
public final class JvmCommand {

    /** System properties passed on to the child when set here. */
    private static final List<String> INHERITED = List.of("ai.djl.offline", "OPT_OUT_TRACKING",
            "ai.djl.default_engine", "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads", EnginePathCache.PROPERTY);

    /** The start of the name of a child's fatal error report ({@link #errorFile}). */
    static final String ERROR_FILE_PREFIX = "hsresnet-child-hs_err_";

    private JvmCommand() {}

    /**
     * @param pid a child's process id, or {@code %p} for the JVM option
     * @return where that child writes its fatal error report when it crashes
     */
    static Path errorFile(String pid) {
        return Path.of(System.getProperty("java.io.tmpdir"), ERROR_FILE_PREFIX + pid + ".log");
    }

    /**
     * @param mainClass the class whose {@code main} the child runs
     * @param properties system properties for the child (after, so winning over, the inherited
     *     ones)
     * @param args the main class's arguments
     * @return the command
     */
    public static List<String> of(Class<?> mainClass, Map<String, String> properties,
            List<String> args) {
        return of(mainClass, DEFAULT_HEAP, properties, args);
    }

    /** The child's heap unless told otherwise (the engine self-tests' need). */
    public static final String DEFAULT_HEAP = "1g";

    /**
     * @param mainClass the class whose {@code main} the child runs
     * @param heap the child's maximum heap, as {@code -Xmx} takes it ({@code 4g})
     * @param properties system properties for the child (after, so winning over, the inherited
     *     ones)
     * @param args the main class's arguments
     * @return the command
     */
    public static List<String> of(Class<?> mainClass, String heap, Map<String, String> properties,
            List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:-CreateCoredumpOnCrash");
        cmd.add("-XX:ErrorFile=" + errorFile("%p"));
        for (String key : INHERITED) {
            String v = System.getProperty(key);
            if (v != null && !properties.containsKey(key)) {
                cmd.add("-D" + key + "=" + v);
            }
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }
}
