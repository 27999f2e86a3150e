package dev.hsresnet.deploy.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches on the exact path (the JDK's contexts match prefixes) and the method: an unknown
 * path is answered 404, a known path with another method 405 with {@code Allow}. Turns every
 * failure into a JSON error answer so that no request is left unanswered.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** What answers one path. */
    record Route(String method, Endpoint endpoint) {}

    private final Map<String, Route> routes;
    private final ServerOptions options;
    private final Metrics metrics;
    private final InFlight inFlight;
    private final BooleanSupplier accepting;

    Router(Map<String, Route> routes, ServerOptions options, Metrics metrics, InFlight inFlight,
            BooleanSupplier accepting) {
        this.routes = Map.copyOf(routes);
        this.options = options;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.accepting = accepting;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Call call = new Call(exchange, options.requestTimeout().toNanos(), options.maxBodyBytes(),
                metrics, inFlight);
        try {
            if (!accepting.getAsBoolean()) {
                exchange.getResponseHeaders().set("Connection", "close");
                call.error(503, "the server is shutting down");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Route route = routes.get(path);
            if (route == null) {
                call.error(404, "no endpoint " + clip(path) + " (endpoints: POST /v1/predict, "
                        + "GET /v1/model, GET /health, GET /metrics)");
                return;
            }
            if (!route.method().equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", route.method());
                call.error(405, clip(exchange.getRequestMethod()) + " is not allowed on " + path
                        + "; use " + route.method());
                return;
            }
            route.endpoint().handle(call);
        } catch (HttpError e) {
            LOG.debug("{} {}: {} {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.status(), e.getMessage());
            call.error(e.status(), e.getMessage());
        } catch (IOException e) {
            call.abandon(e);
        } catch (RuntimeException | Error e) {
            LOG.error("failed to handle {} {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e);
            call.error(500, "internal error (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Keeps echoed client text short. */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
