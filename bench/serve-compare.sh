#!/usr/bin/env bash
# Side-by-side load of `hsresnet serve` at an older commit (e.g. the last one on the JDK
# HttpServer) and at this checkout, with the same client (this checkout's LoadGenerator) on the
# same freshly initialized hs_resnet29_cifar, one server after the other:
#   old, plain;  old, with STALLED stalled connections;  new, with IDLE idle and STALLED stalled.
# Prints one table. Take the figures on a quiet machine.
#   bench/serve-compare.sh OLD_COMMIT     REQUESTS=2000 CONCURRENCY=8 WARMUP=100 WORKERS=2
#                                         IDLE=1000 STALLED=100 (MAX_BATCH, BATCH_WINDOW_MS, QUEUE)
# The old build lives in a git worktree under target/bench/compare/old (removed afterwards).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
old_commit="${1:?usage: bench/serve-compare.sh OLD_COMMIT}"
work="$root/target/bench/compare"
requests="${REQUESTS:-2000}"
concurrency="${CONCURRENCY:-8}"
warmup="${WARMUP:-100}"
workers="${WORKERS:-2}"
idle="${IDLE:-1000}"
stalled="${STALLED:-100}"
max_batch="${MAX_BATCH:-8}"
window="${BATCH_WINDOW_MS:-2}"
queue="${QUEUE:-64}"
mkdir -p "$work"
ulimit -n "$(( idle + stalled + 4096 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="$root/.cache/djl"
# the same libgomp wait policy for both servers (the old launcher set none, this one sets passive
# for serve): the comparison is of the HTTP stacks, not of the engine settings
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

old="$work/old"
if [[ -d "$old" && "$(git -C "$old" rev-parse HEAD)" != "$(git -C "$root" rev-parse "$old_commit^{commit}")" ]]; then
  git -C "$root" worktree remove --force "$old"   # left by an earlier run of another commit
fi
if [[ ! -d "$old" ]]; then
  git -C "$root" worktree add --detach "$old" "$old_commit" >/dev/null
fi
cleanup() { stop_server; git -C "$root" worktree remove --force "$old" 2>/dev/null || true; }
server=""
stop_server() {
  if [[ -n "$server" ]]; then kill -TERM -- "-$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true; server=""; fi
}
trap cleanup EXIT

echo "building $old_commit and this checkout ..."
"$old/bin/hsresnet" --version >/dev/null
"$root/bin/hsresnet" --version >/dev/null
"$root/bin/hsresnet" init hs_resnet29_cifar --out "$work/model" --force >/dev/null

# start_server DIR EXTRA_ARGS...: starts DIR's build on a free port, sets $server and $url
start_server() {
  local dir="$1"; shift
  set -m
  "$dir/bin/hsresnet" serve --model "$work/model" --port 0 --max-batch "$max_batch" \
    --batch-window-ms "$window" --workers "$workers" --queue "$queue" "$@" \
    >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  set +m
  url=""
  for _ in $(seq 1 240); do
    url="$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null || true)"
    [[ -n "$url" ]] && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
    sleep 0.5
  done
  echo "serve-compare: no server URL after 120 s" >&2; exit 1
}

# load LABEL IDLE STALLED: runs the load against $url, appends a table row
rows=()
load() {
  local out status=0
  out="$(IDLE="$2" STALLED="$3" URL="$url" REQUESTS="$requests" CONCURRENCY="$concurrency" \
    WARMUP="$warmup" "$root/bench/serve-load.sh" 2>&1)" || status=$?
  echo "$out" | sed "s/^/  [$1] /"
  if (( status != 0 )); then rows+=("$(printf '%-28s failed (exit %s): see above' "$1" "$status")"); return; fi
  rows+=("$(echo "$out" | awk -v label="$1" -v i="$2" -v s="$3" '
    /^throughput/ { tput=$2; sub(/,/, "", $0)
      for (k = 1; k <= NF; k++) { if ($k == "p50") p50=$(k+1); if ($k == "p99") p99=$(k+1)
        if ($k == "errors;") err=$(k-1) } }
    END { printf "%-28s %6s %8s %10s %10s %10s %7s", label, i, s, tput, p50, p99, err }' \
    | tr -d ',')")
}

start_server "$old"
load "old $old_commit" 0 0
load "old $old_commit +stalled" 0 "$stalled"
stop_server
start_server "$root" --max-connections "$(( idle + stalled + 1024 ))" \
  --header-timeout-s 3600 --idle-timeout-s 3600
load "new $(git -C "$root" rev-parse --short HEAD)" "$idle" "$stalled"
stop_server

printf '\n%-28s %6s %8s %10s %10s %10s %7s\n' server idle stalled "req/s" "p50 ms" "p99 ms" errors
printf '%s\n' "${rows[@]}"
echo "settings: $requests requests, concurrency $concurrency, workers $workers, max-batch" \
  "$max_batch, window $window ms, OMP_WAIT_POLICY=$OMP_WAIT_POLICY; $(nproc) cores; $(date -u +%F)"
