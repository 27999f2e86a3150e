package dev.hsresnet.cli;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hsresnet init}: a model directory with freshly initialized weights. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a model directory (model.json + weights.safetensors) with freshly "
                + "initialized weights. The same seed gives the same weights.")
final class InitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "A registered model name (see 'models'): a "
            + "classifier, or a segmentation network such as fpn_hs_resnet26_lite.")
    private String name;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The model directory to create.")
    private Path out;

    @Mixin
    private ArchitectureOptions architecture;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Initialization seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one per line (sets --classes when that is not given).")
    private Path labelsFile;

    @Option(names = "--force", description = "Replace a model directory that already exists.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
        List<String> labels = labelsFile == null ? null : readLabels(labelsFile);
        if (SegmentationModels.isKnown(name)) {
            return initSegmentation(labels);
        }
        if (architecture.classes == null && labels != null) {
            architecture.classes = labels.size();
        }
        ModelEntry entry = Models.get(name);
        ResNetSpec arch = architecture.apply(entry.spec());
        int numClasses = arch.numClasses();
        int inChannels = arch.inChannels();
        checkTarget();
        ModelConfig config = ModelConfig.of(entry, numClasses, inChannels).withLabels(labels);
        try (ResNetModel model = ResNetModel.create(config, seed)) {
            ModelDir.save(model, out);
            var o = spec.commandLine().getOut();
            o.println("wrote " + out + ": " + config.name() + ", " + numClasses + " classes, "
                    + inChannels + " input channels, " + TextTable.count(model.parameterCount())
                    + " parameters, seed " + seed);
            o.flush();
        }
        return 0;
    }

    /**
     * A segmentation model directory: classes from --labels, else --classes numbered names, else
     * CamVid's 11.
     */
    private int initSegmentation(List<String> labels) throws IOException {
        List<String> names = labels;
        if (names == null) {
            names = architecture.classes == null ? SegmentationDataset.CAMVID_CLASSES
                    : java.util.stream.IntStream.range(0, architecture.classes)
                            .mapToObj(i -> "class" + i).toList();
        } else if (architecture.classes != null && architecture.classes != names.size()) {
            throw new IllegalArgumentException("--classes " + architecture.classes + " but "
                    + labelsFile + " names " + names.size() + " classes");
        }
        checkTarget();
        ModelConfig config = SegmentationModels.config(name,
                names);
        try (SegmentationModel model = SegmentationModel.create(config, seed)) {
            ModelDir.save(model, out);
            var o = spec.commandLine().getOut();
            o.println("wrote " + out + ": " + config.name() + " (segmentation), " + names.size()
                    + " classes, " + TextTable.count(model.parameterCount())
                    + " parameters, seed " + seed);
            o.flush();
        }
        return 0;
    }

    private void checkTarget() throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " exists and is not a directory");
        }
        if (Files.exists(out.resolve(ModelDir.CONFIG_FILE)) && !force) {
            throw new IllegalArgumentException(out + " already holds a model; pass --force to "
                    + "replace it");
        }
        try (Stream<Path> entries = Files.list(out)) {
            List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(ModelDir.CONFIG_FILE) && !n.equals(ModelDir.WEIGHTS_FILE)
                            && !n.equals(ModelDir.SERVING_PROPERTIES))
                    .toList();
            if (!others.isEmpty()) {
                throw new IllegalArgumentException(out + " is not empty (" + others.get(0)
                        + (others.size() > 1 ? " and " + (others.size() - 1) + " more" : "")
                        + "); choose a new or empty directory");
            }
        }
    }

    private static List<String> readLabels(Path file) throws IOException {
        List<String> labels = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(file + " has no labels (one name per line)");
        }
        return labels;
    }
}
