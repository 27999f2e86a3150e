package dev.hsresnet.deploy.server;

import dev.hsresnet.core.text.Printable;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a complete request on its exact path and method: an unknown path is answered 404, a
 * known path with another method 405 with {@code Allow}, a missing or wrong bearer token (when
 * the server has one) 401 with {@code WWW-Authenticate: Bearer}. Light endpoints answer on the
 * event loop; heavy ones ({@link Route#blocking()}) run on the worker pool, 503 when its queue is
 * full. Turns every failure into a JSON error answer so that no request is left unanswered.
 */
final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Paths answered without a token: load balancers and orchestrators probe them. */
    static final Set<String> OPEN_PATHS = Set.of("/health", "/v2/health/live",
            "/v2/health/ready");

    /**
     * What answers one path.
     *
     * @param method the allowed method
     * @param endpoint the handler
     * @param blocking whether it decodes or waits (then it runs on a worker thread)
     */
    record Route(String method, Endpoint endpoint, boolean blocking) {}

    private final Map<String, Route> routes;
    private final Function<String, Route> patterns;
    private final String endpoints;
    private final ServerOptions options;
    private final Metrics metrics;
    private final InFlight inFlight;
    private final BooleanSupplier accepting;
    private final Executor workers;
    private final byte[] token;

    /**
     * @param routes the exact paths
     * @param patterns resolves paths with parameters ({@code /v2/models/{name}/...}), or null
     * @param endpoints the endpoints served, listed in 404 answers
     * @param workers runs the blocking routes
     * @param token the expected bearer token (UTF-8), or null for no check
     */
    Router(Map<String, Route> routes, Function<String, Route> patterns, String endpoints,
            ServerOptions options, Metrics metrics, InFlight inFlight, BooleanSupplier accepting,
            Executor workers, byte[] token) {
        this.routes = Map.copyOf(routes);
        this.patterns = patterns;
        this.endpoints = endpoints;
        this.options = options;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.accepting = accepting;
        this.workers = workers;
        this.token = token == null ? null : token.clone();
    }

    /** Handles one complete request; called on the event loop, never blocks. */
    void dispatch(HttpConnection.PendingRequest pending) {
        Request request = pending.request();
        Call call = new Call(request, pending.responder(), options.requestTimeout().toNanos(),
                metrics, inFlight);
        try {
            if (!accepting.getAsBoolean()) {
                call.closeAfter();
                call.error(503, "the server is shutting down");
                return;
            }
            String path = request.path();
            Route route = routes.get(path);
            if (route == null && patterns != null) {
                route = patterns.apply(path);
            }
            if (route == null) {
                call.error(404, "no endpoint " + clip(path) + " (endpoints: " + endpoints + ")");
                return;
            }
            if (token != null && !OPEN_PATHS.contains(path) && !authorized(request)) {
                call.header("WWW-Authenticate", request.header("Authorization") == null
                        ? "Bearer realm=\"hsresnet\""
                        : "Bearer realm=\"hsresnet\", error=\"invalid_token\"");
                call.error(401, "missing or wrong bearer token: send 'Authorization: Bearer "
                        + "<token>'");
                return;
            }
            if (!route.method().equals(request.method())) {
                call.header("Allow", route.method());
                call.error(405, clip(request.method()) + " is not allowed on " + clip(path)
                        + "; use " + route.method());
                return;
            }
            Route chosen = route;
            if (chosen.blocking()) {
                workers.execute(() -> run(chosen, call));
            } else {
                run(chosen, call);
            }
        } catch (RejectedExecutionException e) {
            call.error(503, "all " + options.workers() + " workers are busy and their queue is "
                    + "full");
        } catch (RuntimeException | Error e) {
            LOG.error("failed to dispatch {} {}", clip(request.method()), clip(request.path()),
                    e);
            call.error(500, "internal error (" + e.getClass().getSimpleName() + ")");
        }
    }

    private boolean authorized(Request request) {
        String header = request.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time for equal lengths
    }

    private void run(Route route, Call call) {
        Request request = call.request();
        try {
            route.endpoint().handle(call);
        } catch (HttpError e) {
            LOG.debug("{} {}: {} {}", clip(request.method()), clip(request.path()), e.status(),
                    Printable.escape(e.getMessage()));
            call.error(e.status(), e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("failed to handle {} {}", clip(request.method()), clip(request.path()), e);
            call.error(500, "internal error (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Keeps echoed client text (a path, a file name, a header) short and printable: at most 100
     * characters, control characters escaped ({@link Printable#escape}), so that it cannot forge
     * log lines or drive a terminal.
     */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return Printable.escape(s.length() <= 100 ? s : s.substring(0, 100) + "...");
    }
}
