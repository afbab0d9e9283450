#!/usr/bin/env bash
# Times the lost-user fill (JpaRunStore.lostResults's statements) for a slice of N users (default
# 1,000,000), half of which already reported, on an embedded MariaDB. Needs a build: ./mvnw install.
set -euo pipefail
cd "$(dirname "$0")/../.."
users="${1:-1000000}"
cp="master-war/target/classes:launcher/target/vox-launcher.jar:$(ls launcher/target/dist/lib/*.jar | tr '\n' ':')"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
javac -cp "$cp" -d "$out" bench/fill/FillBench.java
java -cp "$cp:$out" io.vox.master.jpa.FillBench "$users" "$out" 2>&1 | grep -E "^(seeded|fill of)"
