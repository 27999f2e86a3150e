package dev.hsresnet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The images a job reads, as a table {@code (id string, image binary, kept columns...)}: files
 * under a folder or matching a glob (Spark's {@code binaryFile} source; the id is the file's
 * path as a URI), or a Parquet table with an id column and an image-bytes column.
 */
public final class ImageInputs {

    /** The file names a folder is searched for (a Hadoop glob; case matters). */
    public static final String IMAGE_GLOB =
            "*.{jpg,jpeg,png,bmp,gif,JPG,JPEG,PNG,BMP,GIF}";

    private ImageInputs() {}

    /**
     * @param spark the session
     * @param pathOrGlob a folder (searched recursively for {@link #IMAGE_GLOB}) or a glob such as
     *     {@code photos/*&#47;*.jpg} (any scheme Hadoop reads: file, hdfs, s3a, ...)
     * @return {@code (id, image)}
     */
    public static Dataset<Row> files(SparkSession spark, String pathOrGlob) {
        boolean glob = pathOrGlob.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
        var reader = spark.read().format("binaryFile");
        if (!glob) {
            reader = reader.option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", IMAGE_GLOB);
        }
        return reader.load(pathOrGlob).select(functions.col("path").as("id"),
                functions.col("content").as("image"));
    }

    /**
     * @param spark the session
     * @param path a Parquet table
     * @param idColumn its id column (any type; written as a string)
     * @param imageColumn its column of encoded images (binary)
     * @param keep further columns copied to the output (labels, for evaluation)
     * @return {@code (id, image, keep...)}
     * @throws IllegalArgumentException naming the table and the column when one is missing or
     *     the image column is not binary
     */
    public static Dataset<Row> parquet(SparkSession spark, String path, String idColumn,
            String imageColumn, List<String> keep) {
        return table(spark.read().parquet(path), path, idColumn, imageColumn, keep);
    }

    /**
     * Checks and orders a table's columns for a job.
     *
     * @param table the table
     * @param what names it in errors
     * @param idColumn its id column
     * @param imageColumn its binary column of encoded images
     * @param keep further columns copied to the output
     * @return {@code (id, image, keep...)}
     */
    public static Dataset<Row> table(Dataset<Row> table, String what, String idColumn,
            String imageColumn, List<String> keep) {
        StructType schema = table.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        List<String> wanted = new ArrayList<>(List.of(idColumn, imageColumn));
        wanted.addAll(keep);
        for (String c : wanted) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException(what + " has no column '" + c + "' (columns: "
                        + String.join(", ", names) + ")");
            }
        }
        DataType image = schema.apply(imageColumn).dataType();
        if (!(image instanceof BinaryType)) {
            throw new IllegalArgumentException(what + ": column '" + imageColumn + "' holds "
                    + image.simpleString() + ", not binary (encoded image bytes)");
        }
        List<Column> cols = new ArrayList<>();
        cols.add(functions.col(idColumn).cast("string").as("id"));
        cols.add(functions.col(imageColumn).as("image"));
        for (String k : keep) {
            cols.add(functions.col(k));
        }
        return table.select(cols.toArray(new Column[0]));
    }
}
