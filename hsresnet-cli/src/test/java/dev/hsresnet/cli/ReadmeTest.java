package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README stays true: its model table is the code's, and CI runs its test command. */
class ReadmeTest {

    private static final Path ROOT =
            Path.of(System.getProperty("hsresnet.project.dir", "..")).toAbsolutePath();

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void modelTableIsTheGeneratedOne() throws IOException {
        String text = readme();
        String begin = "<!-- models-table -->\n";
        int from = text.indexOf(begin) + begin.length();
        int to = text.indexOf("<!-- /models-table -->");
        assertTrue(from > begin.length() && to > from, "README has the table markers");
        assertEquals(ModelsCommand.markdownTable(), text.substring(from, to),
                "regenerate with: bin/hsresnet models --markdown");
    }

    @Test
    void theTwoCommandsOpenTheReadmeAndCiRunsTheTestOne() throws IOException {
        String text = readme();
        String block = text.substring(text.indexOf("```bash\n") + 8, text.indexOf("```", text.indexOf("```bash\n") + 8));
        List<String> commands = block.lines().map(l -> l.replaceAll("\\s+#.*", "").strip()).toList();
        assertEquals(List.of("bin/hsresnet demo", "mvn -B -ntp verify"), commands);
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertEquals("mvn -B -ntp verify", ci.get(ci.size() - 1).strip());
    }
}
