package dev.hsresnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Throughput of the CIFAR-10 training pipeline: JPEG decode, {@code PadRandomCrop(32, 4)},
 * {@code HorizontalFlip}, {@link Normalize#cifar10()}, batches of 128, shuffled, prefetch 4.
 *
 * <pre>
 * java -cp ... dev.hsresnet.data.DataBench &lt;root-or-tar.gz&gt; [workers] [batches]
 * </pre>
 *
 * <ul>
 *   <li>{@code root-or-tar.gz}: a class-per-folder tree, or a folder or {@code .tar.gz} holding
 *       {@code train/<class>/*.jpg} (an archive is extracted once into {@code
 *       target/databench/<archive name>}, or the folder named by {@code -Ddatabench.extractDir}).
 *   <li>{@code workers}: comma-separated worker counts to measure, default {@code 1,2}.
 *   <li>{@code batches}: timed batches per run, default 200 (capped at one epoch, 390).
 * </ul>
 *
 * <p>One warm-up epoch runs first (JIT, page cache); each configuration then runs {@value
 * #WARMUP} more warm-up batches and {@value
 * #REPEATS} timed runs over different epochs; one line per configuration on standard output
 * (this is a command-line tool) gives the median and the range. The checksum is the same for
 * every worker count (the batches are identical).
 */
public final class DataBench {

    private static final int BATCH = 128;
    private static final int WARMUP = 100;
    private static final int REPEATS = 3;

    private DataBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args root or archive, optional worker list, optional batch count
     * @throws IOException if the archive cannot be extracted
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: DataBench <cifar10-jpg-root-or-tar.gz> [workers,...] [batches]");
            System.exit(2);
        }
        Path root = resolveRoot(Path.of(args[0]));
        int[] workerCounts = Arrays.stream((args.length > 1 ? args[1] : "1,2").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 200;

        ImageFolderDataset dataset = ImageFolderDataset.open(root, 3);
        Transform train = Transforms.compose(
                new PadRandomCrop(32, 4), new HorizontalFlip(0.5), Normalize.cifar10());
        System.out.printf(Locale.ROOT, "dataset %s: %d images, %d classes; %d cpus; java %s%n",
                root, dataset.size(), dataset.classes().size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        int maxWorkers = Arrays.stream(workerCounts).max().orElse(1);
        DataLoader warm = new DataLoader(dataset, train, BATCH, true, true, 0L, maxWorkers, 4, null);
        run(warm, 2000, warm.batchesPerEpoch()); // one epoch to warm up the JIT and the page cache
        for (int workers : workerCounts) {
            DataLoader loader =
                    new DataLoader(dataset, train, BATCH, true, true, 0L, workers, 4, null);
            int timed = Math.min(batches, loader.batchesPerEpoch());
            run(loader, 1000, Math.min(WARMUP, loader.batchesPerEpoch()));
            double[] rates = new double[REPEATS];
            double checksum = 0;
            long images = (long) timed * BATCH;
            for (int r = 0; r < REPEATS; r++) {
                long t0 = System.nanoTime();
                checksum += run(loader, r, timed);
                rates[r] = images / ((System.nanoTime() - t0) / 1e9);
            }
            Arrays.sort(rates);
            System.out.printf(Locale.ROOT,
                    "workers=%d batch=%d batches=%d images/run=%d runs=%d throughput median=%.0f img/s"
                            + " (min %.0f, max %.0f) skipped=%d checksum=%.1f%n",
                    workers, BATCH, timed, images, REPEATS, rates[REPEATS / 2], rates[0],
                    rates[REPEATS - 1], loader.skippedImages().count(), checksum);
        }
    }

    private static double run(DataLoader loader, int epoch, int batches) {
        double sum = 0;
        try (EpochIterator it = loader.epoch(epoch, 0)) {
            for (int b = 0; b < batches && it.hasNext(); b++) {
                Batch batch = it.next();
                sum += batch.images()[0] + batch.labels()[batch.n() - 1];
            }
        }
        return sum;
    }

    private static Path resolveRoot(Path arg) throws IOException {
        Path root = arg;
        String name = arg.getFileName().toString();
        if (Files.isRegularFile(arg) && (name.endsWith(".tar.gz") || name.endsWith(".tgz"))) {
            String base = name.replaceFirst("\\.(tar\\.gz|tgz)$", "");
            String dir = System.getProperty("databench.extractDir");
            Path dest = dir != null ? Path.of(dir) : Path.of("target", "databench", base);
            root = TarGz.extractOnce(arg, dest);
        }
        return Files.isDirectory(root.resolve("train")) ? root.resolve("train") : root;
    }
}
