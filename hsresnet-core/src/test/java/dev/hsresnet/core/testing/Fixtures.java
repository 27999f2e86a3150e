package dev.hsresnet.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed PyTorch fixtures under {@code src/test/resources/fixtures}. */
public final class Fixtures {

    private Fixtures() {}

    /** @return the fixtures folder */
    public static Path root() {
        URL url = Fixtures.class.getResource("/fixtures");
        if (url == null) {
            throw new IllegalStateException("test resources have no fixtures folder");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every fixture directory (one holding a spec.json), sorted by name */
    public static Stream<Path> directories() {
        try (Stream<Path> list = Files.list(root())) {
            return list.filter(p -> Files.isRegularFile(p.resolve("spec.json")))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the fixture directory of that name */
    public static Path dir(String name) {
        Path p = root().resolve(name);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no fixture " + name + " under " + root());
        }
        return p;
    }
}
