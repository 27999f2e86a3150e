package dev.hsresnet.spark;

import dev.hsresnet.core.engine.EngineSettings;
import org.apache.spark.sql.SparkSession;

/**
 * Sessions this project starts itself: an embedded {@code local[N]} Spark on the loopback
 * address only (driver and block manager bound to 127.0.0.1, no web UI), for the command line and
 * the tests. On a cluster, {@code spark-submit} makes the session ({@link SparkMain}).
 */
public final class SparkSessions {

    /** The address the embedded driver binds and advertises. */
    public static final String LOOPBACK = "127.0.0.1";

    private SparkSessions() {}

    /**
     * Starts (or returns the running) local session.
     *
     * @param master {@code local}, {@code local[N]}, {@code local[*]} or {@code local[N,F]} (F
     *     attempts per task)
     * @return the session
     * @throws IllegalArgumentException when the master is not local
     */
    public static SparkSession local(String master) {
        if (!master.startsWith("local")) {
            throw new IllegalArgumentException("an embedded session runs local[N], not '"
                    + master + "'; submit to a cluster with spark-submit (docs/spark.md)");
        }
        quiet();
        return SparkSession.builder().master(master).appName("hsresnet")
                .config("spark.driver.host", LOOPBACK)
                .config("spark.driver.bindAddress", LOOPBACK)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .getOrCreate();
    }

    /**
     * The settings every JVM of a job needs before Spark or DJL start: DJL offline and without
     * tracking ({@link EngineSettings}), Netty's reflective access (Spark's launcher sets it),
     * Spark's and Hadoop's logs at warnings only (slf4j-simple).
     */
    static void quiet() {
        EngineSettings.applyDefaults();
        setIfAbsent("io.netty.tryReflectionSetAccessible", "true");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.spark", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.hadoop", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.org.sparkproject", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.parquet", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
