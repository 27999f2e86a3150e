package dev.hsresnet.core.io;

import dev.hsresnet.core.text.Printable;

/**
 * A weights file holds NaN or infinity (a diverged training run, a corrupt or hostile file): such a
 * network outputs NaN. Loading it anyway is an explicit choice ({@code
 * dev.hsresnet.core.model.LoadOptions.allowingNonFinite()}, {@code --allow-non-finite} on the
 * command line). Nothing was loaded.
 */
public final class NonFiniteWeightsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String tensor;

    /**
     * @param source the file, as shown to the user
     * @param tensor the first tensor holding a non-finite value
     * @param index the flat (C order) index of its first non-finite value
     * @param tensors how many tensors hold one
     */
    public NonFiniteWeightsException(String source, String tensor, int index, int tensors) {
        super(Printable.escape(source + ": tensor " + tensor + " holds NaN or infinity (first at "
                + "flat index " + index + ")" + (tensors > 1 ? ", and " + (tensors - 1)
                        + " more tensors do" : "")
                + "; such weights are refused unless non-finite values are allowed "
                + "(--allow-non-finite)"));
        this.tensor = tensor;
    }

    /** @return the first tensor holding a non-finite value */
    public String tensor() {
        return tensor;
    }
}
