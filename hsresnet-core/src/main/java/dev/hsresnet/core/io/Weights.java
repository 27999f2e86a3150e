package dev.hsresnet.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves weights between a network's parameters (by PyTorch name, see {@code StateDict}) and host
 * tensors, the way PyTorch's {@code state_dict()} and {@code load_state_dict(strict=True)} do.
 */
public final class Weights {

    /** PyTorch's BN step counter: not a weight, ignored when present. */
    public static final String BATCHES_TRACKED_SUFFIX = "num_batches_tracked";

    private static final Set<DType> FLOAT_TYPES = Set.of(DType.F32, DType.F64, DType.F16, DType.BF16);

    private Weights() {}

    /**
     * Copies every parameter to the host as float32.
     *
     * @param params PyTorch name to parameter (initialized)
     * @return PyTorch name to F32 tensor, same order
     */
    public static Map<String, Tensor> export(Map<String, Parameter> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray array = e.getValue().getArray();
            out.put(e.getKey(), Tensor.ofFloats(array.getShape().getShape(), array.toFloatArray()));
        }
        return out;
    }

    /**
     * Loads tensors into parameters, all or nothing: every name, shape and type is checked before
     * any parameter changes. Floating types (F32, F64, F16, BF16) are converted to float32.
     *
     * @param target PyTorch name to parameter (initialized)
     * @param source PyTorch name to tensor
     * @param sourceName the file the tensors came from, for messages
     * @param targetName what is being loaded, for messages
     * @param ignoredPrefixes source names starting with one of these are skipped (e.g. {@code fc.}
     *     when loading a classifier's weights into a backbone)
     * @throws WeightsMismatchException listing missing, unexpected and mis-shaped tensors
     */
    public static void load(
            Map<String, Parameter> target,
            Map<String, Tensor> source,
            String sourceName,
            String targetName,
            Set<String> ignoredPrefixes) {
        List<String> problems = new ArrayList<>();
        for (String name : target.keySet()) {
            if (!source.containsKey(name)) {
                problems.add("missing " + name);
            }
        }
        for (String name : source.keySet()) {
            if (!target.containsKey(name)
                    && !name.endsWith(BATCHES_TRACKED_SUFFIX)
                    && ignoredPrefixes.stream().noneMatch(name::startsWith)) {
                problems.add("unexpected " + name);
            }
        }
        Map<Parameter, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            Tensor t = source.get(e.getKey());
            if (t == null) {
                continue;
            }
            long[] expected = e.getValue().getArray().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(expected));
            } else if (!FLOAT_TYPES.contains(t.dtype())) {
                problems.add(e.getKey() + " has dtype " + t.dtype() + ", expected a float type");
            } else {
                values.put(e.getValue(), t.toFloats());
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(sourceName, targetName, problems);
        }
        for (Map.Entry<Parameter, float[]> e : values.entrySet()) {
            setValues(e.getKey().getArray(), e.getValue());
        }
    }

    /**
     * Overwrites a float32 array in place (it keeps its identity, gradient flag and manager).
     *
     * @param array the array to overwrite
     * @param values exactly {@code array.size()} values in C order
     */
    public static void setValues(NDArray array, float[] values) {
        // a direct buffer in native order: libtorch adopts it as the tensor's storage
        ByteBuffer buf =
                ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(values);
        array.set(buf);
    }
}
