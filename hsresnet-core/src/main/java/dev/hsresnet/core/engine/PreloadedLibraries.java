package dev.hsresnet.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which of the native libraries that {@code bin/hsresnet} preloads (docs/engine.md) this process
 * actually runs with, read from the process's memory map: an application that embeds hsresnet
 * without the launcher can check that it set them up the same way.
 */
public final class PreloadedLibraries {

    /** File name of tools/native/mkl_intel_path.c once compiled. */
    public static final String MKL_INTEL_PATH = "libhsresnet_mkl_intel_path.so";

    /** File name prefix of Debian's tcmalloc. */
    public static final String TCMALLOC = "libtcmalloc";

    private static final Path MAPS = Path.of("/proc/self/maps");

    private PreloadedLibraries() {}

    /** @return whether tcmalloc is mapped into this process */
    public static boolean tcmalloc() {
        return mapped(TCMALLOC);
    }

    /** @return whether the shim that forces oneMKL's Intel code path is mapped into this process */
    public static boolean mklIntelPath() {
        return mapped(MKL_INTEL_PATH);
    }

    /**
     * @param fileNamePart part of a library's file name
     * @return whether a mapped file's name contains it; false where /proc is unavailable
     */
    static boolean mapped(String fileNamePart) {
        return mapped(fileNamePart, maps());
    }

    static boolean mapped(String fileNamePart, List<String> mapsLines) {
        for (String line : mapsLines) {
            int slash = line.lastIndexOf('/');
            if (slash >= 0 && line.substring(slash + 1).contains(fileNamePart)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> maps() {
        try {
            return Files.readAllLines(MAPS);
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
    }
}
