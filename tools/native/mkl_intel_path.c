/*
 * libhsresnet_mkl_intel_path.so: makes the oneMKL inside DJL's libtorch take its Intel code path
 * on every x86-64 CPU.
 *
 * oneMKL (2024.0 in libtorch 2.7.1) asks mkl_serv_intel_cpu_true() whether the CPU is an Intel one
 * and, when it is not, runs SGEMM on slower generic kernels even where the CPU has AVX-512. On this
 * project's AMD EPYC (Zen 5) that halves libtorch's matrix products, and every 1x1 convolution of
 * the DJL path is one (docs/engine.md). libtorch exports the function and calls it through the
 * dynamic linker, so preloading this definition answers "yes"; MKL then picks its kernels from the
 * CPU's feature flags as it does on Intel CPUs.
 *
 * bin/hsresnet compiles this file into .cache/native/ and preloads it (HSRESNET_MKL=vendor turns it
 * off). Measured on 2 Zen 5 cores, 2026-11-26: libtorch matmul 2048^3 from about 170 to about
 * 375 GFLOP/s (ONNX Runtime: 280-370); see docs/benchmarks.md for what it does to whole networks.
 * MklIntelPathTest checks that the results agree with MKL's own choice.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
