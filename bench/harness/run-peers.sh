#!/usr/bin/env bash
# run-peers.sh — run every peer load generator against the fixed nginx target, the chosen
# workloads (W1 W2 by default; W3 W4, over TLS, on demand), ROUNDS times interleaved (peer order
# rotates each round), then print a Markdown table of medians. Everything it needs is installed
# idempotently on the way.
#
#   ./run-peers.sh                         # all peers, W1 and W2, 3 rounds
#   ROUNDS=1 PEERS="wrk gatling" WORKLOADS=W1 ./run-peers.sh
#   PEERS="vox wrk gatling netty-tls" WORKLOADS="W3 W4" ./run-peers.sh    # TLS
#   W1_SECS=5 W2_SECS=10 ROUNDS=1 ./run-peers.sh          # quick smoke run
#   ./run-peers.sh --table "$BENCH_RUN"/results/<stamp>/results.txt      # re-print a table
#
# Raw outputs: $BENCH_RUN/results/<timestamp>/ (default BENCH_RUN=/tmp/vox-bench-<uid>).
# Downloads/builds: $BENCH_CACHE (default ~/.cache/vox-bench). Traffic: 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/common.sh"

ROUNDS="${ROUNDS:-3}"
PEERS="${PEERS:-vox wrk tsung gatling jmeter autocannon artillery k6 netty-tls}"
if [ "${1:-}" = --table ]; then
  awk -v order="$PEERS" -f "$here/lib/table.awk" "${2:?usage: $0 --table RESULTS_FILE}"; exit 0
fi
WORKLOADS="${WORKLOADS:-W1 W2}"
COOLDOWN="${COOLDOWN:-5}"

stamp="$(date +%Y%m%d-%H%M%S)"
export BENCH_OUT="$BENCH_RUN/results/$stamp"
mkdir -p "$BENCH_OUT"
results="$BENCH_OUT/results.txt"; : >"$results"
log "results in $BENCH_OUT"

started_target=0
cleanup() { [ "$started_target" = 1 ] && "$here/sut/stop.sh" || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Install everything first (untimed), so no run pays for a download.
avail=()
for p in $PEERS; do
  if ! out="$("$here/peers/$p.sh" install 2>>"$BENCH_OUT/install.log")"; then
    log "peer $p failed to install (see $BENCH_OUT/install.log)"
    for wl in $WORKLOADS; do echo "SKIP peer=$p wl=$wl reason=install_failed" >>"$results"; done
  elif grep -q '^SKIP' <<<"$out"; then
    for wl in $WORKLOADS; do sed "s/ wl=[^ ]*/ wl=$wl/" <<<"$out" | grep '^SKIP' >>"$results"; done
  else
    avail+=("$p")
  fi
done
log "peers to run: ${avail[*]:-none}"

# 2. Target.
if target_up; then log "using the target already up at $TARGET_URL"
else "$here/sut/start.sh"; started_target=1; fi
case " $WORKLOADS " in *" W3 "*|*" W4 "*)
  tls_up || die "the target at $TARGET_URL has no TLS ports ($TLS_URL, $TLS_CLOSE_URL): started before W3/W4 existed? sut/stop.sh, then again" ;;
esac

# 3. Interleaved rounds.
n=${#avail[@]}
for r in $(seq "$ROUNDS"); do
  for wl in $WORKLOADS; do
    for i in $(seq 0 $((n - 1))); do
      p="${avail[$(( (i + r - 1) % n ))]}"
      log "round $r/$ROUNDS  $wl  $p"
      if line="$("$here/peers/$p.sh" "$wl" 2>>"$BENCH_OUT/runs.log" | grep '^RESULT\|^SKIP')"; then
        if [[ $line == SKIP* ]]; then   # a workload this peer cannot express: nothing was run
          [ "$r" = 1 ] && echo "$line" >>"$results"; log "  $p: ${line#SKIP }"; continue
        fi
        echo "RESULT round=$r ${line#RESULT }" | tee -a "$results" >&2
      else
        log "  $p $wl failed (see $BENCH_OUT/runs.log)"
        echo "FAIL round=$r peer=$p wl=$wl" >>"$results"
      fi
      sleep "$COOLDOWN"
    done
  done
done

# 4. Table.
{
  echo "Run $stamp on $(hostname): $(nproc) cores, rounds=$ROUNDS, W1=${W1_USERS}u/${W1_SECS}s, W2=${W2_USERS}u/${W2_SECS}s/think ${W2_THINK_MS}ms, W3=${W3_USERS}u/${W3_SECS}s, W4=${W4_USERS}u/${W4_SECS}s"
  echo
  awk -v order="$PEERS" -f "$here/lib/table.awk" "$results"
} | tee "$BENCH_OUT/table.md"
