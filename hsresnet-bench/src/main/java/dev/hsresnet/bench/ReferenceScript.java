package dev.hsresnet.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@value #RELATIVE}, the PyTorch timing script of this checkout: under the system property
 * {@code hsresnet.project.dir} if set, else in the working directory or one above it, else
 * above the jar or classes folder this class came from ({@code hsresnet-cli/target/...}).
 */
public final class ReferenceScript {

    /** The script's path inside the checkout. */
    public static final String RELATIVE = "tools/reference/bench_train_step.py";

    private ReferenceScript() {}

    /**
     * @return the script, if one of the places holds it
     */
    public static Optional<Path> locate() {
        List<Path> roots = new ArrayList<>();
        String project = System.getProperty("hsresnet.project.dir");
        if (project != null && !project.isBlank()) {
            roots.add(Path.of(project));
        }
        addWithParents(roots, Path.of("").toAbsolutePath());
        try {
            Path code = Path.of(ReferenceScript.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            addWithParents(roots, code);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source (an unusual class loader): the other places still count
        }
        for (Path root : roots) {
            Path script = root.resolve(RELATIVE);
            if (Files.isRegularFile(script)) {
                return Optional.of(script.normalize());
            }
        }
        return Optional.empty();
    }

    private static void addWithParents(List<Path> roots, Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            roots.add(p);
        }
    }
}
