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
     * Parses {@code djl}, {@code onnx} (or its alias {@code ort}, ONNX Runtime's short name) or
     * {@code auto}, in any case.
     *
     * @param text the name
     * @return the kind
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static BackendKind parse(String text) {
        String name = text == null ? "" : text.strip();
        if (name.equalsIgnoreCase("ort")) {
            return ONNX;
        }
        for (BackendKind k : values()) {
            if (k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + text
                + "' (choose djl, onnx (or ort) or auto)");
    }

    /** @return the lower-case name used on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
