# Engine environment shared by bin/hsresnet and the benchmark scripts (docs/engine.md): source it
# with $root set to the checkout. DJL offline and without tracking, the DJL cache and the
# convolution self-test's cache inside the project, glibc malloc tunables, tcmalloc and oneMKL's Intel code path when available, and
# engine_java_opts: the JVM options of every engine JVM (libtorch threads: HSRESNET_THREADS, else
# one per core; engine_threads holds the number), the OpenMP wait policy, and
# engine_stderr_filter, which drops libtorch's harmless native warnings from stderr.
# shellcheck shell=bash
export DJL_OFFLINE=true
export OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$root/.cache/djl}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
# measured per-machine choices: the convolution-path self-test (docs/engine.md) and the auto
# backend of predict and serve (docs/deploy.md)
export HSRESNET_CACHE_DIR="${HSRESNET_CACHE_DIR:-$root/.cache/hsresnet}"
engine_threads="${HSRESNET_THREADS:-$(nproc)}"
# java.awt.headless: the report charts (XChart, Java2D) draw into images and never need a display,
# even when DISPLAY is set (the Maven test JVMs run with the same setting)
engine_java_opts=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.default_engine=PyTorch
  "-Dai.djl.pytorch.num_threads=$engine_threads" -Dai.djl.pytorch.num_interop_threads=1
  -Djava.awt.headless=true)
# OpenMP wait policy of libtorch's libgomp (docs/engine.md, bench/omp-policy.sh): how its worker
# threads wait for the next parallel region. active spins (fast on an idle machine, but a spinning
# thread holds its core from every other process: 2.4x slower prediction than passive beside one
# busy process in docs/engine.md's table), passive sleeps at once, default leaves libgomp's own choice (spin a while,
# then sleep). HSRESNET_OMP_WAIT picks one; an OMP_WAIT_POLICY set by the caller is left as it is.
# The default follows bench/omp-policy.sh (docs/engine.md, 2026-12-02, 2 cores): passive costs
# inference nothing measurable and training steps 1.2x on a quiet machine, and beside one busy
# process makes prediction 2.2x and training 1.9x faster than libgomp's own spin-then-sleep.
engine_omp_wait_default=passive
engine_omp_wait() {
  local choice="${HSRESNET_OMP_WAIT:-$engine_omp_wait_default}"
  case "$choice" in
    passive) engine_omp_policy=PASSIVE ;;
    active) engine_omp_policy=ACTIVE ;;
    default) engine_omp_policy="" ;;
    *) echo "hsresnet: HSRESNET_OMP_WAIT must be passive, active or default, got '$HSRESNET_OMP_WAIT'" >&2
       return 2 ;;
  esac
}
# checked even when the caller's OMP_WAIT_POLICY wins, so a misspelt choice is never ignored
engine_omp_wait || return 2 2>/dev/null || exit 2
if [[ -z "${OMP_WAIT_POLICY:-}" && -n "$engine_omp_policy" ]]; then
  export OMP_WAIT_POLICY="$engine_omp_policy"
fi
# libtorch prints two harmless warnings to stderr: NNPACK's missing hardware support on every
# small convolution (engine.Nnpack turns NNPACK off, so only where its symbols are not found), and
# a deprecation note from DJL's JNI. The filter
# reads stderr as text whatever bytes it holds (-a: without it, one NUL byte turns every later
# line into "binary file matches") and passes every other line on as soon as it is read.
engine_noise='Could not initialize NNPACK|AutoNonVariableTypeMode is deprecated'
engine_stderr_filter() { grep -a -v -E --line-buffered "$engine_noise" || true; }
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296:glibc.malloc.top_pad=268435456}"
# tcmalloc when present (Debian's libtcmalloc-minimal4): glibc serves every block above 32 MiB
# (a CIFAR batch of 128 or an ImageNet batch of 32 has many) with a fresh mmap that page-faults
# on every step; measured here, training steps are 1.4x (CIFAR b128) to 3x (ResNet-50 b32) faster.
# HSRESNET_MALLOC=glibc keeps glibc's allocator.
# oneMKL's Intel code path on every CPU (tools/native/mkl_intel_path.c): MKL runs matrix products
# on slower generic kernels on non-Intel CPUs; on AMD Zen 5 that halves libtorch's matmul, and every
# 1x1 convolution here is one. Compiled once into .cache/native when a C compiler is present.
# HSRESNET_MKL=vendor keeps MKL's own choice. An LD_PRELOAD set by the caller is left as it is.
mkl_intel_path() {
  local src="$root/tools/native/mkl_intel_path.c" lib="$root/.cache/native/libhsresnet_mkl_intel_path.so"
  [[ "${HSRESNET_MKL:-intel}" == intel && "$(uname -m)" == x86_64 && -r "$src" ]] || return 0
  if [[ ! -f "$lib" || "$src" -nt "$lib" ]]; then
    command -v cc > /dev/null || return 0
    mkdir -p "$(dirname "$lib")"
    local tmp="$lib.tmp.$$"
    if cc -O2 -shared -fPIC -o "$tmp" "$src" 2> /dev/null; then mv -f "$tmp" "$lib"; else rm -f "$tmp"; return 0; fi
  fi
  echo "$lib"
}
engine_preload() {
  local preload=() tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 mkl
  if [[ "${HSRESNET_MALLOC:-tcmalloc}" == tcmalloc && -r "$tcmalloc" ]]; then preload+=("$tcmalloc"); fi
  mkl="$(mkl_intel_path)"
  if [[ -n "$mkl" ]]; then preload+=("$mkl"); fi
  if (( ${#preload[@]} )); then LD_PRELOAD="$(IFS=:; echo "${preload[*]}")"; export LD_PRELOAD; fi
}
if [[ -z "${LD_PRELOAD:-}" ]]; then engine_preload; fi
