#!/usr/bin/env bash
# Builds the portal and runs it on http://127.0.0.1:3000 with SQLite under ./data and
# the bundled sample lists. QINGDAN_* variables (see README) are passed through.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/tools/build.sh" "$@"
bin="$CARGO_TARGET_DIR/debug/qingdan"
[ "${1:-}" = "--release" ] && bin="$CARGO_TARGET_DIR/release/qingdan"
cd "$ROOT"
export QINGDAN_DATA_DIR="${QINGDAN_DATA_DIR:-$ROOT/data/local}"
exec "$bin" serve
