#!/usr/bin/env bash
# JMH benchmarks of the hot blocks (dev.hsresnet.bench.jmh.HsBlockBenchmark: the HS block and the
# plain 3x3 stage of the same width, alone and inside their bottleneck, at hs_resnet50's stage-1
# and stage-3 shapes, batch 1 and 8, eval forward and training forward+backward). Builds the
# module, then runs org.openjdk.jmh.Main on its classpath with the engine settings of bin/hsresnet.
# Each of the 32 runs: a fork JVM, 2 x 1 s warm-up and 3 x 1 s measurement.
# Any argument goes to JMH (then the defaults below are not added except the result file):
#   bench/jmh.sh                                   # everything: 16 configurations x 2 benchmarks
#   bench/jmh.sh -p batch=8                        # batch 8 only: 8 x 2
#   bench/jmh.sh 'HsBlockBenchmark.forward$' -p unit=stage -p shape=STAGE1     # a subset
#   bench/jmh.sh -h                                      # JMH's options
# Results: target/bench/jmh-<UTC date>.csv (JMH's CSV) and the table on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -ntp -o -Dstyle.color=never -DskipTests -pl hsresnet-bench -am install >&2
mkdir -p target/bench
cp_file="hsresnet-bench/target/jmh.classpath"
mvn -B -q -ntp -o -Dstyle.color=never -pl hsresnet-bench dependency:build-classpath \
  -Dmdep.includeScope=runtime "-Dmdep.outputFile=$root/$cp_file" >&2

# the launcher's engine environment: tcmalloc and oneMKL's Intel code path included
# shellcheck source=bin/engine-env.sh
source "$root/bin/engine-env.sh"

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(HsBlockBenchmark)
fi
result="target/bench/jmh-$(date -u +%Y%m%dT%H%M%SZ).csv"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# the forks inherit this environment (HSRESNET_THREADS included: the benchmark reads it)
export HSRESNET_THREADS="$engine_threads"
"$java" "${engine_java_opts[@]}" \
  -cp "hsresnet-bench/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main \
  -rf csv -rff "$result" "${args[@]}" \
  2>&1 | { grep -v -E --line-buffered 'Could not initialize NNPACK|AutoNonVariableTypeMode is deprecated' || true; }
echo "JMH results: $result; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $engine_threads threads"
