package dev.hsresnet.bench;

/** Which implementation runs a network. */
public enum BenchPath {
    /** This project's DJL blocks on libtorch (inference and training). */
    DJL,
    /** The ONNX export (BatchNorm folded) in ONNX Runtime (inference only). */
    ONNX,
    /**
     * The static int8 export ({@code export --quantize int8}) in ONNX Runtime (inference only),
     * calibrated on synthetic pictures: its speed, not its accuracy.
     */
    ONNX_INT8,
    /** The PyTorch reference under {@code tools/reference}, eager mode, in a child process. */
    PYTORCH;

    /** @return the name used on the command line and in the CSV */
    public String id() {
        return EnumIds.id(this);
    }

    /** @return whether this path can time {@code mode} (ONNX Runtime has no training) */
    public boolean supports(Mode mode) {
        return (this != ONNX && this != ONNX_INT8) || mode == Mode.INFERENCE;
    }

    /**
     * @param id {@code djl}, {@code onnx}, {@code onnx_int8} or {@code pytorch} (case-insensitive)
     * @return the path
     * @throws IllegalArgumentException naming the bad value and the known ones
     */
    public static BenchPath parse(String id) {
        return EnumIds.parse(BenchPath.class, id, "path");
    }
}
