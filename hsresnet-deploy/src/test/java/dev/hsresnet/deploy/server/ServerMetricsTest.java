package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Prometheus rendering on its own. */
class ServerMetricsTest {

    @Test
    void histogramBucketsAreCumulative() {
        Histogram h = new Histogram(1, 2, 4);
        for (double v : new double[] {0.5, 1, 1.5, 3, 9}) {
            h.observe(v);
        }
        StringBuilder out = new StringBuilder();
        h.render(out, "x", "k=\"v\"");
        assertEquals("""
                x_bucket{k="v",le="1"} 2
                x_bucket{k="v",le="2"} 3
                x_bucket{k="v",le="4"} 4
                x_bucket{k="v",le="+Inf"} 5
                x_sum{k="v"} 15.000000
                x_count{k="v"} 5
                """, out.toString());
    }

    @Test
    void unknownPathsShareOneLabel() {
        Metrics m = new Metrics(() -> 3, 10, () -> 1, () -> 2);
        m.request("/v1/predict", 200, 0.01);
        m.request("/wp-admin/../../etc/passwd", 404, 0.001);
        m.request("/another/random/path", 404, 0.001);
        m.batch(4, 0.02, false);
        String text = m.render();
        assertTrue(text.contains("hsresnet_http_requests_total{endpoint=\"other\",code=\"404\"} 2"),
                text);
        assertFalse(text.contains("wp-admin"), text);
        assertTrue(text.contains("hsresnet_http_errors_total{reason=\"not_found\"} 2"), text);
        assertTrue(text.contains("hsresnet_queue_depth 3"), text);
        assertTrue(text.contains("hsresnet_http_open_connections 2"), text);
        assertTrue(text.contains("hsresnet_batch_size_bucket{le=\"4\"} 1"), text);
        assertTrue(text.contains("hsresnet_batch_size_sum 4.000000"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z_]+(\\{[^}]*\\})? [0-9.]+"), line);
        }
    }
}
