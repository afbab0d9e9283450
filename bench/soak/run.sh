#!/usr/bin/env bash
# bench/soak/run.sh [minutes] [users] — a soak of loop actions (issue 20): is the node's heap flat?
#
# Starts the demo's local stack (`./vox demo` with a 1-user demo run, then the stack stays up),
# submits bench/soak/soak.json (users log in once, then loop GET feed / POST message / GET item
# every PACING_MS, in `minutes` loop actions of LOOP_S each) with `./vox run`, and every SAMPLE_S
# forces a full GC in the node's and the master's JVM (`jcmd PID GC.run`) and records their heap
# used after it (`jcmd PID GC.heap_info`), metaspace, RSS and CPU. At the end: a table, the
# verdict (max/min of the node's heap after GC from minute FROM_MIN to the run's end, flat when
# <= 1 + MAX_GROWTH), the rows stored and the run's end state. Everything on 127.0.0.1; the stack
# is stopped at exit (by PID, only what this script started). Exit 0: completed, thresholds met,
# every row stored and the heap flat; 1: not so; 2: could not run.
#
# Environment: PACING_MS (2000), LOOP_S (60), SAMPLE_S (30), FROM_MIN (2), MAX_GROWTH (0.10),
# BASE_PORT (18080: master; node +1, demo API +220; broker 61617 and DB 13306 are fixed),
# PORT_WAIT_S (900: how long to wait for another stack on those ports to go), KEEP_STACK=1 (keep
# the stack's MariaDB, Artemis and Payara files; the logs are always kept), VOX_NODE_JAVA_OPTIONS
# and VOX_MASTER_JAVA_OPTIONS (added to the JVMs' options, e.g. -XX:TieredStopAtLevel=1 for a C1-only node).
# Output: .vox/soak/<date-time>/ (samples.csv, histo/, plan.json, demo.log, run.log, stack logs).
set -euo pipefail
cd "$(dirname "$0")/../.."
project="$(pwd)"

minutes="${1:-10}"
users="${2:-2000}"
pacing_ms="${PACING_MS:-2000}"
loop_s="${LOOP_S:-60}"
sample_s="${SAMPLE_S:-30}"
from_min="${FROM_MIN:-2}"
max_growth="${MAX_GROWTH:-0.10}"
base_port="${BASE_PORT:-18080}"
port_wait_s="${PORT_WAIT_S:-900}"
[[ $minutes =~ ^[1-9][0-9]*$ && $users =~ ^[1-9][0-9]*$ ]] || {
  echo "usage: $0 [minutes >= 1] [users >= 1]" >&2
  exit 2
}
for tool in jq jcmd curl ss awk; do
  command -v "$tool" >/dev/null || { echo "needs $tool on the PATH" >&2; exit 2; }
done

