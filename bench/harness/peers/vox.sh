#!/usr/bin/env bash
# peers/vox.sh W1|W2|W3|W4|install — Vox itself: a fresh local stack (Artemis, MariaDB, a master
# and one node, each Payara Micro process started for this run, so JIT warm-up counts as for the
# peers), the workload as a plan (users loop over GET /api/ping, W2 with a 1 s think time and
# arrivals over 1 s), CPU and peak RSS of the master and node processes from submitting the plan
# to the run's end (read from /proc by `vox bench-peer`; the stack's start is not counted).
# W3/W4: W1's plan against the TLS ports, "http": "1.1", the certificate checked against the
# harness's CA ("tls": {"ca": ...}); one connection per user (vox.http.connections = users). In
# W4 nginx closes each connection after its response, so each request opens a new connection
# (a full handshake); the handshakes are counted by nginx, not by Vox. The key exchanges offered
# are TLS_GROUPS (lib/common.sh), as for the netty-tls reference.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
project="$(cd "$here/../../.." && pwd)"

need_apt time curl
if [ "${1:-}" = install ]; then
  "$project/vox" --version >/dev/null 2>&1 || "$project/vox" --help >/dev/null  # builds if needed
  exit 0
fi
wl="${1:?usage: $0 W1|W2|W3|W4|install}"; workload_params "$wl"
raise_nofile 65535
out="$(new_outdir vox "$wl")"

# W1, W3, W4: a connection per user, as the peers have (in W4 a user's connection is replaced
# by a new one after each response, never shared); W2: 10,000 users share the node's pool
# (Vox's design: 256 connections, not one per user)
conns=$([ "$wl" = W2 ] && echo "${VOX_W2_CONNECTIONS:-256}" || echo "$USERS")
tls=(); [[ $URL == https:* ]] && tls=(--ca-file "$TLS_CA" ${TLS_GROUPS:+--tls-groups "${TLS_GROUPS//:/,}"})
before="$(srv_counters)"
(timeout -k 10 "$((SECS + GRACE_SECS + 180))" \
  "$project/vox" bench-peer "$wl" \
    --target "$URL" "${tls[@]}" --path "$PING_PATH" --users "$USERS" --secs "$SECS" \
    --think-ms "$THINK_MS" --connections "$conns" --event-loops "${VOX_EVENT_LOOPS:-1}" \
    --work "$out/stack") >"$out/stdout.txt" 2>&1 || log "vox exited non-zero (see $out)"
after="$(srv_counters)"

line="$(grep '^VOX_SUMMARY' "$out/stdout.txt" || true)"
[ -n "$line" ] || { tail -40 "$out/stdout.txt" >&2; die "no vox summary"; }
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#VOX_SUMMARY}"; }
req=$(kv requests); dur=$(kv duration_ms)
rps=$(awk -v r="$req" -v d="$dur" 'BEGIN{printf "%.0f", r/(d/1000)}')
# emit reads a `/usr/bin/time -v` report: write the master+node figures in its format
cat >"$out/time.txt" <<TIME
	Maximum resident set size (kbytes): $(kv rss_kb)
	User time (seconds): $(kv cpu_s)
	System time (seconds): 0
	Elapsed (wall clock) time (h:mm:ss or m:ss): 0:$(kv wall_s)
TIME
note="node_cpu_s=$(kv node_cpu_s),master_cpu_s=$(kv master_cpu_s),node_rss_mb=$(kv node_rss_mb),broker_db_cpu_s=$(kv broker_db_cpu_s),transport=$(kv node_transport),tls=$(kv node_tls)$([[ $URL == https:* ]] && echo ",groups=${TLS_GROUPS:-default}" || true)"
[ "$(kv failures)" = 0 ] || note="$note,top_error=$(kv top_error)"
emit vox "$wl" "$req" "$rps" "$(kv mean_ms)" "$(kv p99_ms)" "$(kv failures)" "$out/time.txt" "$before" "$after" "$note"
# A run's stack (Payara roots, the broker's journal, MariaDB's files) is ~1 GB; kept only when the
# run had failures, or with KEEP_STACK=1. Left to pile up, it filled the disk until the next
# broker refused to take messages (Artemis blocks producers past 90 % disk use).
if [ "$(kv failures)" = 0 ] && [ "${KEEP_STACK:-0}" != 1 ]; then rm -rf "$out/stack"; fi
