package dev.hsresnet.vision.task;

import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.models.SpecFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The backbone part of a dense model's name ({@code fpn_<backbone>}, {@code fcos_<backbone>}):
 * a registered model (any case) or a {@link SpecFile} path (kept as written, since paths are
 * case-sensitive).
 */
public final class Backbones {

    /** Appended to "unknown model" errors. */
    public static final String SPEC_FILE_HINT = " (or a prefix and a spec file, e.g. fpn_best"
            + SpecFile.SUFFIX + ")";

    private Backbones() {}

    /**
     * @param backbone the part after the prefix
     * @return its entry, empty when it is not a registered name
     * @throws IllegalArgumentException naming a spec file that cannot be read or is invalid
     */
    public static Optional<ModelEntry> find(String backbone) {
        if (SpecFile.isFileName(backbone)) {
            return Models.lookup(backbone);
        }
        String lower = backbone.toLowerCase(Locale.ROOT);
        return Models.list().stream().filter(e -> e.name().equals(lower)).findFirst();
    }

    /** @return whether {@code backbone} is a spec file name that exists */
    public static boolean isSpecFile(String backbone) {
        return SpecFile.isFileName(backbone) && Files.isRegularFile(Path.of(backbone));
    }

    /**
     * @param name a dense model's name
     * @param prefix its prefix, e.g. {@code fcos_}
     * @return the name its model directory records: the registered name in lower case, or the
     *     prefix and the spec file's own name (never a path)
     */
    public static String modelName(String name, String prefix) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(prefix) && SpecFile.isFileName(name)) {
            return prefix + Models.lookup(name.substring(prefix.length())).orElseThrow().name();
        }
        return lower;
    }
}
