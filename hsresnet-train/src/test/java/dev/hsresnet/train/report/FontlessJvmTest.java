package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine without fonts, for real: {@link FontlessMain} runs in a JVM inside a private mount
 * namespace where an empty directory hides /usr/share/fonts and fontconfig reads an empty
 * configuration. The JDK then fails its first text measurement with "No physical fonts found";
 * the report writers must skip their charts instead of ending the run. Needs root and
 * util-linux's unshare; skipped elsewhere (and when the JVM still finds a font).
 */
class FontlessJvmTest {
    @TempDir
    Path dir;

    @Test
    void reportWritersSkipTheirChartsOnAMachineWithoutFonts() throws IOException, InterruptedException {
        assumeTrue(canHideFonts(), "needs root, unshare and /usr/share/fonts");
        Path empty = Files.createDirectories(dir.resolve("no-fonts"));
        Path conf = dir.resolve("fonts.conf");
        Files.writeString(conf, "<?xml version=\"1.0\"?><fontconfig><cachedir>" + dir.resolve("fc-cache")
                + "</cachedir></fontconfig>\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "mount --bind \"$1\" /usr/share/fonts && shift && exec \"$@\"";
        ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script,
                "sh", empty.toString(), java, "-Djava.awt.headless=true", "-Duser.home=" + dir,
                "-cp", System.getProperty("java.class.path"), FontlessMain.class.getName(), out.toString());
        pb.environment().put("FONTCONFIG_FILE", conf.toString());
        pb.environment().put("HOME", dir.toString()); // no ~/.fonts, no cached font list
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assumeTrue(p.exitValue() != 3, "the JVM still found a font:\n" + text);
        assumeTrue(!text.contains("mount:") && !text.contains("unshare:"), "cannot hide the fonts:\n" + text);
        assertEquals(0, p.exitValue(), text);
    }

    private static boolean canHideFonts() {
        if (!Files.isDirectory(Path.of("/usr/share/fonts")) || !"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        for (String d : List.of("/usr/bin/unshare", "/bin/unshare")) {
            if (Files.isExecutable(Path.of(d))) {
                return true;
            }
        }
        return false;
    }
}
