package dev.hsresnet.deploy.server;

import java.io.IOException;

/** Handles the requests of one path and method; answers through the {@link Call}. */
@FunctionalInterface
interface Endpoint {

    /**
     * @param call the request; answered here or later, from another thread
     * @throws HttpError to answer with an error status
     * @throws IOException when the connection fails
     */
    void handle(Call call) throws HttpError, IOException;
}
