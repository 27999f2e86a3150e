package dev.hsresnet.spark;

import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.segmentation.MaskPng;
import dev.hsresnet.deploy.segmentation.SegmentationResult;
import dev.hsresnet.deploy.segmentation.Segmenter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Semantic segmentation, each image whole at its own size: columns {@code width}, {@code height}
 * (pixels), {@code classes} (the classes present, largest first: index, name, pixels, fraction
 * of the image) and, when asked, {@code mask} (the index mask as PNG bytes, {@link MaskPng}: 8-bit
 * gray, 16-bit beyond 256 classes). Images of one size share a forward pass.
 */
final class SegmentPredictor implements TaskPredictor<Image> {

    /** One class's area. */
    static final StructType CLASS_AREA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("index", DataTypes.IntegerType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("pixels", DataTypes.LongType, false),
            DataTypes.createStructField("fraction", DataTypes.DoubleType, false)));

    private final Segmenter segmenter;
    private final boolean masks;

    SegmentPredictor(Segmenter segmenter, boolean masks) {
        this.segmenter = segmenter;
        this.masks = masks;
    }

    /** @return the result columns, with {@code mask} when {@code masks} */
    static List<StructField> fields(boolean masks) {
        List<StructField> f = new ArrayList<>(List.of(
                DataTypes.createStructField("width", DataTypes.IntegerType, true),
                DataTypes.createStructField("height", DataTypes.IntegerType, true),
                DataTypes.createStructField("classes",
                        DataTypes.createArrayType(CLASS_AREA, false), true)));
        if (masks) {
            f.add(DataTypes.createStructField("mask", DataTypes.BinaryType, true));
        }
        return f;
    }

    @Override
    public Image prepare(byte[] encoded, String source) throws IOException {
        return segmenter.preprocess(segmenter.decode(encoded, source));
    }

    @Override
    public Object shape(Image prepared) {
        return prepared.height() + "x" + prepared.width();
    }

    @Override
    public List<Object[]> predict(List<Image> batch) {
        List<Object[]> out = new ArrayList<>(batch.size());
        for (SegmentationResult r : segmenter.predict(batch)) {
            List<Object> areas = new ArrayList<>();
            for (SegmentationResult.ClassArea a : r.largest(Integer.MAX_VALUE)) {
                areas.add(RowFactory.create(a.index(), a.name(), a.pixels(), a.fraction()));
            }
            Object[] v = masks ? new Object[4] : new Object[3];
            v[0] = r.width();
            v[1] = r.height();
            v[2] = SparkValues.seq(areas);
            if (masks) {
                v[3] = MaskPng.encode(r.mask(), segmenter.numClasses());
            }
            out.add(v);
        }
        return out;
    }
}
