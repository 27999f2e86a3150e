package dev.hsresnet.spark;

import dev.hsresnet.data.ImageFolderDataset;
import dev.hsresnet.data.detection.BoxAnnotation;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.ImageAnnotations;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Labelled tables {@code (id, image, label)} for {@link SparkEval}, built from the datasets the
 * single-machine {@code eval} reads, so that both score the same images: the id is the image
 * file's path, the image its bytes (tables held in the driver's memory while built), the label the class name (classification), the mask file's
 * bytes (segmentation) or the objects (detection, instances; {@link #objectType}).
 */
public final class LabelledTables {

    private LabelledTables() {}

    /** @return the label type of a detection table, with the mask fields when {@code masks} */
    public static StructType objectType(boolean masks) {
        var f = new ArrayList<>(List.of(
                DataTypes.createStructField("class", DataTypes.IntegerType, false),
                DataTypes.createStructField("x1", DataTypes.FloatType, false),
                DataTypes.createStructField("y1", DataTypes.FloatType, false),
                DataTypes.createStructField("x2", DataTypes.FloatType, false),
                DataTypes.createStructField("y2", DataTypes.FloatType, false),
                DataTypes.createStructField("crowd", DataTypes.BooleanType, false)));
        if (masks) {
            f.add(DataTypes.createStructField("rle", DataTypes.StringType, false));
            f.add(DataTypes.createStructField("height", DataTypes.IntegerType, false));
            f.add(DataTypes.createStructField("width", DataTypes.IntegerType, false));
        }
        return DataTypes.createStructType(f);
    }

    private static StructType schema(org.apache.spark.sql.types.DataType label) {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.StringType, false),
                DataTypes.createStructField("image", DataTypes.BinaryType, false),
                DataTypes.createStructField("label", label, false)));
    }

    /** A source of labelled rows, one per dataset index. */
    private interface RowSource {
        int size();

        Row row(int index) throws IOException;
    }

    /**
     * A class-folder tree (one folder per class, as {@code eval --kind folder} reads it).
     *
     * @return the table, built now on the driver
     */
    public static Dataset<Row> classification(SparkSession spark, Path root) throws IOException {
        ImageFolderDataset set = ImageFolderDataset.open(root, 3);
        return build(spark, schema(DataTypes.StringType), new RowSource() {
            public int size() {
                return set.size();
            }

            public Row row(int i) throws IOException {
                return RowFactory.create(set.file(i).toString(), Files.readAllBytes(set.file(i)),
                        set.classes().get(set.label(i)));
            }
        });
    }

    /** @return a segmentation split's table: the label is the mask file's bytes */
    public static Dataset<Row> segmentation(SparkSession spark, SegmentationDataset set)
            throws IOException {
        return build(spark, schema(DataTypes.BinaryType), new RowSource() {
            public int size() {
                return set.size();
            }

            public Row row(int i) throws IOException {
                return RowFactory.create(set.image(i).toString(),
                        Files.readAllBytes(set.image(i)), Files.readAllBytes(set.mask(i)));
            }
        });
    }

    /** @return a detection split's table, with the objects' masks when it has them */
    public static Dataset<Row> detection(SparkSession spark, DetectionDataset set)
            throws IOException {
        boolean masks = set.hasInstanceMasks();
        return build(spark, schema(DataTypes.createArrayType(objectType(masks), false)),
                new RowSource() {
                    public int size() {
                        return set.size();
                    }

                    public Row row(int i) throws IOException {
                        return RowFactory.create(set.image(i).toString(),
                                Files.readAllBytes(set.image(i)), SparkValues.seq(objects(set,
                                        i, masks)));
                    }
                });
    }

    private static List<Row> objects(DetectionDataset set, int i, boolean masks)
            throws IOException {
        ImageAnnotations a = set.annotations(i);
        List<InstanceMask> m = masks ? set.masks(i) : List.of();
        List<Row> out = new ArrayList<>();
        for (int j = 0; j < a.boxes().size(); j++) {
            out.add(object(a.boxes().get(j), false, masks ? Rle.of(m.get(j)) : null));
        }
        for (int j = 0; j < a.ignored().size(); j++) {
            BoxAnnotation b = a.ignored().get(j);
            Rle region = !masks ? null : a.ignoredSegments().isEmpty()
                    ? Rle.fromBox(b.x1(), b.y1(), b.x2() - b.x1(), b.y2() - b.y1(), a.height(),
                            a.width())
                    : a.ignoredSegments().get(j);
            out.add(object(b, true, region));
        }
        return out;
    }

    private static Row object(BoxAnnotation b, boolean crowd, Rle mask) {
        return mask == null
                ? RowFactory.create(b.classIndex(), b.x1(), b.y1(), b.x2(), b.y2(), crowd)
                : RowFactory.create(b.classIndex(), b.x1(), b.y1(), b.x2(), b.y2(), crowd,
                        mask.toCocoString(), mask.height(), mask.width());
    }

    /**
     * Builds the table in the driver's memory: every image's bytes once (CamVid's 701 pairs:
     * 44 MB of files). A larger dataset is written as Parquet by another tool, with the same
     * columns.
     */
    private static Dataset<Row> build(SparkSession spark, StructType schema, RowSource source)
            throws IOException {
        List<Row> rows = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            rows.add(source.row(i));
        }
        return spark.createDataFrame(rows, schema);
    }

    /**
     * Writes a table to Parquet atomically ({@link OutputFiles}).
     *
     * @param spark the session
     * @param table the table ({@link #classification}, {@link #segmentation}, {@link #detection})
     * @param out the Parquet directory; must not exist unless {@code overwrite}
     * @param overwrite replace an existing one
     * @return the rows written
     */
    public static long write(SparkSession spark, Dataset<Row> table, String out,
            boolean overwrite) throws IOException {
        long[] rows = new long[1];
        OutputFiles.of(spark, out, overwrite).writeAtomically(tmp -> {
            table.write().mode(SaveMode.ErrorIfExists).parquet(tmp);
            rows[0] = spark.read().parquet(tmp).count();
        });
        return rows[0];
    }
}
