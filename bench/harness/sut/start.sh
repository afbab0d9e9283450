#!/usr/bin/env bash
# Start the harness target (nginx: cleartext on 127.0.0.1:$TARGET_PORT, TLS on $TLS_PORT and
# $TLS_CLOSE_PORT) unless it is already up. The TLS certificate (an ECDSA P-256 leaf for
# localhost and 127.0.0.1, signed by a local CA) is made here with openssl into $TLS_DIR, once
# (again when it is missing or expires within a day); peers trust $TLS_CA.
set -eu
. "$(cd "$(dirname "$0")/.." && pwd)/lib/common.sh"
need_apt nginx curl openssl
if target_up; then
  tls_up || die "a target without TLS is up at $TARGET_URL (started before W3/W4 existed?): sut/stop.sh, then again"
  log "target already up at $TARGET_URL"; exit 0
fi
run="$BENCH_RUN/nginx"; mkdir -p "$run/tmp"

make_tls() {
  local d="$TLS_DIR"
  if [ -s "$d/leaf.pem" ] && openssl x509 -checkend 86400 -noout -in "$d/leaf.pem" >/dev/null \
     && openssl verify -CAfile "$d/ca.pem" "$d/leaf.pem" >/dev/null 2>&1; then
    return 0
  fi
  log "making a local CA and an ECDSA P-256 certificate in $d"
  rm -rf "$d"; mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj "/CN=vox-bench local CA" -keyout "$d/ca.key" -out "$d/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=localhost" -keyout "$d/leaf.key" -out "$d/leaf.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$d/leaf.ext"
  openssl x509 -req -in "$d/leaf.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$d/leaf.ext" -out "$d/leaf.pem" 2>/dev/null
  chmod 600 "$d/ca.key" "$d/leaf.key"
}
make_tls

sed -e "s#@RUN@#$run#g" -e "s#@SUT@#$BENCH_DIR/sut#g" -e "s#@PORT@#$TARGET_PORT#g" \
    -e "s#@TLS_PORT@#$TLS_PORT#g" -e "s#@TLS_CLOSE_PORT@#$TLS_CLOSE_PORT#g" \
    "$BENCH_DIR/sut/nginx.conf.template" >"$run/nginx.conf"
raise_nofile 20000
nginx -c "$run/nginx.conf" -p "$run" 2>>"$run/error.log"
for _ in $(seq 50); do target_up && tls_up && { log "target up at $TARGET_URL, $TLS_URL, $TLS_CLOSE_URL"; exit 0; }; sleep 0.1; done
die "nginx did not come up; see $run/error.log"
