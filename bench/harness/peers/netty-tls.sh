#!/usr/bin/env bash
# peers/netty-tls.sh W1|W3|W4|install — the reference client of issues 19 and 22: plain Netty (the root
# pom's 4.2.18) on one event loop (native epoll; NETTY_TLS_TRANSPORT=io_uring for io_uring),
# OpenSSL (BoringSSL from netty-tcnative 2.0.84), TLS 1.3, the certificate checked against the
# harness's CA and the host name checked (here the IP 127.0.0.1 against the certificate's IP
# name). Java source in netty-tls/, copied to and built in the cache dir; the measured process
# is its JVM alone (start-up included, as for Gatling). W3: 100 users, each a keep-alive
# connection, looping GET for 15 s. W4: 2,000 users, each opening a new connection (TCP + full
# handshake) for every request, since nginx's W4 port closes after each response, for 15 s.
# The key exchanges offered: TLS_GROUPS (lib/common.sh), as Vox.
# W1: W3 without TLS (plain HTTP to the W1 port), issue 22's closed-loop reference.
# The note gives run_cpu_s, the process's CPU from the first connect to the end (no JVM start).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"

need_apt time curl maven
JAVA="${BENCH_JAVA:-java}"
proj="$BENCH_CACHE/netty-tls-project"

build() {
  local hash
  hash="$(cd "$here/netty-tls" && find . -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40)"
  [ -f "$proj/.built-$hash" ] && [ -s "$proj/cp.txt" ] && return 0
  log "building the netty-tls reference client in $proj"
  rm -rf "$proj"; mkdir -p "$proj"; cp -r "$here/netty-tls/." "$proj/"
  (cd "$proj" && mvn -B -q package dependency:build-classpath \
      -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime >"$proj/build.log" 2>&1) \
    || { tail -30 "$proj/build.log" >&2; die "netty-tls build failed"; }
  touch "$proj/.built-$hash"
}
build
[ "${1:-}" = install ] && exit 0
wl="${1:?usage: $0 W1|W3|W4|install}"; workload_params "$wl" W1 W3 W4   # W1 over plain HTTP (issue 22)
raise_nofile 65535
out="$(new_outdir netty-tls "$wl")"

cp="$proj/target/classes:$(cat "$proj/cp.txt")"
# The JVM options of Vox's node (launcher LocalStack.NODE_JVM: serial GC, the tiered JIT since
# 2026-12-07, Netty's leak detection off), so that W1/W3/W4 compare the clients' code, not JIT
# settings. It matters: W1 for 120 s did 69K requests per CPU-s with C1 only, 117K with C2; in
# 15 s smoke runs C2 gave W4 574 handshakes per CPU-s against 1,300 with C1 only (C2 compiles eat
# a short run), and W3 45K requests per CPU-s against 31K. NETTY_TLS_JVM replaces these options
# (e.g. add -XX:TieredStopAtLevel=1 for C1 only, as the node before 2026-12-07).
# shellcheck disable=SC2206
jvm=(${NETTY_TLS_JVM:-$NODE_JVM_OPTS})
props=(-Durl="$URL$PING_PATH" -Dusers="$USERS" -Dsecs="$SECS" -Dca="$TLS_CA" -DtimeoutMs=10000
       -Dtransport="${NETTY_TLS_TRANSPORT:-epoll}" -Dgroups="${TLS_GROUPS:-}")

before="$(srv_counters)"
timed "$out/time.txt" "$JAVA" "${jvm[@]}" "${props[@]}" -cp "$cp" vox.bench.TlsReference \
  >"$out/stdout.txt" 2>&1 || log "netty-tls exited non-zero (see $out)"
after="$(srv_counters)"

line="$(grep '^NETTY_SUMMARY' "$out/stdout.txt" || true)"
[ -n "$line" ] || { tail -30 "$out/stdout.txt" >&2; die "no netty-tls summary"; }
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#NETTY_SUMMARY}"; }
req=$(kv requests); dur=$(kv duration_us)
rps=$(awk -v r="$req" -v d="$dur" 'BEGIN{printf "%.0f", r/(d/1e6)}')
mean=$(awk -v m="$(kv mean_us)" 'BEGIN{printf "%.2f", m/1000}')
p99=$(awk -v m="$(kv p99_us)" 'BEGIN{printf "%.2f", m/1000}')
emit netty-tls "$wl" "$req" "$rps" "$mean" "$p99" "$(kv errors)" "$out/time.txt" "$before" "$after" \
  "handshakes=$(kv handshakes),run_cpu_s=$(kv run_cpu_s),tls=$(kv tls),transport=$(kv transport)$([[ $URL == https:* ]] && echo ",groups=${TLS_GROUPS:-default}" || true)"
