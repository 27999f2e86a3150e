package dev.hsresnet.spark;

import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Inputs;
import dev.hsresnet.deploy.Prediction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Classification: columns {@code labels} (array of string), {@code indices} (array of int) and
 * {@code probabilities} (array of double, softmax), best first, {@code topK} of each.
 */
final class ClassifyPredictor implements TaskPredictor<float[]> {

    private final Classifier classifier;
    private final int topK;

    ClassifyPredictor(Classifier classifier, int topK) {
        this.classifier = classifier;
        this.topK = Math.min(topK, classifier.config().architecture().numClasses());
    }

    /** @return the result columns */
    static List<StructField> fields() {
        return List.of(
                DataTypes.createStructField("labels",
                        DataTypes.createArrayType(DataTypes.StringType, false), true),
                DataTypes.createStructField("indices",
                        DataTypes.createArrayType(DataTypes.IntegerType, false), true),
                DataTypes.createStructField("probabilities",
                        DataTypes.createArrayType(DataTypes.DoubleType, false), true));
    }

    @Override
    public float[] prepare(byte[] encoded, String source) throws IOException {
        return classifier.preprocess(classifier.decode(encoded, source));
    }

    @Override
    public Object shape(float[] prepared) {
        return prepared.length;
    }

    @Override
    public List<Object[]> predict(List<float[]> batch) {
        float[] pixels = Inputs.flatten(batch.toArray(new float[0][]));
        List<Object[]> out = new ArrayList<>(batch.size());
        for (List<Prediction> top : classifier.predict(pixels, batch.size(), topK)) {
            List<Object> labels = new ArrayList<>();
            List<Object> indices = new ArrayList<>();
            List<Object> probabilities = new ArrayList<>();
            for (Prediction p : top) {
                labels.add(p.label());
                indices.add(p.index());
                probabilities.add(p.probability());
            }
            out.add(new Object[] {SparkValues.seq(labels), SparkValues.seq(indices),
                SparkValues.seq(probabilities)});
        }
        return out;
    }
}
