#!/usr/bin/env bash
# bench/passes/run.sh [passes] [package] — the engine's tests run again and again in one JVM.
#
# Catches what one pass of `./mvnw verify` shows only now and then: a native crash (the JVM's exit
# code says it: 134 is an abort, 139 a segfault), a hang (a pass that never ends), a leak (passes
# that slow down). Each test builds and ends its own event loops, so the loops' shutdown is run
# hundreds of times (docs/DESIGN-NOTES.md, item 28). Needs the engine built (`./mvnw -o install
# -pl messaging,demo-sut,engine -DskipTests` or a full build). Everything on 127.0.0.1 (the tests'
# own servers and Debian's nginx). VOX_TRANSPORT=epoll|io_uring|nio picks the loops' transport
# (default: auto). Output: .vox/passes/<date-time>.log; exit 0 when every pass passed.
set -euo pipefail
cd "$(dirname "$0")/../.."
passes="${1:-25}"
pkg="${2:-io.vox.node}"
out=".vox/passes"
mkdir -p "$out/classes"
log="$out/$(date +%Y%m%d-%H%M%S).log"
./mvnw -B -ntp -q -o dependency:build-classpath -pl engine -Dmdep.includeScope=test \
  -Dmdep.outputFile="$(pwd)/$out/engine.cp"
ver="$(tr ':' '\n' <"$out/engine.cp" | grep '/junit-platform-engine/' | head -1 | awk -F/ '{print $(NF-1)}')"
launcher="$HOME/.m2/repository/org/junit/platform/junit-platform-launcher/$ver/junit-platform-launcher-$ver.jar"
[ -f "$launcher" ] || ./mvnw -B -ntp -q dependency:get -Dartifact="org.junit.platform:junit-platform-launcher:$ver"
cp="engine/target/test-classes:engine/target/classes:$(cat "$out/engine.cp"):$launcher"
javac -d "$out/classes" -cp "$cp" bench/passes/Passes.java
echo "log: $log"
set +e
java -Dvox.node.transport="${VOX_TRANSPORT:-auto}" -cp "$out/classes:$cp" Passes "$pkg" "$passes" \
  >"$log" 2>&1
code=$?
set -e
grep -E '^(pass |  |passes with)' "$log" || true
grep -m1 -E 'malloc\(\)|double free|SIGSEGV' "$log" || true
echo "exit code: $code"
exit "$code"
