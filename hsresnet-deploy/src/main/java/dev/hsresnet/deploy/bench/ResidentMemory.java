package dev.hsresnet.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set size, from {@code /proc/self/status} (Linux). */
public final class ResidentMemory {

    private ResidentMemory() {}

    /**
     * @return resident memory in bytes (VmRSS)
     * @throws IllegalStateException when {@code /proc/self/status} has no VmRSS line
     */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).replace("kB", "").strip();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }
}
