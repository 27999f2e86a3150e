#!/usr/bin/env bash
# Throughput and latency of `hsresnet serve`: a freshly initialized hs_resnet29_cifar served on a
# loopback port, REQUESTS requests from CONCURRENCY closed-loop clients (each sends its next image
# when the previous one is answered) with synthetic 32x32 JPEGs, after WARMUP untimed requests.
# Prints req/s, p50/p90/p99 latency, the error count and the server's mean batch size, then stops
# the server with SIGTERM (graceful). The clients run on the same machine as the server.
#   bench/serve-load.sh     REQUESTS=2000 CONCURRENCY=8 WARMUP=100 MAX_BATCH=8 BATCH_WINDOW_MS=2
#                           WORKERS=2 QUEUE=64 BACKEND=djl by default (BACKEND=onnx: ONNX Runtime)
# IDLE=K STALLED=M hold K idle keep-alive and M stalled (one byte sent) connections open during the
# run. URL=http://HOST:PORT/ loads a server that is already running instead of starting one (this
# is how bench/serve-compare.sh measures an older build with the same client).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/target/bench/serve"
requests="${REQUESTS:-2000}"
concurrency="${CONCURRENCY:-8}"
warmup="${WARMUP:-100}"
max_batch="${MAX_BATCH:-8}"
window="${BATCH_WINDOW_MS:-2}"
workers="${WORKERS:-2}"
queue="${QUEUE:-64}"
backend="${BACKEND:-djl}"
idle="${IDLE:-0}"
stalled="${STALLED:-0}"
mkdir -p "$work"
# every held connection is a file descriptor, in the client and in the server
ulimit -n "$(( idle + stalled + 4096 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [[ -n "${URL:-}" ]]; then
  source "$root/bin/engine-env.sh"
  [[ -f "$root/hsresnet-cli/target/hsresnet-cli.jar" ]] || "$root/bin/hsresnet" --version >/dev/null
  exec java "${engine_java_opts[@]}" -cp "$root/hsresnet-cli/target/hsresnet-cli.jar" \
    dev.hsresnet.deploy.server.LoadGenerator --url "$URL" --requests "$requests" \
    --concurrency "$concurrency" --warmup "$warmup" --idle "$idle" --stalled "$stalled"
fi

"$root/bin/hsresnet" --version >/dev/null   # builds the jar when needed
"$root/bin/hsresnet" init hs_resnet29_cifar --out "$work/model" --force >/dev/null

# The launcher's engine settings (docs/engine.md), for the load generator's JVM too.
# shellcheck source=bin/engine-env.sh
source "$root/bin/engine-env.sh"

# Job control gives the server its own process group, so SIGTERM reaches its JVM through the
# launcher's pipeline.
set -m
"$root/bin/hsresnet" serve --model "$work/model" --port 0 --max-batch "$max_batch" \
  --batch-window-ms "$window" --workers "$workers" --queue "$queue" --backend "$backend" \
  --max-connections "$(( idle + stalled + 1024 ))" --header-timeout-s 3600 \
  --idle-timeout-s 3600 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
set +m
stop_server() { kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop_server EXIT

url=""
for _ in $(seq 1 240); do
  url="$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null || true)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "serve-load: the server did not start:" >&2
    cat "$work/serve.err" >&2
    exit 1
  fi
  sleep 0.5
done
[[ -n "$url" ]] || { echo "serve-load: no server URL after 120 s" >&2; exit 1; }
echo "server: $(cat "$work/serve.out")"
echo "settings: max-batch $max_batch, batch window $window ms, workers $workers, queue $queue," \
  "libtorch threads $engine_threads"

status=0
java "${engine_java_opts[@]}" -cp "$root/hsresnet-cli/target/hsresnet-cli.jar" \
  dev.hsresnet.deploy.server.LoadGenerator --url "$url" --requests "$requests" \
  --concurrency "$concurrency" --warmup "$warmup" --idle "$idle" --stalled "$stalled" \
  || status=$?

if command -v curl >/dev/null; then
  curl -s "${url%/}/metrics" | awk '
    /^hsresnet_batch_size_sum / {s=$2} /^hsresnet_batch_size_count / {n=$2}
    /^hsresnet_inference_duration_seconds_sum / {t=$2}
    END { if (n > 0) printf "server: %d network calls, mean batch %.2f images, mean call %.1f ms (warm-up included)\n", n, s/n, 1000*t/n }'
fi
stop_server
trap - EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
exit "$status"
