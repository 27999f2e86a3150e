package dev.hsresnet.search;

import dev.hsresnet.core.engine.EngineSettings;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.text.TextFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The main class of a child JVM that runs one proxy trial ({@link ChildTrials}): reads the job
 * from the JSON file named by its argument, trains (or resumes, or reads back) and prints {@value
 * #RESULT} and the top-1 on its last line. Exit status 0 on success, 1 with the problem on the
 * line before.
 */
public final class TrialMain {

    /** The start of the result line. */
    public static final String RESULT = "@top1 ";

    private TrialMain() {}

    /**
     * @param args the job file
     */
    public static void main(String[] args) {
        EngineSettings.applyDefaults();
        try {
            TrialJob job = SpecJson.read(TextFiles.readUtf8(Path.of(args[0]), 1L << 20),
                    TrialJob.class);
            double top1 = ProxyTrials.runJob(job, System.out::println);
            System.out.println(RESULT + String.format(Locale.ROOT, "%.17g", top1));
            System.out.flush();
            System.exit(0);
        } catch (Exception | Error e) {
            System.out.println("trial failed: " + e);
            System.out.flush();
            System.exit(1);
        }
    }
}
