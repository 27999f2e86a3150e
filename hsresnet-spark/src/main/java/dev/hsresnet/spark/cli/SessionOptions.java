package dev.hsresnet.spark.cli;

import dev.hsresnet.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --master}: the embedded {@code local[*]} session, or the one spark-submit made. */
public final class SessionOptions {

    @Option(names = "--master", paramLabel = "MASTER",
            description = "local[N], local[*] or local[N,F] (F attempts per task): an embedded "
                    + "Spark on 127.0.0.1. Default: the master spark-submit set, else local[*]. "
                    + "For a cluster, submit with spark-submit (docs/spark.md).")
    String master;

    /** @return the session: spark-submit's, or an embedded local one */
    public SparkSession session() {
        if (master == null && System.getProperty("spark.master") != null) {
            return SparkSession.builder().appName("hsresnet").getOrCreate();
        }
        return SparkSessions.local(master == null ? "local[*]" : master);
    }
}
