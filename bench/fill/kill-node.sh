#!/usr/bin/env bash
# One node holding USERS (default 1,000,000) users is killed (SIGKILL) in the middle of the first of
# two bulk actions: the master must declare it lost, fill in every missing result of both actions
# with the reason, and complete the run. Prints the fill times from the master's log and the rows.
# Loopback only; bounded (15 min timeout); stops the stack it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-1000000}
KILL_AT=${KILL_AT:-100000}   # results of action 1 stored before the kill
WORK=.vox/kill-node
rm -rf "$WORK"
mkdir -p "$WORK"
LOG="$WORK/demo.log"

timeout 900 ./vox demo --users "$USERS" --actions 2 --work "$WORK/stack" >"$LOG" 2>&1 &
LAUNCHER=$!
cleanup() { kill -TERM "$LAUNCHER" 2>/dev/null || true; wait "$LAUNCHER" 2>/dev/null || true; }
trap cleanup EXIT

node_pid=""
for _ in $(seq 1 600); do
  node_pid=$(sed -n 's/.*Stack up in .*node pid \([0-9]*\).*/\1/p' "$LOG" | head -1)
  [ -n "$node_pid" ] && break
  sleep 1
done
[ -n "$node_pid" ] || { echo "the stack did not come up; see $LOG"; exit 2; }
PASS=$(awk '$1 == "admin" {print $2}' "$WORK/stack/credentials")
API=http://127.0.0.1:18080/master/api
rows() { curl -s -u "admin:$PASS" "$API/runs/1/actions/1" | sed -n 's/.*"count":\([0-9]*\).*/\1/p'; }
echo "node pid $node_pid; waiting for $KILL_AT results of action 1"
for _ in $(seq 1 900); do
  n=$(rows || true)
  [ -n "$n" ] && [ "$n" -ge "$KILL_AT" ] && break
  sleep 0.2
done
kill -KILL "$node_pid"
killed=$(date +%s.%N)
echo "killed the node at $(rows) results of action 1"
state=""
for _ in $(seq 1 600); do
  state=$(curl -s -u "admin:$PASS" "$API/runs/1" | sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p')
  case "$state" in COMPLETED|FAILED|STOPPED|ABORTED) break ;; esac
  sleep 1
done
ended=$(date +%s.%N)
printf 'run 1 %s %.1f s after the kill\n' "$state" "$(echo "$ended - $killed" | bc)"
grep -ho 'run=1 node=[^ ]* action=[0-9]*: [0-9]* missing result(s) filled in [0-9]* ms' \
  "$WORK"/stack/master/*.log || echo "(no fill logged)"
grep -ho 'run=1 node node-[^;]* lost:[^;]*' "$WORK"/stack/master/*.log | head -1
for k in 1 2; do
  curl -s -u "admin:$PASS" "$API/runs/1/actions/$k" |
    sed -n 's/.*"count":\([0-9]*\).*"errors":\([0-9]*\).*/action '"$k"': \1 rows, \2 errors/p'
  echo
done
