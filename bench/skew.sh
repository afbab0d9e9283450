#!/usr/bin/env bash
# Dispatch skew of bulk actions against nginx (issue 22): $USERS users (10,000) act $ACTIONS times
# (3) on a `vox run --local` stack, once over h2c ($H2_CONNECTIONS connections, 16) and once over
# HTTP/1.1 with a connection per user; then $BIG_USERS (50,000) over h2c. Each run prints the
# summary, whose "Dispatch skew per node" table has p50/p99/max per action from the master's
# command (on the node's clock) to each user's first request. nginx is this script's own (a
# cleartext listener of each protocol, answering 200 from memory), on 127.0.0.1 only; everything
# stops by itself (each run is bounded by `timeout`). Last, the floor: plain Netty on one event
# loop (bench/harness/peers/netty-tls/…/WriteFloor.java) asks for $USERS, then $BIG_USERS, h2c GETs
# at one instant over the same $H2_CONNECTIONS connections to the same nginx, $ACTIONS rounds, and
# prints when each was handed to the codec (p50/p99/max from that instant): the skew of plain
# Netty on one core, the floor Vox's figures are set against. FLOOR_JVM sets its JVM options
# (default: the node's, NODE_JVM_OPTS in bench/harness/lib/common.sh); FLOOR_ONLY=1 runs the
# floor alone.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/harness/lib/common.sh   # BENCH_CACHE, NODE_JVM_OPTS
USERS="${USERS:-10000}"
BIG_USERS="${BIG_USERS:-50000}"
ACTIONS="${ACTIONS:-3}"
H2_CONNECTIONS="${H2_CONNECTIONS:-16}"
H1_PORT="${H1_PORT:-18290}"
H2_PORT="${H2_PORT:-18291}"
run="$BENCH_RUN/skew"
rm -rf "$run"
mkdir -p "$run/nginx/logs" "$run/nginx/tmp"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || {
  echo "needs nginx (apt-get install nginx-light)" >&2
  exit 2
}
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
cat >"$run/nginx/nginx.conf" <<EOF
worker_processes 1;
error_log $run/nginx/logs/error.log warn;
pid $run/nginx/nginx.pid;
events { worker_connections 65536; }
worker_rlimit_nofile 70000;
http {
  access_log off;
  client_body_temp_path $run/nginx/tmp; proxy_temp_path $run/nginx/tmp;
  fastcgi_temp_path $run/nginx/tmp; uwsgi_temp_path $run/nginx/tmp; scgi_temp_path $run/nginx/tmp;
  keepalive_requests 1000000; keepalive_timeout 300s;
  http2_max_concurrent_streams 1000;
  server { listen 127.0.0.1:$H1_PORT backlog=65535;
           location / { default_type application/json; return 200 '{"pong":true}'; } }
  server { listen 127.0.0.1:$H2_PORT http2 backlog=65535;
           location / { default_type application/json; return 200 '{"pong":true}'; } }
}
EOF
"$nginx_bin" -p "$run/nginx" -c "$run/nginx/nginx.conf"
trap 'kill "$(cat "$run/nginx/nginx.pid")" 2>/dev/null || true' EXIT

plan() { # name users port http connections
  cat >"$run/$1.json" <<EOF
{"name": "$1", "target": "http://127.0.0.1:$3", "users": $2, "http": "$4", "connections": $5,
 "actions": [{"name": "ping", "repeat": $ACTIONS, "steps": [
   {"request": {"method": "GET", "url": "/api/ping", "checks": [{"status": 200}]}}]}]}
EOF
}
plan "skew-h2c-$USERS" "$USERS" "$H2_PORT" 2 "$H2_CONNECTIONS"
plan "skew-h1-per-user-$USERS" "$USERS" "$H1_PORT" 1.1 '"perUser"'
plan "skew-h2c-$BIG_USERS" "$BIG_USERS" "$H2_PORT" 2 "$H2_CONNECTIONS"

runs=("skew-h2c-$USERS" "skew-h1-per-user-$USERS" "skew-h2c-$BIG_USERS")
[ "${FLOOR_ONLY:-0}" = 1 ] && runs=()   # the floor alone, e.g. with another FLOOR_JVM
for p in ${runs[@]+"${runs[@]}"}; do
  echo "== $p ($(date +%H:%M:%S))"
  timeout 900 ./vox run --local "$run/$p.json" --keep "$run/stack" --base-port 18280 \
    | tee "$run/$p.out" | sed -n '/^action    results/,/^Result rows/p'
done

echo "== floor: plain Netty, one event loop, h2c, $H2_CONNECTIONS connections ($(date +%H:%M:%S))"
bench/harness/peers/netty-tls.sh install
proj="$BENCH_CACHE/netty-tls-project"
# shellcheck disable=SC2206
jvm=(${FLOOR_JVM:-$NODE_JVM_OPTS})
for n in "$USERS" "$BIG_USERS"; do
  timeout 300 java "${jvm[@]}" -Durl="http://127.0.0.1:$H2_PORT/api/ping" -Drequests="$n" \
    -Dconnections="$H2_CONNECTIONS" -Drounds="$ACTIONS" -DflushEvery="${FLOOR_FLUSH_EVERY:-1}" \
    -cp "$proj/target/classes:$(cat "$proj/cp.txt")" vox.bench.WriteFloor | tee "$run/floor-$n.out"
done
