package dev.hsresnet.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.WeightsMismatchException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SgdTest {

    /** conv-like 4-D weight (decays), a BN-like 1-D weight and a bias (do not decay). */
    private static Map<String, Parameter> params(NDManager m) {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("conv.weight", param(m, "weight", new Shape(2, 3, 1, 1), 1));
        p.put("bn.weight", param(m, "gamma", new Shape(2), 2));
        p.put("fc.bias", param(m, "bias", new Shape(3), 3));
        return p;
    }

    private static Parameter param(NDManager m, String name, Shape shape, long seed) {
        NDArray a = m.create(random((int) shape.size(), seed), shape);
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.OTHER)
                .optArray(a).build();
        a.setRequiresGradient(true);
        return p;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Three steps with gradients c_k, against PyTorch's SGD formula in doubles. */
    @ParameterizedTest
    @CsvSource({"0.9, false, 0.01, false", "0.9, true, 0.01, false", "0.0, false, 0.0, false",
        "0.9, false, 0.01, true"})
    void followsPyTorchsFormula(double mu, boolean nesterov, double wd, boolean decayAll) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(m);
            Sgd sgd = new Sgd(params, m, mu, nesterov, wd, decayAll);
            Map<String, double[]> w = new LinkedHashMap<>();
            Map<String, double[]> v = new LinkedHashMap<>();
            params.forEach((k, p) -> {
                w.put(k, toDoubles(p.getArray().toFloatArray()));
                v.put(k, new double[(int) p.getArray().size()]);
            });
            double[] lrs = {0.1, 0.05, 0.2};
            for (int step = 0; step < lrs.length; step++) {
                Map<String, float[]> grads = new LinkedHashMap<>();
                try (NDManager s = m.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = null;
                    for (Map.Entry<String, Parameter> e : params.entrySet()) {
                        float[] c = random((int) e.getValue().getArray().size(), 100 + step);
                        grads.put(e.getKey(), c);
                        NDArray term = e.getValue().getArray()
                                .mul(s.create(c, e.getValue().getArray().getShape())).sum();
                        loss = loss == null ? term : loss.add(term);
                    }
                    gc.backward(loss);
                }
                sgd.step(lrs[step]);
                for (String k : params.keySet()) {
                    double[] wk = w.get(k);
                    double[] vk = v.get(k);
                    boolean decay = decayAll || k.equals("conv.weight");
                    for (int i = 0; i < wk.length; i++) {
                        double g = grads.get(k)[i] + (decay ? wd * wk[i] : 0);
                        vk[i] = mu * vk[i] + g;
                        double upd = mu == 0 ? g : nesterov ? g + mu * vk[i] : vk[i];
                        wk[i] -= lrs[step] * upd;
                    }
                }
            }
            for (String k : params.keySet()) {
                float[] actual = params.get(k).getArray().toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(w.get(k)[i], actual[i], 1e-5, k + "[" + i + "]");
                }
                assertEquals(0f, params.get(k).getArray().getGradient().abs().sum().getFloat(),
                        "gradient zeroed after the step");
            }
        }
    }

    /** Gradients of known values: clipped to the norm asked when above it, kept when below. */
    @Test
    void clippingScalesTheGlobalNormDownAndLeavesSmallGradientsAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(m);
            Sgd sgd = new Sgd(params, m, 0, false, 0, false);
            Map<String, float[]> grads = new LinkedHashMap<>();
            double sum = 0;
            try (NDManager s = m.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (Map.Entry<String, Parameter> e : params.entrySet()) {
                    float[] c = random((int) e.getValue().getArray().size(), 31);
                    grads.put(e.getKey(), c);
                    for (float x : c) {
                        sum += (double) x * x;
                    }
                    NDArray term = e.getValue().getArray()
                            .mul(s.create(c, e.getValue().getArray().getShape())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            double norm = Math.sqrt(sum);
            assertEquals(norm, sgd.clipGradientNorm(10 * norm), 1e-4 * norm);
            assertEquals(norm, sgd.clipGradientNorm(norm / 4), 1e-4 * norm, "kept, then clipped");
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                float[] g = e.getValue().getArray().getGradient().toFloatArray();
                float[] c = grads.get(e.getKey());
                for (int i = 0; i < g.length; i++) {
                    assertEquals(c[i] / 4, g[i], 1e-5, e.getKey() + "[" + i + "]");
                }
            }
            assertEquals(norm / 4, sgd.clipGradientNorm(norm), 1e-4 * norm);
            assertThrows(IllegalArgumentException.class, () -> sgd.clipGradientNorm(0));
        }
    }

    @Test
    void bnAndBiasDoNotDecayByDefault() {
        try (NDManager m = NDManager.newBaseManager()) {
            Sgd sgd = new Sgd(params(m), m, 0.9, false, 1e-4, false);
            assertTrue(sgd.decays("conv.weight"));
            assertFalse(sgd.decays("bn.weight"));
            assertFalse(sgd.decays("fc.bias"));
        }
    }

    @Test
    void stateRoundTripsAndBadStateChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(m);
            Sgd sgd = new Sgd(params, m, 0.9, false, 0, false);
            Map<String, Tensor> state = new LinkedHashMap<>();
            params.forEach((k, p) -> state.put("momentum." + k,
                    Tensor.ofFloats(p.getArray().getShape().getShape(),
                            random((int) p.getArray().size(), 7))));
            sgd.loadState(state, "test");
            Map<String, Tensor> back = sgd.state();
            assertEquals(state.keySet(), back.keySet());
            state.forEach((k, t) -> assertArrayEquals(t.toFloats(), back.get(k).toFloats()));

            Map<String, Tensor> bad = new LinkedHashMap<>(state);
            bad.put("momentum.fc.bias", Tensor.ofFloats(new long[] {4}, new float[4]));
            bad.put("momentum.ghost", Tensor.ofFloats(new long[] {1}, new float[1]));
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> sgd.loadState(bad, "ckpt"));
            assertEquals(2, e.problems().size(), e.getMessage());
            assertArrayEquals(state.get("momentum.fc.bias").toFloats(),
                    sgd.state().get("momentum.fc.bias").toFloats(), "unchanged after a bad load");
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
