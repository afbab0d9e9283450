#!/usr/bin/env bash
# One node, 1,000,000 users: each logs in to the demo API and keeps its token, then one bulk action
# in which all of them act once. Loopback only; bounded by its user count and a 15 min timeout.
# Prints the demo's progress and summary (peak RSS of master and node included).
set -euo pipefail
cd "$(dirname "$0")/.."
exec timeout 900 ./vox demo --users "${USERS:-1000000}" --actions 1 --exit
