package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.Classifier;
import java.net.URI;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server on a fake classifier shared by a test class: started before its first test, closed
 * (server, then classifier) after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningServer SERVER = RunningServer.fake(new FakeBackend(false), o -> o.maxImagesPerRequest(3));
 * }</pre>
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    private final ServerFixtures.FakeBackend backend;
    private final UnaryOperator<ServerOptions.Builder> options;
    private Classifier classifier;
    private Server server;

    private RunningServer(ServerFixtures.FakeBackend backend,
            UnaryOperator<ServerOptions.Builder> options) {
        this.backend = backend;
        this.options = options;
    }

    /**
     * @param backend the fake network the classifier runs
     * @param options changes to {@link ServerFixtures#options()}
     */
    static RunningServer fake(ServerFixtures.FakeBackend backend,
            UnaryOperator<ServerOptions.Builder> options) {
        return new RunningServer(backend, options);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classifier = ServerFixtures.fakeClassifier(backend);
        server = new Server(classifier, options.apply(ServerFixtures.options()).build()).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    /** @return the server's base address, e.g. {@code http://127.0.0.1:40123/} */
    URI base() {
        return server.uri();
    }

    /** @return the classifier the server runs */
    Classifier classifier() {
        return classifier;
    }
}
