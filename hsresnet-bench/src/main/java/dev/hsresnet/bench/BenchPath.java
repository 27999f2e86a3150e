package dev.hsresnet.bench;

/** Which implementation runs a network. */
public enum BenchPath {
    /** This project's DJL blocks on libtorch (inference and training). */
    DJL,
    /** The ONNX export (BatchNorm folded) in ONNX Runtime (inference only). */
    ONNX,
    /** The PyTorch reference under {@code tools/reference}, eager mode, in a child process. */
    PYTORCH;

    /** @return the name used on the command line and in the CSV */
    public String id() {
        return EnumIds.id(this);
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
        return EnumIds.parse(BenchPath.class, id, "path");
    }
}
