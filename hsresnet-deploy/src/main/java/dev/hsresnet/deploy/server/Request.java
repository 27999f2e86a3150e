package dev.hsresnet.deploy.server;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A request whose headers and body have arrived in full.
 *
 * @param method e.g. {@code POST}
 * @param path the path, not decoded (e.g. {@code /v1/predict})
 * @param rawQuery the query, not decoded, or null
 * @param headers the request headers
 * @param body the body (empty when none), at most {@link ServerOptions#maxBodyBytes()}
 * @param receivedNanos {@link System#nanoTime()} when the headers arrived
 */
record Request(String method, String path, String rawQuery, HttpHeaders headers, byte[] body,
        long receivedNanos) {

    /** Splits the request target into path and query. */
    static Request of(String method, String uri, HttpHeaders headers, byte[] body,
            long receivedNanos) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return new Request(method, path, query, headers, body, receivedNanos);
    }

    /** @return the first value of a header, or null */
    String header(String name) {
        return headers.get(name);
    }
}
