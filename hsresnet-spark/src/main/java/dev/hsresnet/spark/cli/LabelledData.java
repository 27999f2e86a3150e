package dev.hsresnet.spark.cli;

import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.spark.ImageInputs;
import dev.hsresnet.spark.LabelledTables;
import dev.hsresnet.spark.SparkTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * A labelled table for {@code spark eval}: a Parquet table ({@code --table}), or a dataset the
 * single-machine {@code eval} reads ({@code --data}, {@code --kind}, {@code --split}) turned into
 * one on the driver.
 */
public final class LabelledData {

    @Option(names = "--table", paramLabel = "PATH",
            description = "A labelled Parquet table (written by 'spark table', or with the same "
                    + "columns).")
    String table;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Instead of --table: a dataset folder, as 'eval --data' takes it.")
    Path data;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "With --data: folder (classifiers: class folders; segmentation: "
                    + "images/, masks/, classes.txt), camvid, or a detection kind (raccoon, "
                    + "pennfudan, voc, coco, csv, pennfudan-instances, coco-instances). Default: "
                    + "folder, camvid for segmentation, raccoon for detection, "
                    + "pennfudan-instances for instances.")
    String kind;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
            description = "With --data: the split of a CamVid or detection dataset (default: "
                    + "${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--id-column", paramLabel = "NAME", defaultValue = "id",
            description = "The table's id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--image-column", paramLabel = "NAME", defaultValue = "image",
            description = "The table's image-bytes column (default: ${DEFAULT-VALUE}).")
    String imageColumn;

    @Option(names = "--label-column", paramLabel = "NAME", defaultValue = "label",
            description = "The table's label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    /**
     * @return the ignore index of the data: CamVid's 11 for CamVid (--kind camvid, or --data of a
     *     segmentation model without --kind), else 255 (a --table's kind is what --kind says)
     */
    int defaultIgnoreIndex(SparkTask task) {
        String k = table != null ? kind : kindFor(task);
        return task == SparkTask.SEGMENT && "camvid".equals(k)
                ? SegmentationDataset.CAMVID_IGNORE_INDEX
                : SegmentationDataset.DEFAULT_IGNORE_INDEX;
    }

    private String kindFor(SparkTask task) {
        if (kind != null) {
            return kind;
        }
        return switch (task) {
            case SEGMENT -> "camvid";
            case DETECT -> "raccoon";
            case INSTANCES -> "pennfudan-instances";
            default -> "folder";
        };
    }

    /**
     * @param spark the session
     * @param task the model's task
     * @return {@code (id, image, label)}
     */
    Dataset<Row> read(SparkSession spark, SparkTask task) throws IOException {
        if ((table == null) == (data == null)) {
            throw new IllegalArgumentException("give --table (a labelled Parquet table) or "
                    + "--data (a dataset folder), not both or neither");
        }
        if (table != null) {
            return ImageInputs.parquet(spark, table, idColumn, imageColumn,
                    List.of(labelColumn));
        }
        String k = kindFor(task);
        Dataset<Row> built = switch (task) {
            case CLASSIFY -> {
                if (!k.equals("folder")) {
                    throw new IllegalArgumentException("--kind for a classifier's --data must be "
                            + "folder (class folders), got '" + k + "'");
                }
                yield LabelledTables.classification(spark, data);
            }
            case SEGMENT -> LabelledTables.segmentation(spark, switch (k) {
                case "camvid" -> SegmentationDataset.camvid(data, split);
                case "folder" -> SegmentationDataset.folder(data);
                default -> throw new IllegalArgumentException("--kind for a segmentation model "
                        + "must be camvid or folder, got '" + k + "'");
            });
            case DETECT, INSTANCES -> LabelledTables.detection(spark,
                    DetectionSets.open(k, data, split));
            case FEATURES -> throw new IllegalArgumentException("features have no labels to "
                    + "evaluate");
        };
        return ImageInputs.table(built, data.toString(), "id", "image", List.of("label"));
    }

    /** @return the table's path, or the dataset folder, kind and split */
    String describe(SparkTask task) {
        return table != null ? table : data + " (" + kindFor(task) + ", " + split + ")";
    }
}
