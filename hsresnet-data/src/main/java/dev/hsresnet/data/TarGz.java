package dev.hsresnet.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts {@code .tar.gz} archives of datasets (regular files and folders only; links and
 * special entries are ignored; entries escaping the destination are refused).
 */
public final class TarGz {

    private static final String MARKER = ".extracted";

    private TarGz() {}

    /**
     * Extracts an archive into a folder once: if {@code dest/.extracted} exists the archive is
     * not read again; the marker is written after a complete extraction.
     *
     * @param archive the {@code .tar.gz} file
     * @param dest the destination folder (created if needed)
     * @return {@code dest}
     * @throws IOException if reading or writing fails, or an entry would escape {@code dest}
     */
    public static Path extractOnce(Path archive, Path dest) throws IOException {
        if (Files.exists(dest.resolve(MARKER))) {
            return dest;
        }
        extract(archive, dest);
        Files.writeString(dest.resolve(MARKER), archive.toAbsolutePath().toString());
        return dest;
    }

    /**
     * Extracts every folder and regular file of an archive, overwriting existing files.
     *
     * @param archive the {@code .tar.gz} file
     * @param dest the destination folder (created if needed)
     * @throws IOException if reading or writing fails, or an entry would escape {@code dest}
     */
    public static void extract(Path archive, Path dest) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("archive " + archive + " entry escapes the destination: "
                            + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
