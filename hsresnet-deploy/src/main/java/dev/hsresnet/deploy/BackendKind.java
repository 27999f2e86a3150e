package dev.hsresnet.deploy;

import java.util.Locale;

/** Which engine runs the network. */
public enum BackendKind {
    /** DJL with libtorch: the model as trained, from its safetensors weights. */
    DJL,
    /** ONNX Runtime on the model exported to ONNX (BatchNorm folded into the convolutions). */
    ONNX,
    /**
     * The faster of the two for this model on this machine, measured once and cached ({@link
     * BackendChoice}).
     */
    AUTO;

    /**
     * Parses {@code djl}, {@code onnx} or {@code auto} (any case).
     *
     * @param text the name
     * @return the kind
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static BackendKind parse(String text) {
        for (BackendKind k : values()) {
            if (k.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + text + "' (choose djl, onnx or auto)");
    }

    /** @return the lower-case name used on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
