#!/usr/bin/env bash
# How long GET /health takes while N connections that sent one byte of a request and then
# stalled are held open against a running server (docs/benchmarks.md, "The Netty server against
# the JDK one"). The stalled connections are bash /dev/tcp sockets; the probe is curl.
#   bench/stall-probe.sh http://127.0.0.1:8080/ [N=2] [TIMEOUT_S=120]
set -euo pipefail
url="${1:?usage: bench/stall-probe.sh URL [N] [TIMEOUT_S]}"
n="${2:-2}"
timeout_s="${3:-120}"
hostport="${url#*://}"; hostport="${hostport%%/*}"
host="${hostport%:*}"; port="${hostport##*:}"
ulimit -n "$(( n + 256 ))" 2>/dev/null || true
fds=()
for (( i = 0; i < n; i++ )); do
  exec {fd}<>"/dev/tcp/$host/$port"
  printf 'G' >&"$fd"
  fds+=("$fd")
done
sleep 0.5   # let the server see the bytes (not a timing: the probe below is what is measured)
seconds="$(curl -s -o /dev/null -w '%{time_total}' --max-time "$timeout_s" "${url%/}/health" || echo "none (curl failed)")"
echo "GET /health with $n stalled connections held: $seconds s"
for fd in "${fds[@]}"; do exec {fd}>&-; done
