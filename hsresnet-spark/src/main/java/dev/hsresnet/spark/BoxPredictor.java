package dev.hsresnet.spark;

import dev.hsresnet.deploy.detection.DetectionInput;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.FcosImageModel;
import dev.hsresnet.deploy.instance.InstanceJson;
import dev.hsresnet.deploy.instance.InstanceResult;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.instance.DetectedInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Detection and instance segmentation: columns {@code width}, {@code height} (the image's
 * pixels) and {@code boxes}, best score first: label, class index, score and corners {@code x1,
 * y1, x2, y2} in the image's pixels; an instance segmenter's boxes also carry their mask as COCO
 * RLE ({@code rle}: the compressed counts string, column-major, of a {@code height x width}
 * mask) and its {@code area} in pixels. Images are resized to the model's inference size, and
 * those of one padded size share a forward pass.
 */
final class BoxPredictor implements TaskPredictor<DetectionInput> {

    /** A detection's fields; an instance adds {@code rle} and {@code area}. */
    static StructType boxType(boolean instances) {
        List<StructField> f = new ArrayList<>(List.of(
                DataTypes.createStructField("label", DataTypes.StringType, false),
                DataTypes.createStructField("class", DataTypes.IntegerType, false),
                DataTypes.createStructField("score", DataTypes.FloatType, false),
                DataTypes.createStructField("x1", DataTypes.FloatType, false),
                DataTypes.createStructField("y1", DataTypes.FloatType, false),
                DataTypes.createStructField("x2", DataTypes.FloatType, false),
                DataTypes.createStructField("y2", DataTypes.FloatType, false)));
        if (instances) {
            f.add(DataTypes.createStructField("rle", DataTypes.StringType, false));
            f.add(DataTypes.createStructField("area", DataTypes.LongType, false));
        }
        return DataTypes.createStructType(f);
    }

    private final FcosImageModel<?, ?> model;
    private final double threshold;
    private final boolean instances;

    /**
     * @param model a {@code Detector} or an {@code InstanceSegmenter}
     * @param threshold the lowest score kept, in [0, 1)
     */
    BoxPredictor(FcosImageModel<?, ?> model, double threshold) {
        this.model = model;
        this.threshold = threshold;
        this.instances = model instanceof dev.hsresnet.deploy.instance.InstanceSegmenter;
    }

    /** @return the result columns of a detector, or of an instance segmenter */
    static List<StructField> fields(boolean instances) {
        return List.of(
                DataTypes.createStructField("width", DataTypes.IntegerType, true),
                DataTypes.createStructField("height", DataTypes.IntegerType, true),
                DataTypes.createStructField("boxes",
                        DataTypes.createArrayType(boxType(instances), false), true));
    }

    @Override
    public DetectionInput prepare(byte[] encoded, String source) throws IOException {
        return model.prepare(model.decode(encoded, source));
    }

    @Override
    public Object shape(DetectionInput prepared) {
        return prepared.channels() + "x" + prepared.height() + "x" + prepared.width();
    }

    @Override
    public List<Object[]> predict(List<DetectionInput> batch) {
        List<Object[]> out = new ArrayList<>(batch.size());
        for (Object result : model.predict(batch, threshold)) {
            List<Object> boxes = new ArrayList<>();
            int width;
            int height;
            if (result instanceof InstanceResult r) {
                width = r.width();
                height = r.height();
                for (DetectedInstance d : r.instances()) {
                    Rle rle = InstanceJson.rle(d.mask());
                    boxes.add(row(r.label(d), d.box(), rle.toCocoString(), rle.area()));
                }
            } else {
                DetectionResult r = (DetectionResult) result;
                width = r.width();
                height = r.height();
                for (DetectedBox b : r.boxes()) {
                    boxes.add(row(r.label(b), b, null, 0));
                }
            }
            out.add(new Object[] {width, height, SparkValues.seq(boxes)});
        }
        return out;
    }

    private static Row row(String label, DetectedBox b, String rle, long area) {
        return rle == null
                ? RowFactory.create(label, b.classIndex(), b.score(), b.x1(), b.y1(), b.x2(),
                        b.y2())
                : RowFactory.create(label, b.classIndex(), b.score(), b.x1(), b.y1(), b.x2(),
                        b.y2(), rle, area);
    }
}
