package dev.hsresnet.train.segmentation;

import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.data.segmentation.SegmentationSample;
import dev.hsresnet.train.report.Charts;
import dev.hsresnet.vision.segmentation.Palette;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import dev.hsresnet.vision.segmentation.SegmentationPanel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pictures of a segmentation run or evaluation: training curves ({@code loss.png}: training
 * loss per epoch; {@code val.png}: validation mIoU, pixel and class accuracy at the evaluated
 * epochs), per-class IoU bars, and panels (image | ground truth | prediction) of a few images.
 * Drawing is skipped with a warning on a machine without fonts (see {@link Charts}).
 */
public final class SegmentationPictures {

    private SegmentationPictures() {}

    /**
     * Writes {@code loss.png} and {@code val.png} into a run directory.
     *
     * @param log the run's epochs
     * @param dir the run directory
     * @throws IOException when a file cannot be written
     */
    public static void curves(SegmentationLog log, Path dir) throws IOException {
        List<SegmentationEpoch> all = log.epochs();
        if (all.isEmpty()) {
            return;
        }
        int[] epochs = all.stream().mapToInt(SegmentationEpoch::epoch).toArray();
        double[] train = all.stream().mapToDouble(SegmentationEpoch::trainLoss).toArray();
        Charts.epochCurves(dir.resolve("loss.png"), "training loss", "cross-entropy", epochs,
                List.of(new Charts.Curve("train loss", train)));
        List<SegmentationEpoch> evaluated = all.stream().filter(SegmentationEpoch::evaluated)
                .toList();
        if (evaluated.isEmpty()) {
            return;
        }
        Charts.epochCurves(dir.resolve("val.png"), "validation", "%",
                evaluated.stream().mapToInt(SegmentationEpoch::epoch).toArray(), List.of(
                        curve("mIoU", evaluated, SegmentationEpoch::valMeanIou),
                        curve("pixel accuracy", evaluated, SegmentationEpoch::valPixelAccuracy),
                        curve("mean class accuracy", evaluated,
                                SegmentationEpoch::valMeanClassAccuracy)));
    }

    /**
     * @param file the PNG
     * @param split the split's name, for the title
     * @param metrics the split's metrics
     * @throws IOException when the file cannot be written
     */
    public static void perClassIou(Path file, String split, SegmentationMetrics.Summary metrics)
            throws IOException {
        Charts.perClassIou(file, split, metrics.classes(),
                metrics.classIou().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Panels of {@code count} pairs of a split, evenly spaced in its order, named after the image
     * files.
     *
     * @param model the model (inference mode)
     * @param set the pairs
     * @param count how many panels
     * @param dir the folder to write them into
     * @return the files written
     * @throws IOException when a pair cannot be read or a file written
     */
    public static List<Path> panels(NetworkModel model, SegmentationDataset set, int count,
            Path dir) throws IOException {
        Files.createDirectories(dir);
        var normalize = PreprocessingTransforms.normalize(model.config().preprocessing());
        Palette palette = set.classes().equals(SegmentationDataset.CAMVID_CLASSES)
                ? Palette.camvid() : Palette.forClasses(set.classes());
        SegmentationPanel panel = new SegmentationPanel(set.classes(), palette, set.ignoreIndex());
        List<Path> written = new ArrayList<>();
        int n = Math.min(count, set.size());
        for (int k = 0; k < n; k++) {
            int index = (int) ((long) k * set.size() / n);
            SegmentationSample s = set.load(index);
            Image x = normalize.apply(s.image(), new SplittableRandom(0));
            int[] predicted = SegmentationEvaluator.predict(model, x);
            String stem = set.image(index).getFileName().toString().replaceFirst("\\.[^.]*$", "");
            Path file = dir.resolve(stem + ".png");
            panel.writePng(file, s.image(), s.mask(),
                    new LabelMask(s.height(), s.width(), predicted));
            written.add(file);
        }
        return written;
    }

    private static Charts.Curve curve(String name, List<SegmentationEpoch> epochs,
            java.util.function.ToDoubleFunction<SegmentationEpoch> value) {
        return new Charts.Curve(name, epochs.stream().mapToDouble(e -> 100 * value.applyAsDouble(e))
                .toArray());
    }
}
