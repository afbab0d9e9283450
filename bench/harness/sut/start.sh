#!/usr/bin/env bash
# Start the harness target (nginx on 127.0.0.1:$TARGET_PORT) unless it is already up.
set -eu
. "$(cd "$(dirname "$0")/.." && pwd)/lib/common.sh"
need_apt nginx curl
target_up && { log "target already up at $TARGET_URL"; exit 0; }
run="$BENCH_RUN/nginx"; mkdir -p "$run/tmp"
sed -e "s#@RUN@#$run#g" -e "s#@PORT@#$TARGET_PORT#g" "$BENCH_DIR/sut/nginx.conf.template" >"$run/nginx.conf"
raise_nofile 20000
nginx -c "$run/nginx.conf" -p "$run" 2>>"$run/error.log"
for _ in $(seq 50); do target_up && { log "target up at $TARGET_URL"; exit 0; }; sleep 0.1; done
die "nginx did not come up; see $run/error.log"
