package dev.hsresnet.spark;

import java.util.ArrayList;
import java.util.List;
import scala.jdk.javaapi.CollectionConverters;

/** Java values as Spark's rows hold them: arrays as Scala sequences. */
final class SparkValues {

    private SparkValues() {}

    /** @return the list as a Scala sequence (the external type of Spark's array columns) */
    static scala.collection.immutable.Seq<Object> seq(List<?> values) {
        return CollectionConverters.asScala(new ArrayList<Object>(values)).toList();
    }

    /** @return the floats as a Scala sequence */
    static scala.collection.immutable.Seq<Object> seq(float[] values) {
        List<Object> boxed = new ArrayList<>(values.length);
        for (float v : values) {
            boxed.add(v);
        }
        return seq(boxed);
    }

    /**
     * @param value a Spark array value (a Scala sequence or a Java list)
     * @return it as a Java list
     */
    static List<Object> list(Object value) {
        if (value instanceof scala.collection.Seq<?> s) {
            return new ArrayList<>(CollectionConverters.asJava(s));
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException("not an array value: " + value.getClass().getName());
    }
}
