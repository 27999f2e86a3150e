package dev.hsresnet.search;

import dev.hsresnet.core.engine.ChildProcess;
import dev.hsresnet.core.engine.JvmCommand;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One proxy trial in a child JVM of its own ({@link TrialMain}), so that several can train at
 * once: DJL lets one process record gradients on one thread at a time, so two trainings in one
 * JVM (two Spark tasks of one executor) would collide. The child writes its lines to {@code
 * <runDir>.log}.
 */
public final class ChildTrials {

    /** The longest a trial may run, in milliseconds (a day). */
    public static final long TIMEOUT_MILLIS = 24L * 3600 * 1000;

    /** The child JVM's heap. */
    static final String HEAP = "4g";

    private ChildTrials() {}

    /**
     * @param job the trial
     * @param threads libtorch threads of the child
     * @return its proxy top-1, percent
     * @throws IOException naming the trial and how the child ended, with its last lines, when
     *     it fails
     */
    public static double run(TrialJob job, int threads) throws IOException {
        Path runDir = Path.of(job.runDir());
        Path jobFile = Path.of(job.runDir() + ".job.json");
        Files.createDirectories(jobFile.toAbsolutePath().getParent());
        AtomicFiles.write(jobFile, SpecJson.write(job).getBytes(StandardCharsets.UTF_8));
        List<String> command = JvmCommand.of(TrialMain.class, HEAP,
                Map.of("ai.djl.pytorch.num_threads", Integer.toString(threads)),
                List.of(jobFile.toString()));
        ChildProcess.Outcome out = ChildProcess.run(command, TIMEOUT_MILLIS);
        Files.write(Path.of(job.runDir() + ".log"), out.lines(), StandardCharsets.UTF_8);
        String last = out.lines().isEmpty() ? "" : out.lines().get(out.lines().size() - 1);
        if (out.exitCode() != 0 || !last.startsWith(TrialMain.RESULT)) {
            throw new IOException("proxy trial " + job.label() + " in " + runDir + ": "
                    + out.describe() + "\n" + out.tail());
        }
        return Double.parseDouble(last.substring(TrialMain.RESULT.length()).strip());
    }
}
