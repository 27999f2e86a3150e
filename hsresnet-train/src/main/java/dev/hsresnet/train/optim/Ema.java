package dev.hsresnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * An exponential moving average of a network's weights kept in a second network of the same
 * architecture: after each optimizer step {@code ema = decay * ema + (1 - decay) * w} for every
 * parameter and BatchNorm running statistic (timm's ModelEmaV2). The second network is then
 * evaluated as is.
 */
public final class Ema {

    private final Map<String, Parameter> source;
    private final Map<String, Parameter> shadow;
    private final double decay;
    private final NDManager manager;

    /**
     * Starts the average at the current weights.
     *
     * @param source the trained network's parameters, by PyTorch name
     * @param shadow the averaged network's parameters, same names and shapes
     * @param manager a manager for temporaries (the model's)
     * @param decay in (0, 1)
     */
    public Ema(Map<String, Parameter> source, Map<String, Parameter> shadow, NDManager manager,
            double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        if (!source.keySet().equals(shadow.keySet())) {
            throw new IllegalArgumentException("EMA network differs from the trained one");
        }
        this.source = source;
        this.shadow = shadow;
        this.manager = manager;
        this.decay = decay;
        copy();
    }

    /** Sets the average to the current weights. */
    public void copy() {
        source.forEach((name, p) -> shadow.get(name).getArray().set(p.getArray().toFloatArray()));
    }

    /** Moves the average one step towards the current weights. */
    public void update() {
        float d = (float) decay;
        try (NDManager tmp = manager.newSubManager()) {
            for (Map.Entry<String, Parameter> e : source.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray avg = shadow.get(e.getKey()).getArray();
                NDArray scaled = w.mul(1 - d);
                scaled.attach(tmp);
                avg.muli(d).addi(scaled);
            }
        }
    }
}
