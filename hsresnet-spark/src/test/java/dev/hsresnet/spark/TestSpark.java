package dev.hsresnet.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The module's one embedded Spark session, shared by its test classes (a start costs about 20
 * s): two task slots and two attempts per task, so that a test can fail a task once and see it
 * retried. Stopped when the test JVM exits.
 */
final class TestSpark {

    /** Two cores, two attempts per task. */
    static final String MASTER = "local[2,2]";

    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            // the injected failures of the retry test are expected: no stack traces for them
            for (String quiet : new String[] {"org.apache.spark.executor.Executor",
                "org.apache.spark.scheduler.TaskSetManager", "org.apache.spark.util.Utils",
                "org.apache.spark.sql.execution.datasources.FileFormatWriter"}) {
                System.setProperty("org.slf4j.simpleLogger.log." + quiet, "off");
            }
            session = SparkSessions.local(MASTER);
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
