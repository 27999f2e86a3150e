package dev.hsresnet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns a job writes: {@code id}, {@code error}, the kept columns, the task's results. */
final class ResultSchema {

    private ResultSchema() {}

    /**
     * @param options the job's options, task resolved
     * @return the task's result columns
     */
    static List<StructField> results(JobOptions options) {
        return switch (options.task()) {
            case CLASSIFY -> ClassifyPredictor.fields();
            case FEATURES -> FeaturePredictor.fields(options.pool());
            case SEGMENT -> SegmentPredictor.fields(options.masks());
            case DETECT -> BoxPredictor.fields(false);
            case INSTANCES -> BoxPredictor.fields(true);
        };
    }

    /**
     * @param input the job's input, {@code (id, image, kept...)}
     * @param options the job's options, task resolved
     * @return the output's schema
     */
    static StructType of(StructType input, JobOptions options) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("id", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        for (String k : options.keep()) {
            f.add(input.apply(k));
        }
        f.addAll(results(options));
        return DataTypes.createStructType(f);
    }
}
