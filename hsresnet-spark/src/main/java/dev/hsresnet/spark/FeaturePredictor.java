package dev.hsresnet.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.deploy.ImagePreprocessor;
import dev.hsresnet.deploy.Inputs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Feature extraction with a classifier's backbone, after the model's evaluation preprocessing:
 * column {@code features} (float array) holds stage {@code level}'s output (1..4 = C2..C5),
 * globally average-pooled to one value per channel (the embedding used for retrieval), or the
 * whole map ({@code channels x h x w}, row-major) with its {@code shape} ({@code [channels, h,
 * w]}).
 */
final class FeaturePredictor implements TaskPredictor<float[]> {

    private final ResNetModel backbone;
    private final ImagePreprocessor preprocessor;
    private static final ImageGuard GUARD = ImageGuard.DEFAULT;
    private final boolean pool;

    /**
     * @param backbone the network in feature mode, returning one level
     * @param pool true to average each channel over the map
     */
    FeaturePredictor(ResNetModel backbone, boolean pool) {
        this.backbone = backbone;
        this.preprocessor = new ImagePreprocessor(backbone.config(), GUARD);
        this.pool = pool;
        backbone.network().prepareForInference();
    }

    /** @return the result columns, with {@code shape} unless {@code pool} */
    static List<StructField> fields(boolean pool) {
        List<StructField> f = new ArrayList<>(List.of(DataTypes.createStructField("features",
                DataTypes.createArrayType(DataTypes.FloatType, false), true)));
        if (!pool) {
            f.add(DataTypes.createStructField("shape",
                    DataTypes.createArrayType(DataTypes.IntegerType, false), true));
        }
        return f;
    }

    @Override
    public float[] prepare(byte[] encoded, String source) throws IOException {
        return preprocessor.apply(preprocessor.toImage(ImageDecoder.readImage(encoded, source,
                GUARD, backbone.config().preprocessing().resizeSize())));
    }

    @Override
    public Object shape(float[] prepared) {
        return prepared.length;
    }

    @Override
    public List<Object[]> predict(List<float[]> batch) {
        int n = batch.size();
        float[] pixels = Inputs.flatten(batch.toArray(new float[0][]));
        int size = preprocessor.size();
        try (NDManager m = backbone.manager().newSubManager()) {
            NDArray x = m.create(pixels, new Shape(n, preprocessor.channels(), size, size));
            NDArray map = backbone.forward(x, false).head();
            Shape s = map.getShape();
            NDArray values = pool
                    ? map.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}) : map;
            float[] flat = values.toFloatArray();
            int per = flat.length / n;
            List<Object[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] one = new float[per];
                System.arraycopy(flat, i * per, one, 0, per);
                out.add(pool ? new Object[] {SparkValues.seq(one)}
                        : new Object[] {SparkValues.seq(one), SparkValues.seq(List.of(
                                (int) s.get(1), (int) s.get(2), (int) s.get(3)))});
            }
            return out;
        }
    }
}