# under .vox/ (git-ignored, and skipped by ./vox's staleness check: Payara's root dir holds pom.xml
# files that would make every later ./vox command rebuild)
out="$project/.vox/soak/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/histo"
samples="$out/samples.csv"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# ---- stopping what this script started (and only that) ---------------------------------------
launcher_pid="" run_pid="" run_id="" master_pid="" node_pid="" pw=""
stack_pids=()   # the launcher's descendants (master, node, mariadbd), recorded once the stack is up
descendants() { # PIDs under $1, depth first
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done
}
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
wait_gone() { # wait_gone SECONDS PID...: true when all are gone in time
  local deadline=$((SECONDS + $1)) p any
  shift
  while :; do
    any=0
    for p in "$@"; do alive "$p" && any=1; done
    [ "$any" = 0 ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  if alive "$run_pid"; then
    log "stopping ./vox run (pid $run_pid; it aborts run $run_id)"
    kill -TERM "$run_pid" 2>/dev/null || true
    wait_gone 30 "$run_pid" || kill -KILL "$run_pid" 2>/dev/null || true
  fi
  if alive "$launcher_pid"; then
    [ "${#stack_pids[@]}" -gt 0 ] || mapfile -t stack_pids < <(descendants "$launcher_pid")
    log "stopping the stack (launcher pid $launcher_pid)"
    kill -TERM "$launcher_pid" 2>/dev/null || true
    wait_gone 120 "$launcher_pid" || kill -KILL "$launcher_pid" 2>/dev/null || true
  fi
  for p in "${stack_pids[@]}"; do # what the launcher's hook did not stop in time
    if alive "$p"; then log "killing leftover pid $p"; kill -KILL "$p" 2>/dev/null || true; fi
  done
  if [ "${KEEP_STACK:-0}" != 1 ]; then # keep the logs, not the ~280 MB of data and Payara roots
    rm -rf "$out/stack/mariadb" "$out/stack/artemis" "$out/stack"/*/root "$out/stack"/*/tmp
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the stack -----------------------------------------------------------------------------------
# builds the dist first if the sources changed, in the foreground
"$project/vox" --version >/dev/null || { log "./vox could not build or start"; exit 2; }
ports=("$base_port" "$((base_port + 1))" "$((base_port + 220))" 61617 13306)
busy_port() {
  local p
  for p in "${ports[@]}"; do
    if [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then echo "$p"; return; fi
  done
}
start_deadline=$((SECONDS + port_wait_s))
while :; do
  while p="$(busy_port)"; [ -n "$p" ]; do
    if [ "$SECONDS" -ge "$start_deadline" ]; then log "port $p still in use after ${port_wait_s} s"; exit 2; fi
    log "port $p on 127.0.0.1 is in use (another stack?); waiting"
    sleep 15
  done
  log "starting the stack: ./vox demo --users 1 --actions 1 (log: $out/demo.log)"
  "$project/vox" demo --users 1 --actions 1 --base-port "$base_port" --work "$out/stack" \
    >"$out/demo.log" 2>&1 &
  launcher_pid=$!
  up_deadline=$((SECONDS + 300))
  until grep -q '^The stack stays up' "$out/demo.log"; do
    if ! alive "$launcher_pid"; then
      wait "$launcher_pid" && rc=0 || rc=$?
      launcher_pid=""
      if [ "$rc" = 3 ] && [ "$SECONDS" -lt "$start_deadline" ]; then # BUSY: lost a race for a port
        log "$(tail -1 "$out/demo.log"); retrying"
        sleep 15
        continue 2
      fi
      log "./vox demo exited with $rc:"; tail -30 "$out/demo.log"; exit 2
    fi
    if [ "$SECONDS" -ge "$up_deadline" ]; then
      log "stack not up after 300 s"; tail -30 "$out/demo.log"; exit 2
    fi
    sleep 1
  done
  break
done
mapfile -t stack_pids < <(descendants "$launcher_pid")
read -r master_pid node_pid < <(
  sed -n 's/^Stack up in .*master pid \([0-9]*\), node pid \([0-9]*\).*/\1 \2/p' "$out/demo.log")
grep -qa 'vox.node.id' "/proc/$node_pid/cmdline" && grep -qa 'node.war' "/proc/$node_pid/cmdline" \
  || { log "pid $node_pid is not the node"; exit 2; }
grep -qa 'master.war' "/proc/$master_pid/cmdline" || { log "pid $master_pid is not the master"; exit 2; }
[ "$(ps -o ppid= -p "$node_pid" | tr -d ' ')" = "$launcher_pid" ] || { log "node is not ours"; exit 2; }
master_url="http://127.0.0.1:$base_port/master/"
pw="$(awk '$1 == "admin" {print $2}' "$out/stack/credentials")"
rest() { # rest PATH: GET on the master as admin (the password never on a command line)
  curl -sfS --max-time 20 -K - "${master_url}$1" <<<"user = \"admin:$pw\""
}
log "stack up: launcher $launcher_pid, master $master_pid, node $node_pid;" \
  "demo run: $(grep -o 'Run 1 [A-Z]*' "$out/demo.log" | head -1)"

# ---- the plan --------------------------------------------------------------------------------------
actions=$(((minutes * 60 + loop_s - 1) / loop_s))
jq --argjson users "$users" --argjson repeat "$actions" --argjson dur "$((loop_s * 1000))" \
  --argjson pacing "$pacing_ms" --arg target "http://127.0.0.1:$((base_port + 220))" \
  '.users = $users | .target = $target | .actions[0].repeat = $repeat
   | .actions[0].loop.durationMs = $dur | .actions[0].loop.pacingMs = $pacing' \
  bench/soak/soak.json >"$out/plan.json"

# ---- sampling ------------------------------------------------------------------------------------
# heap_after_gc PID: "heapKiB metaspaceKiB" just after a full GC. The heap is what the full GC left:
# the old generation (Serial and Parallel compact everything live into it; the node runs Serial),
# or G1's heap minus its young regions (the master), so that what the JVM allocated between the
# two jcmd calls (~1 s: each is a JVM of its own) is not counted.
heap_after_gc() {
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | awk '
    function used(  i, v) {
      for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); return v } }
    /(tenured generation|PSOldGen|ParOldGen) +total/ { old = used(); has_old = 1 }
    /garbage-first heap +total/ { g1 = used() }
    /region size .* young/ {
      for (i = 1; i < NF; i++) if ($i == "young") { y = $(i + 1); gsub(/[(),K]/, "", y) } }
    /^ *Metaspace +used/ { m = used() }
    END { printf "%d %d\n", has_old ? old : g1 - y, m }'
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # utime + stime
box_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
hz="$(getconf CLK_TCK)"
ncpu="$(nproc)"
header="t_s,phase,action,node_heap_kib,node_meta_kib,node_rss_kib,node_cpu_pct"
echo "$header,master_heap_kib,master_rss_kib,box_busy_pct,node_histo_kib" >"$samples"
prev_t=0 prev_node=0 prev_busy=0 prev_total=0
sample() { # sample PHASE
  local t now node busy total action nh nm mh mm histo
  now=$(date +%s%N); t=$(((now - t_submit) / 1000000))
  node=$(cpu_ticks "$node_pid"); read -r busy total < <(box_ticks)
  action="$(rest "api/runs/$run_id" | jq -r '.currentAction' 2>/dev/null || echo '?')"
  read -r nh nm < <(heap_after_gc "$node_pid")
  # what the node's heap holds, biggest first (another full GC): explains a growth, if any
  histo="$out/histo/$(printf %05d $((t / 1000)))-$1.txt"
  jcmd "$node_pid" GC.class_histogram 2>/dev/null | awk 'NR <= 80 || /^Total/' >"$histo" || true
  read -r mh mm < <(heap_after_gc "$master_pid")
  awk -v t="$t" -v ph="$1" -v a="$action" -v nh="$nh" -v nm="$nm" -v nr="$(rss_kib "$node_pid")" \
    -v mh="$mh" -v mr="$(rss_kib "$master_pid")" -v hz="$hz" -v n="$node" -v pn="$prev_node" \
    -v pt="$prev_t" -v hl="$(awk '/^Total/ {print $3}' "$histo")" -v b="$busy" -v pb="$prev_busy" \
    -v tt="$total" -v pto="$prev_total" 'BEGIN {
      ncpu = (t - pt >= 5000) ? sprintf("%.0f", 100 * (n - pn) / hz / ((t - pt) / 1000)) : "-"
      bb = (t - pt >= 5000) ? sprintf("%.0f", 100 * (b - pb) / (tt - pto)) : "-"
      printf "%.1f,%s,%s,%d,%d,%d,%s,%d,%d,%s,%d\n",
        t / 1000, ph, a, nh, nm, nr, ncpu, mh, mr, bb, hl / 1024 }' >>"$samples"
  prev_t=$t prev_node=$node prev_busy=$busy prev_total=$total
}

# ---- the run --------------------------------------------------------------------------------------
log "submitting $out/plan.json: $users users, $actions loop actions of ${loop_s} s," \
  "pacing ${pacing_ms} ms (log: $out/run.log)"
VOX_PASSWORD="$pw" "$project/vox" run "$out/plan.json" --master "$master_url" >"$out/run.log" 2>&1 &
run_pid=$!
until run_id="$(sed -n 's/^Run \([0-9]*\) submitted.*/\1/p' "$out/run.log")"; [ -n "$run_id" ]; do
  alive "$run_pid" || { log "./vox run exited:"; cat "$out/run.log"; exit 2; }
  sleep 0.5
done
t_submit=$(date +%s%N) # minute 0: the master accepted the plan
prev_node=$(cpu_ticks "$node_pid"); read -r prev_busy prev_total < <(box_ticks)
log "run $run_id submitted; sampling every ${sample_s} s"
run_deadline=$((SECONDS + minutes * 60 + 600))
next=0
while alive "$run_pid"; do
  if [ "$SECONDS" -ge "$run_deadline" ]; then log "run $run_id not over in time"; exit 1; fi
  t=$((($(date +%s%N) - t_submit) / 1000000000))
  if [ "$t" -ge "$next" ]; then
    sample run
    tail -1 "$samples" | awk -F, '{ printf "  t=%ss action %s: node heap after GC %.1f MiB" \
      " (histogram %.1f), RSS %.0f MiB, CPU %s%%; master heap %.1f MiB; box busy %s%%\n",
      $1, $3, $4 / 1024, $11 / 1024, $6 / 1024, $7, $8 / 1024, $10 }'
    next=$((next + sample_s))
  fi
  sleep 1
