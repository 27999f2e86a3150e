package dev.hsresnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.io.WeightsMismatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, PyTorch's {@code torch.optim.SGD} (dampening 0):
 *
 * <pre>
 * g = grad + weightDecay * w          (decay only where {@link #decays} says)
 * v = momentum * v + g                (v starts at 0)
 * w = w - lr * (nesterov ? g + momentum * v : v)
 * </pre>
 *
 * Its state, the momentum buffers, can be saved and restored exactly, which resuming a run needs.
 * By default neither BatchNorm parameters nor biases decay (timm's rule: no decay for 1-D
 * parameters and names ending in {@code .bias}).
 */
public final class Sgd {

    private final Map<String, Parameter> params;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final boolean decayBnAndBias;
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /**
     * @param params PyTorch name to parameter; those that require a gradient are optimized
     * @param manager owns the momentum buffers (the model's manager)
     * @param momentum momentum factor, in [0, 1)
     * @param nesterov Nesterov momentum
     * @param weightDecay L2 factor, &gt;= 0
     * @param decayBnAndBias whether 1-D parameters and biases decay too
     */
    public Sgd(
            Map<String, Parameter> params,
            NDManager manager,
            double momentum,
            boolean nesterov,
            double weightDecay,
            boolean decayBnAndBias) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        this.params = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            if (p.requiresGradient()) {
                this.params.put(name, p);
            }
        });
        this.manager = manager;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.decayBnAndBias = decayBnAndBias;
    }

    /** @return whether the named parameter gets weight decay */
    public boolean decays(String name) {
        Parameter p = params.get(name);
        if (p == null || weightDecay == 0) {
            return false;
        }
        return decayBnAndBias || (p.getArray().getShape().dimension() > 1 && !name.endsWith(".bias"));
    }

    /** @return the names of the optimized parameters, in order */
    public List<String> names() {
        return new ArrayList<>(params.keySet());
    }

    /**
     * Scales the gradients so that their global L2 norm (over every parameter this optimizer
     * updates) is at most {@code maxNorm}, as PyTorch's {@code clip_grad_norm_} (mmdet's {@code
     * grad_clip}); call between the backward and {@link #step}.
     *
     * @param maxNorm the largest norm, positive
     * @return the norm before clipping
     */
    public double clipGradientNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be positive, got " + maxNorm);
        }
        double sum = 0;
        try (NDManager tmp = manager.newSubManager()) {
            for (Parameter p : params.values()) {
                NDArray g = p.getArray().getGradient();
                g.attach(tmp);
                sum += temp(temp(g.square(), tmp).sum(), tmp).getFloat();
            }
            double norm = Math.sqrt(sum);
            if (norm > maxNorm) {
                float factor = (float) (maxNorm / (norm + 1e-6));
                for (Parameter p : params.values()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(tmp);
                    g.muli(factor);
                }
            }
            return norm;
        }
    }

    /**
     * Applies one update from the gradients currently held by the parameters, then zeroes the
     * gradients (libtorch accumulates them and DJL's collector does not clear them).
     *
     * @param lr the learning rate of this step
     */
    public void step(double lr) {
        float lrF = (float) lr;
        float mu = (float) momentum;
        try (NDManager tmp = manager.newSubManager()) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray g = temp(w.getGradient(), tmp);
                NDArray update = decays(e.getKey())
                        ? temp(g.add(temp(w.mul((float) weightDecay), tmp)), tmp)
                        : g;
                if (mu > 0) {
                    NDArray v = buffers.computeIfAbsent(e.getKey(), k -> newBuffer(w));
                    v.muli(mu).addi(update);
                    update = nesterov ? temp(update.add(temp(v.mul(mu), tmp)), tmp) : v;
                }
                w.subi(temp(update.mul(lrF), tmp));
                g.muli(0f);
            }
        }
    }

    private NDArray newBuffer(NDArray like) {
        NDArray v = manager.zeros(like.getShape(), like.getDataType());
        v.setRequiresGradient(false);
        return v;
    }

    private static NDArray temp(NDArray a, NDManager tmp) {
        a.attach(tmp);
        return a;
    }

    /** @return the momentum buffers as host tensors named {@code momentum.<parameter>} */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach((name, v) -> out.put("momentum." + name,
                Tensor.ofFloats(v.getShape().getShape(), v.toFloatArray())));
        return out;
    }

    /**
     * Restores momentum buffers saved by {@link #state()}; all or nothing.
     *
     * @param state tensors named {@code momentum.<parameter>}
     * @param source where they came from, for messages
     * @throws WeightsMismatchException naming unknown or mis-shaped buffers
     */
    public void loadState(Map<String, Tensor> state, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String name = e.getKey().startsWith("momentum.")
                    ? e.getKey().substring("momentum.".length()) : null;
            Parameter p = name == null ? null : params.get(name);
            if (p == null) {
                problems.add("unexpected " + e.getKey());
            } else if (!java.util.Arrays.equals(p.getArray().getShape().getShape(),
                    e.getValue().shape())) {
                problems.add(e.getKey() + " has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", expected "
                        + p.getArray().getShape());
            } else {
                values.put(name, e.getValue().toFloats());
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(source, "the optimizer", problems);
        }
        values.forEach((name, v) -> {
            NDArray buf = buffers.computeIfAbsent(name, k -> newBuffer(params.get(k).getArray()));
            Weights.setValues(buf, v);
        });
    }
}
