package dev.hsresnet.cli;

import dev.hsresnet.train.detection.DetectionTrainRun;
import dev.hsresnet.train.instance.InstanceTrainRun;
import dev.hsresnet.train.loop.TrainRun;
import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.train.recipe.InstanceRecipe;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.recipe.SegmentationRecipe;
import dev.hsresnet.train.segmentation.SegmentationTrainRun;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet train}: a training run from a recipe or from flags, or its resumption. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model. The run directory receives the recipe, metrics.csv, "
                + "summary.json, PNG plots, checkpoints, the best and the final model "
                + "directories. A run killed at any point continues with --resume.",
        footer = {"", "Examples:",
            "  hsresnet train --model hs_resnet29_cifar --data cifar10-jpg/ --kind cifar10-jpg "
                    + "--epochs 30 --out runs/hs29",
            "  hsresnet train --recipe recipe.yaml -o optimizer.lr=0.2 -o epochs=60 --out runs/a",
            "  hsresnet train --model fpn_hs_resnet26_lite --data camvid/ --kind camvid "
                    + "--epochs 80 --out runs/seg",
            "  hsresnet train --model fcos_hs_resnet26_lite --data raccoon/ --kind raccoon "
                    + "--epochs 150 --out runs/det",
            "  hsresnet train --model yolact_hs_resnet26_lite --data PennFudanPed/ "
                    + "--kind pennfudan-instances --epochs 120 --out runs/inst",
            "  hsresnet train --resume runs/a"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--recipe", paramLabel = "FILE",
                description = "Recipe file (.json, .yaml or .yml).")
        Path recipe;

        @Option(names = "--model", paramLabel = "NAME",
                description = "Registered model (with --data).")
        String model;

        @Option(names = "--resume", paramLabel = "RUN_DIR",
                description = "Continue a run from its newest intact checkpoint, with the recipe "
                        + "saved in it: no other option may be given.")
        Path resume;
    }

    @Option(names = "--data", paramLabel = "PATH", description = "Training data (with --model).")
    private String data;

    @Option(names = "--kind", paramLabel = "KIND", description = "folder, cifar10, cifar10-jpg "
            + "or fashion-mnist for classifiers; camvid or folder for segmentation models; "
            + "raccoon, pennfudan, voc, coco or csv for detectors; pennfudan-instances or "
            + "coco-instances for instance segmentation models (default: folder; camvid for segmentation, raccoon "
            + "for detection, pennfudan-instances for instance segmentation).")
    private String kind;

    @Option(names = "--val", paramLabel = "PATH", description = "Validation data (default: "
            + "the test split, or 10%% of a folder).")
    private String val;

    @Option(names = "--epochs", paramLabel = "N", converter = OptionTypes.Positive.class,
            description = "Epochs.")
    private Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N",
            converter = OptionTypes.Positive.class, description = "Images per step.")
    private Integer batchSize;

    @Option(names = "--lr", paramLabel = "LR", converter = OptionTypes.PositiveDouble.class,
            description = "Peak learning rate.")
    private Double lr;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialization, order "
            + "and augmentation.")
    private Long seed;

    @Option(names = {"-o", "--override"}, paramLabel = "KEY=VALUE",
            description = "Recipe override, repeatable (e.g. -o schedule.warmupEpochs=2).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--backbone", paramLabel = "MODEL_DIR", description = "Segmentation, "
            + "detection and instance segmentation models: "
            + "start the backbone from this classification model directory (e.g. RUN/best), "
            + "checked by name and shape.")
    private Path backbone;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (new or empty).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        ConsoleProgress progress = ConsoleProgress.forStdout(spec.commandLine().getOut());
        Task task = task();
        if (task != Task.CLASSIFICATION) {
            Path runDir;
            if (source.resume != null) {
                refuseWithResume();
                runDir = switch (task) {
                    case SEGMENTATION -> SegmentationTrainRun.resume(source.resume, progress)
                            .runDir();
                    case DETECTION -> DetectionTrainRun.resume(source.resume, progress).runDir();
                    default -> InstanceTrainRun.resume(source.resume, progress).runDir();
                };
            } else {
                requireOut();
                runDir = switch (task) {
                    case SEGMENTATION -> SegmentationTrainRun.start(denseRecipe(
                            SegmentationRecipe.class, () -> SegmentationRecipe.of(
                                    SegmentationRecipe.Model.of(source.model, null, null, null),
                                    SegmentationRecipe.Data.of(kind == null ? "camvid" : kind,
                                            data, null, null, null, null), null, null, null,
                                    null, null, null, null, null, null)), out, progress)
                            .runDir();
                    case DETECTION -> DetectionTrainRun.start(denseRecipe(DetectionRecipe.class,
                            () -> DetectionRecipe.of(model(), detectionData(kind), null, null,
                                    null, null, null, null, null, null, null, null)), out,
                            progress).runDir();
                    default -> InstanceTrainRun.start(denseRecipe(InstanceRecipe.class,
                            () -> InstanceRecipe.of(model(), detectionData(kind == null
                                    ? InstanceRecipe.KINDS.get(0) : kind), null, null, null,
                                    null, null, null, null, null, null, null)), out, progress)
                            .runDir();
                };
            }
            var o = spec.commandLine().getOut();
            o.println("run: " + runDir + " (metrics.csv, summary.json, val-metrics.json; "
                    + "best model in " + runDir.resolve(SegmentationTrainRun.BEST) + ")");
            o.flush();
            return 0;
        }
        TrainRun.Result result;
        if (source.resume != null) {
            refuseWithResume();
            result = TrainRun.resume(source.resume, progress);
        } else {
            requireOut();
            result = TrainRun.start(recipe(), out, progress);
        }
        var o = spec.commandLine().getOut();
        o.println("run: " + result.runDir() + " (metrics.csv, summary.json, loss.png, "
                + "accuracy.png, lr.png; best model in " + result.bestModel() + ")");
        o.flush();
        return 0;
    }

    private void requireOut() {
        if (out == null) {
            throw OptionTypes.usage(spec, "--out RUN_DIR is required for a new run");
        }
    }

    /** @return the model section of a detection or instance recipe from {@code --model} */
    private DetectionRecipe.Model model() {
        return DetectionRecipe.Model.of(source.model, null, null, null);
    }

    /** @return the data section of a detection or instance recipe from {@code --data} */
    private DetectionRecipe.Data detectionData(String dataKind) {
        return DetectionRecipe.Data.of(dataKind, data, null, null, null, null);
    }

    /** What a run trains. */
    private enum Task { CLASSIFICATION, SEGMENTATION, DETECTION, INSTANCE }

    /** @return what the run trains (by model name, recipe or run directory) */
    private Task task() throws IOException {
        if (source.resume != null) {
            return SegmentationTrainRun.isSegmentationRun(source.resume) ? Task.SEGMENTATION
                    : DetectionTrainRun.isDetectionRun(source.resume) ? Task.DETECTION
                    : InstanceTrainRun.isInstanceRun(source.resume) ? Task.INSTANCE
                    : Task.CLASSIFICATION;
        }
        String name = source.model != null ? source.model : Recipes.modelName(source.recipe);
        return SegmentationModels.isKnown(name) ? Task.SEGMENTATION
                : DetectionModels.isKnown(name) ? Task.DETECTION
                : InstanceModels.isKnown(name) ? Task.INSTANCE
                : Task.CLASSIFICATION;
    }

    /**
     * A dense task's recipe: the recipe file, or the defaults for {@code --model} and {@code
     * --data}, then the flags as overrides.
     */
    private <T extends Record> T denseRecipe(Class<T> type, Supplier<T> fromFlags)
            throws IOException {
        T base;
        List<String> all = new ArrayList<>();
        if (source.recipe != null) {
            base = Recipes.load(source.recipe, type);
            if (data != null) {
                all.add("data.root=" + data);
            }
            if (kind != null) {
                all.add("data.kind=" + kind);
            }
        } else {
            if (data == null) {
                throw OptionTypes.usage(spec, "--data PATH is required with --model");
            }
            base = OptionTypes.usageChecked(spec, "--model", fromFlags);
        }
        if (val != null) {
            all.add("data.val=" + val);
        }
        if (backbone != null) {
            all.add("model.backbone=" + backbone);
        }
        common(all);
        final T recipe = base;
        return all.isEmpty() ? recipe : OptionTypes.usageChecked(spec, "-o",
                () -> Recipes.applyOverrides(recipe, all));
    }

    private void common(List<String> all) {
        if (epochs != null) {
            all.add("epochs=" + epochs);
        }
        if (batchSize != null) {
            all.add("batchSize=" + batchSize);
        }
        if (lr != null) {
            all.add("optimizer.lr=" + lr);
        }
        if (seed != null) {
            all.add("seed=" + seed);
        }
        all.addAll(overrides);
    }

    /** The options that describe a new run, which a resumed run takes from its recipe.json. */
    private static final List<String> NEW_RUN_OPTIONS = List.of("--data", "--kind", "--val",
            "--epochs", "--batch-size", "--lr", "--seed", "--override", "--backbone", "--out");

    /**
     * A resumed run continues the recipe saved in it, unchanged: any option that would change it
     * (and so be ignored) is a usage error naming it.
     */
    private void refuseWithResume() {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> given = new ArrayList<>();
        for (String name : NEW_RUN_OPTIONS) {
            OptionSpec option = spec.findOption(name);
            if (parsed.hasMatchedOption(option)) {
                given.add(String.join("/", option.names()));
            }
        }
        if (!given.isEmpty()) {
            throw OptionTypes.usage(spec, "--resume continues the run with "
                    + "the recipe saved in it (" + TrainRun.RECIPE_FILE + "); it cannot be "
                    + "combined with " + String.join(", ", given));
        }
    }

    private Recipe recipe() throws IOException {
        Recipe base;
        List<String> all = new ArrayList<>();
        if (source.recipe != null) {
            base = Recipes.load(source.recipe);
            if (data != null) {
                all.add("data.train=" + data);
            }
            if (kind != null) {
                all.add("data.kind=" + kind);
            }
        } else {
            if (data == null) {
                throw OptionTypes.usage(spec, "--data PATH is required with --model");
            }
            DataKind dataKind = OptionTypes.dataKind(spec, kind == null ? "folder" : kind);
            base = OptionTypes.usageChecked(spec, "--model",
                    () -> Recipe.defaults(source.model, dataKind, data));
        }
        if (val != null) {
            all.add("data.val=" + val);
        }
        if (backbone != null) {
            throw OptionTypes.usage(spec, "--backbone starts a dense model's backbone; "
                    + source.model + " is a classifier");
        }
        common(all);
        final Recipe recipe = base;
        return all.isEmpty() ? recipe : OptionTypes.usageChecked(spec, "-o",
                () -> Recipes.applyOverrides(recipe, all));
    }
}