done
wait "$run_pid" && run_rc=0 || run_rc=$?
run_pid=""
sample after

# ---- the report ----------------------------------------------------------------------------------
sed -n '/^Run [0-9]* [A-Z]*: /,$p' "$out/run.log"
run_json="$(rest "api/runs/$run_id" || echo '{}')"
state="$(jq -r '.state' <<<"$run_json")"
passed="$(jq -r 'if has("passed") then .passed else "n/a" end' <<<"$run_json")"
run_error="$(jq -r '.error // ""' <<<"$run_json")"
rows="$( (rest "api/runs/$run_id/results?size=1" || echo '{}') | jq -r '.total')"
expected=$((users * actions))
echo
echo "Soak: $minutes min, $users users, $actions loop actions of ${loop_s} s, pacing ${pacing_ms} ms;" \
  "samples every ${sample_s} s after a forced full GC ($samples)"
echo
awk -F, 'NR == 1 {
    f = "| %6s | %-5s | %6s | %16s | %14s | %12s | %10s | %18s | %14s | %10s |\n"
    printf f, "minute", "phase", "action", "node heap MiB*", "node meta MiB", "node RSS MiB",
      "node CPU %", "master heap MiB*", "master RSS MiB", "box busy %"
    print "|---|---|---|---|---|---|---|---|---|---|" }
  NR > 1 { printf "| %6.1f | %-5s | %6s | %16.1f | %14.1f | %12.0f | %10s | %18.1f | %14.0f | %10s |\n",
      $1 / 60, $2, $3, $4 / 1024, $5 / 1024, $6 / 1024, $7, $8 / 1024, $9 / 1024, $10 }' "$samples"
