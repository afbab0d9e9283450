#!/usr/bin/env bash
# profile-w1.sh NAME SECS [node JVM options...] — the harness's W1 (100 users, closed loop, against
# its nginx) for SECS seconds on a fresh Vox stack, with the node profiled by async-profiler (CPU,
# 1 ms, per thread) from its first 20,000 requests to 3 s before the end; the extra options go to
# the node (VOX_NODE_JAVA_OPTIONS). Writes $BENCH_RUN/profile/NAME.collapsed and prints the
# harness's RESULT line and where the node's CPU went (summarize.py). async-profiler 4.2 comes
# from Maven Central (tools.profiler:async-profiler, linux-x64) into $BENCH_CACHE; it is loaded
# through the JDK's attach API (Attach.java), since jcmd's JVMTI.agent_load splits its options
# at '='. Kernel frames need perf_event_paranoid <= 1 (else async-profiler falls back to itimer).
# The harness's nginx is started if it is not up, and left up (bench/harness/sut/stop.sh).
# WL=W2|W3|W4 runs that workload instead (for SECS seconds; W4 takes ~10 s to its first 20,000,
# so give it 30 s or more); WHO=master profiles the master (the options still go to the node).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../.." && pwd)"
name="${1:?usage: $0 NAME SECS [node JVM options...]}"; secs="${2:?SECS}"; shift 2
[ "$secs" -ge 10 ] || { echo "SECS: at least 10" >&2; exit 2; }
cache="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vox-bench}/async-profiler-4.2"
out="${BENCH_RUN:-/tmp/vox-bench-$(id -u)}/profile"; mkdir -p "$out" "$cache"
lib="$cache/linux-x64/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  curl -fsSL -o "$cache/ap.jar" \
    https://repo.maven.apache.org/maven2/tools/profiler/async-profiler/4.2/async-profiler-4.2-linux-x64.jar
  (cd "$cache" && unzip -q -o ap.jar 'linux-x64/*')
fi
"$project/bench/harness/sut/start.sh" >/dev/null 2>&1 || true
wl="${WL:-W1}"; who="${WHO:-node}"
VOX_NODE_JAVA_OPTIONS="$*" W1_SECS="$secs" W2_SECS="$secs" W4_SECS="$secs" ROUNDS=1 PEERS=vox WORKLOADS="$wl" \
  setsid "$project/bench/harness/run-peers.sh" >"$out/$name.log" 2>&1 &   # its own process group
runner=$!
trap 'kill -- -"$runner" 2>/dev/null || true' EXIT   # a failed attach must not leave the run going
requests() { curl -fsS --max-time 2 http://127.0.0.1:18200/nginx_status | awk 'NR==3 {print $3}'; }
r0=$(requests); began=""
until n=$(( $(requests) - r0 )); [ "$n" -ge 20000 ]; do
  # the load has begun (the status polls count too, two a second)
  [ -n "$began" ] || [ "$n" -lt 1000 ] || began=$SECONDS
  kill -0 "$runner" 2>/dev/null || { tail -20 "$out/$name.log" >&2; exit 1; }   # the run ended first
  sleep 0.5
done
# the newest stack's node (one node) or master
pid=$(pgrep -n -f -- "$([ "$who" = master ] && echo "java.*master.war" || echo "java.*-Dvox.node.id=node-1")" || true)
[ -n "$pid" ] || { echo "no $who process found" >&2; exit 1; }
java "$here/Attach.java" "$pid" "$lib" "start,event=cpu,interval=1ms,threads"
left=$(( ${began:-$SECONDS} + secs - 3 - SECONDS ))   # to 3 s before the load ends
sleep $(( left > 1 ? left : 1 ))
java "$here/Attach.java" "$pid" "$lib" "stop,file=$out/$name.collapsed,collapsed"
wait "$runner" || true
trap - EXIT
grep '^RESULT' "$out/$name.log" || true
python3 "$here/summarize.py" "$out/$name.collapsed"
