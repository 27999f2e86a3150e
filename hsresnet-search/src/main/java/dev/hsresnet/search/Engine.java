package dev.hsresnet.search;

import java.util.Locale;

/** The inference engine a latency table is measured on. */
public enum Engine {
    /** This project's DJL blocks on libtorch, BatchNorm folded, as {@code DjlBackend} serves. */
    DJL,
    /** The ONNX export (BatchNorm folded) on ONNX Runtime, as {@code OrtBackend} serves. */
    ONNX;

    /** @return {@code djl} or {@code onnx} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code djl} or {@code onnx} (any case; {@code ort} too)
     * @return the engine
     * @throws IllegalArgumentException naming the value and the known ones
     */
    public static Engine parse(String id) {
        String lower = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "djl" -> DJL;
            case "onnx", "ort", "onnxruntime" -> ONNX;
            default -> throw new IllegalArgumentException("unknown engine '" + id
                    + "'; known: djl, onnx");
        };
    }
}