echo "* heap used after jcmd GC.run (a full collection); node CPU % of one core, box busy % of all" \
  "$ncpu cores, both since the previous sample"
verdict="$(awk -F, -v from="$((from_min * 60))" -v g="$max_growth" 'NR > 1 && $2 == "run" && $1 >= from {
    n++; if ($4 <= 0) bad++; if (min == "" || $4 < min) min = $4; if ($4 > max) max = $4 }
  END {
    if (n < 2) { print "n/a: fewer than 2 samples of the running run after minute " from / 60; exit }
    if (bad) { print "n/a: " bad " samples could not read the node'"'"'s heap (was it still up?)"; exit }
    r = max / min
    printf "%s: node heap after GC from minute %d to the end, %d samples: min %.1f MiB," \
      " max %.1f MiB, max/min %.3f (limit %.2f)\n",
      (r <= 1 + g) ? "FLAT" : "GREW", from / 60, n, min / 1024, max / 1024, r, 1 + g }' "$samples")"
echo
echo "$verdict"
# the node's classes whose bytes changed most between the window's first and last sample
mapfile -t window < <(ls "$out/histo" | awk -F- -v from="$((from_min * 60))" '$2 == "run.txt" && $1 + 0 >= from')
if [ "${#window[@]}" -ge 2 ]; then
  first="${window[0]}" last="${window[${#window[@]} - 1]}"
  span="$(awk -v a="${first%%-*}" -v b="${last%%-*}" 'BEGIN {printf "minute %.1f -> %.1f", a / 60, b / 60}')"
  echo "Node heap by class, $span (GC.class_histogram, top 80 classes each; $out/histo):"
  awk 'FNR == 1 { f++ } $1 ~ /^[0-9]+:$/ { b[$4, f] = $3; seen[$4] = 1 }
    END { for (c in seen) { d = b[c, 2] - b[c, 1]
                            printf "%d %d %d %s\n", (d < 0 ? -d : d), b[c, 1], b[c, 2], c } }' \
    "$out/histo/$first" "$out/histo/$last" | sort -rn | head -8 |
    awk '{ printf "  %+9.1f KiB  %9.1f -> %9.1f KiB  %s\n", ($3 - $2) / 1024, $2 / 1024, $3 / 1024, $4 }'
fi
echo "Run $run_id: $state, thresholds passed: $passed${run_error:+, error: $run_error}; ./vox run exited $run_rc"
echo "Rows stored: $rows of $expected ($users users x $actions actions)"
ok=1
[ "$state" = COMPLETED ] || ok=0
[ "$run_rc" = 0 ] || ok=0
[ "$rows" = "$expected" ] || ok=0
[[ $verdict == FLAT* ]] || ok=0
if [ "$ok" = 1 ]; then echo "PASS"; exit 0; fi
echo "FAIL"
exit 1
