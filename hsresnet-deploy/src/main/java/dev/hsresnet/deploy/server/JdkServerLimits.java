package dev.hsresnet.deploy.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow-client limits of the JDK's HTTP server. It reads them from system properties once per
 * JVM, when its first server is created, and enforces them with a timer that closes the
 * connection: {@code sun.net.httpserver.maxReqTime} bounds the time to receive a request (headers
 * and body, from the connection's first byte) and {@code sun.net.httpserver.maxRspTime} the time
 * from the end of the request to the end of the answer. A value given on the command line
 * ({@code -D}) or set before the first server wins; otherwise the first {@link Server} decides.
 */
final class JdkServerLimits {

    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";

    /** Extra time for the answer beyond the request deadline, so a 504 is sent before the cut. */
    private static final long RESPONSE_MARGIN_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(JdkServerLimits.class);

    private JdkServerLimits() {}

    /** Sets both properties from the request timeout unless they are set already. */
    static synchronized void apply(Duration requestTimeout) {
        long seconds = Math.max(1, (requestTimeout.toMillis() + 999) / 1000);
        setIfAbsent(MAX_REQ_TIME, seconds);
        setIfAbsent(MAX_RSP_TIME, seconds + RESPONSE_MARGIN_SECONDS);
        LOG.debug("JDK http server limits: {}={} s, {}={} s", MAX_REQ_TIME,
                System.getProperty(MAX_REQ_TIME), MAX_RSP_TIME, System.getProperty(MAX_RSP_TIME));
    }

    private static void setIfAbsent(String name, long seconds) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, Long.toString(seconds));
        }
    }
}
