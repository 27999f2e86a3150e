package dev.hsresnet.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A job's output directory, written whole or not at all: the job writes into {@code
 * <name>.tmp-<uuid>} beside it (not a hidden name: Spark's readers skip those), which is renamed to the final name once complete (on HDFS and
 * local disks a rename is atomic; on object stores it is a copy). A job that fails leaves the
 * previous output, if any, untouched, and its temporary directory is removed.
 */
final class OutputFiles {

    private final FileSystem fs;
    private final Path out;
    private final boolean overwrite;

    private OutputFiles(FileSystem fs, Path out, boolean overwrite) {
        this.fs = fs;
        this.out = out;
        this.overwrite = overwrite;
    }

    /**
     * @param spark the session (its Hadoop configuration)
     * @param out the output directory
     * @param overwrite whether an existing output may be replaced
     * @return the output
     * @throws IOException when it exists and {@code overwrite} is false, or is a file
     */
    static OutputFiles of(SparkSession spark, String out, boolean overwrite) throws IOException {
        Path p = new Path(out);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        p = fs.makeQualified(p);
        if (fs.exists(p)) {
            if (!fs.getFileStatus(p).isDirectory()) {
                throw new IOException("output " + out + " is a file, not a directory");
            }
            if (!overwrite) {
                throw new IOException("output " + out + " already exists; pass --overwrite to "
                        + "replace it once the new output is complete");
            }
        }
        return new OutputFiles(fs, p, overwrite);
    }

    /** Writes into a temporary directory given as a Hadoop path string. */
    interface Body {
        void write(String temporary) throws IOException;
    }

    /**
     * Runs {@code body} on a new temporary directory beside the output, then renames it to the
     * output; a body that fails leaves the output as it was and the temporary directory removed.
     *
     * @throws IOException from the body, or when the rename fails (the temporary directory is
     *     kept and named)
     */
    void writeAtomically(Body body) throws IOException {
        String temporary = new Path(out.getParent(), out.getName() + ".tmp-" + UUID.randomUUID())
                .toString();
        try {
            body.write(temporary);
        } catch (IOException | RuntimeException e) {
            discard(temporary);
            throw e;
        }
        commit(temporary);
    }

    /** Writes a small text file. */
    void writeText(String file, String text) throws IOException {
        try (FSDataOutputStream s = fs.create(new Path(file), false)) {
            s.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Renames the complete temporary directory to the output, replacing an old one if allowed. */
    private void commit(String temporary) throws IOException {
        Path tmp = new Path(temporary);
        if (fs.exists(out)) {
            if (!overwrite) {
                throw new IOException("output " + out + " appeared while the job ran; the "
                        + "results are in " + tmp);
            }
            fs.delete(out, true);
        }
        if (!fs.rename(tmp, out)) {
            throw new IOException("cannot rename " + tmp + " to " + out + "; the results are in "
                    + tmp);
        }
    }

    /** Removes a temporary directory left by a failed job. */
    private void discard(String temporary) {
        try {
            fs.delete(new Path(temporary), true);
        } catch (IOException e) {
            // best effort: the name says what it is
        }
    }
}
