package dev.hsresnet.spark;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** How a job's table is written: Parquet files, or JSON lines (one object per row). */
public enum OutputFormat {
    /** Parquet ({@code part-*.parquet}); binary columns as bytes. */
    PARQUET,
    /** JSON lines ({@code part-*.json}); binary columns (masks) as base64 strings. */
    JSON;

    /** @return the name on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text parquet or json, any case
     * @return the format
     * @throws IllegalArgumentException naming both
     */
    public static OutputFormat parse(String text) {
        for (OutputFormat f : values()) {
            if (f.id().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + text
                + "'; known: parquet, json");
    }

    void write(Dataset<Row> table, String dir) {
        var w = table.write().mode(SaveMode.ErrorIfExists);
        if (this == PARQUET) {
            w.parquet(dir);
        } else {
            w.json(dir);
        }
    }

    Dataset<Row> read(SparkSession spark, String dir, StructType schema) {
        return this == PARQUET ? spark.read().parquet(dir)
                : spark.read().schema(schema).json(dir);
    }
}
