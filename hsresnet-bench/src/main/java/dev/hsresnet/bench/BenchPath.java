package dev.hsresnet.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which implementation runs a network. */
public enum BenchPath {
    /** This project's DJL blocks on libtorch (inference and training). */
    DJL("djl"),
    /** The ONNX export (BatchNorm folded) in ONNX Runtime (inference only). */
    ONNX("onnx"),
    /** The PyTorch reference under {@code tools/reference}, eager mode, in a child process. */
    PYTORCH("pytorch");

    private final String id;

    BenchPath(String id) {
        this.id = id;
    }

    /** @return the name used on the command line and in the CSV */
    public String id() {
        return id;
    }

    /** @return whether this path can time {@code mode} (ONNX Runtime has no training) */
    public boolean supports(Mode mode) {
        return this != ONNX || mode == Mode.INFERENCE;
    }

    /**
     * @param id {@code djl}, {@code onnx} or {@code pytorch} (case-insensitive)
     * @return the path
     * @throws IllegalArgumentException naming the bad value and the known ones
     */
    public static BenchPath parse(String id) {
        for (BenchPath p : values()) {
            if (p.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown path '" + id + "'; known: "
                + Arrays.stream(values()).map(BenchPath::id).collect(Collectors.joining(", ")));
    }
}
