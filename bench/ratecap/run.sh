#!/usr/bin/env bash
# bench/ratecap/run.sh [MAX_RPS] [SECS] [USERS] — an action's maxRps against the harness's nginx:
# USERS (default 100) loop over GET /api/ping with no think time for SECS (default 30) under a cap
# of MAX_RPS (default 5000) requests per second, on a fresh local stack (`vox bench-peer`). Prints
# the rate nginx served over the loop and its ratio to the cap. 127.0.0.1 only; stops by itself.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../.." && pwd)"
harness="$project/bench/harness"
. "$harness/lib/common.sh"
cap="${1:-5000}"; secs="${2:-30}"; users="${3:-100}"

started=0
if ! target_up; then "$harness/sut/start.sh"; started=1; fi
trap '[ "$started" = 1 ] && "$harness/sut/stop.sh" || true' EXIT
out="$(mktemp -d /tmp/vox-ratecap.XXXXXX)"
before="$(srv_counters | awk '{print $2}')"
"$project/vox" bench-peer W1 --target "$TARGET_URL" --path "$PING_PATH" --users "$users" \
  --secs "$secs" --connections "$users" --max-rps "$cap" --work "$out/stack" >"$out/stdout.txt" 2>&1 \
  || { tail -30 "$out/stdout.txt"; die "vox bench-peer failed"; }
after="$(srv_counters | awk '{print $2}')"
line="$(grep '^VOX_SUMMARY' "$out/stdout.txt")"
dur="$(sed -n 's/.* duration_ms=\([^ ]*\).*/\1/p' <<<" ${line#VOX_SUMMARY}")"
served=$((after - before - 1))  # less the status request of `after`
awk -v s="$served" -v c="$cap" -v t="$secs" -v d="$dur" 'BEGIN {
  printf "cap %d/s, %d s: nginx served %d requests = %.1f/s over the loop (%.4fx the cap); %.1f/s over the run'"'"'s %.1f s\n",
    c, t, s, s / t, s / t / c, s / (d / 1000), d / 1000 }'
