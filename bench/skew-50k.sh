#!/usr/bin/env bash
# Dispatch skew with 50,000 users on one node: two bulk actions; the summary's skew99 column is each
# action's p99 delay from the node receiving RunAction to a user's first request (stored per action
# and node: GET /api/runs/{id}/actions/{k} gives dispatchP50Ms/P99Ms/MaxMs). Loopback only; bounded
# by its user count and a 10 min timeout. Extra node flags: VOX_NODE_JAVA_OPTIONS, e.g.
# -Dvox.http.connections=1024.
set -euo pipefail
cd "$(dirname "$0")/.."
exec timeout 600 ./vox demo --users "${USERS:-50000}" --actions "${ACTIONS:-2}" --exit
