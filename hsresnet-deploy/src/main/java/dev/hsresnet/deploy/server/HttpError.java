package dev.hsresnet.deploy.server;

/**
 * A request that is answered with an error status and {@code {"error": message}}. Thrown by the
 * request-reading and parsing code, turned into the answer by {@link Router}.
 */
final class HttpError extends Exception {

    private final int status;

    /**
     * @param status the HTTP status (4xx or 5xx)
     * @param message what the client did wrong or why the server cannot answer, for the JSON body
     */
    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    int status() {
        return status;
    }
}
