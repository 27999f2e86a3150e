package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.engine.CpuInfo;

/**
 * How {@link OnnxQuantizer} quantizes to int8.
 *
 * @param weightBits 8 (full int8 range), or 7 for CPUs without VNNI instructions: there, ONNX
 *     Runtime's u8 x s8 kernels use {@code vpmaddubsw}, whose 16-bit sums saturate on full-range
 *     weights (ONNX Runtime's own quantizer calls this {@code reduce_range})
 */
public record Int8Options(int weightBits) {

    /** @throws IllegalArgumentException unless 7 or 8 */
    public Int8Options {
        if (weightBits != 7 && weightBits != 8) {
            throw new IllegalArgumentException("int8 weight bits must be 7 or 8, got "
                    + weightBits);
        }
    }

    /**
     * @param cpu the CPU the model will run on
     * @return 8 weight bits when the CPU has VNNI (avx512_vnni, avx_vnni or amx_int8), else 7
     */
    public static Int8Options forCpu(CpuInfo cpu) {
        boolean vnni = cpu.has("avx512_vnni") || cpu.has("avx_vnni") || cpu.has("amx_int8");
        return new Int8Options(vnni ? 8 : 7);
    }
}
