package dev.hsresnet.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
        Map<String, long[]> expected = new LinkedHashMap<>();
        target.forEach((name, p) -> expected.put(name, p.getArray().getShape().getShape()));
        List<String> problems = problems(expected, source, Tensor::dtype, Tensor::shape,
                ignoredPrefixes);
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(sourceName, targetName, problems);
        }
        Map<Parameter, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            values.put(e.getValue(), source.get(e.getKey()).toFloats());
        }
        for (Map.Entry<Parameter, float[]> e : values.entrySet()) {
            setValues(e.getKey().getArray(), e.getValue());
        }
    }

    /**
     * Checks a weights file's header against the state dict a network will have, before the
     * network or the tensors are allocated: the same rules as {@link #load}.
     *
     * @param expected PyTorch name to shape (e.g. {@code StateDictShapes.of(spec, true)})
     * @param header the file's tensor entries ({@link Safetensors#readHeader})
     * @param sourceName the file, for messages
     * @param targetName what is being loaded, for messages
     * @param ignoredPrefixes source names starting with one of these are skipped
     * @throws WeightsMismatchException listing missing, unexpected and mis-shaped tensors
     */
    public static void check(
            Map<String, long[]> expected,
            Map<String, TensorInfo> header,
            String sourceName,
            String targetName,
            Set<String> ignoredPrefixes) {
        List<String> problems = problems(expected, header, TensorInfo::dtype, TensorInfo::shape,
                ignoredPrefixes);
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(sourceName, targetName, problems);
        }
    }

    /**
     * Refuses weights holding NaN or infinity: a network with them outputs NaN for every input.
     *
     * @param tensors PyTorch name to tensor; only floating-point ones are looked at
     * @param sourceName the file, for messages
     * @throws NonFiniteWeightsException naming the first tensor with a non-finite value, the
     *     file, and how many tensors have one
     */
    public static void requireFinite(Map<String, Tensor> tensors, String sourceName) {
        String first = null;
        int firstIndex = -1;
        int bad = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getValue().dtype().isFloatingPoint()) {
                continue;
            }
            int index = firstNonFinite(e.getValue());
            if (index >= 0) {
                if (first == null) {
                    first = e.getKey();
                    firstIndex = index;
                }
                bad++;
            }
        }
        if (first != null) {
            throw new NonFiniteWeightsException(sourceName, first, firstIndex, bad);
        }
    }

    /** @return the index of the first NaN or infinite value, or -1 */
    private static int firstNonFinite(Tensor t) {
        if (t.dtype() == DType.F32) {
            FloatBuffer values = t.data().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int i = 0; i < values.limit(); i++) {
                if (!Float.isFinite(values.get(i))) {
                    return i;
                }
            }
            return -1;
        }
        float[] values = t.toFloats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private static <T> List<String> problems(
            Map<String, long[]> expected,
            Map<String, T> source,
            Function<T, DType> dtype,
            Function<T, long[]> shape,
            Set<String> ignoredPrefixes) {
        List<String> problems = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!source.containsKey(name)) {
                problems.add("missing " + name);
            }
        }
        for (String name : source.keySet()) {
            if (!expected.containsKey(name)
                    && !name.endsWith(BATCHES_TRACKED_SUFFIX)
                    && ignoredPrefixes.stream().noneMatch(name::startsWith)) {
                problems.add("unexpected " + name);
            }
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            T t = source.get(e.getKey());
            if (t == null) {
                continue;
            }
            if (!Arrays.equals(e.getValue(), shape.apply(t))) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(shape.apply(t))
                        + ", expected " + Arrays.toString(e.getValue()));
            } else if (!FLOAT_TYPES.contains(dtype.apply(t))) {
                problems.add(e.getKey() + " has dtype " + dtype.apply(t) + ", expected a float type");
            }
        }
        return problems;
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
