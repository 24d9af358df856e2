#!/usr/bin/env bash
# The benchmark suite of issue 8, in one command:
#
#   bench/run.sh                 # N = 10000 and 100000
#   bench/run.sh 1000000         # any list of N
#
# Installs wrk (apt) if missing, builds the release `qingdan` and the bare_axum
# example, then runs bench/run.py for each N and writes bench/RESULTS.md.
#
# Environment (all optional):
#   BENCH_PROFILE=debug      use the existing debug binaries, build nothing (smoke runs)
#   BENCH_NO_BUILD=1         release binaries, but do not run cargo
#   BENCH_WORK=DIR           corpora, data dirs, logs (default ~/.cache/qingdan/bench)
#   BENCH_REPS, BENCH_BUDGET, BENCH_MIN_REPS          requests per query (200, 30 s, 20)
#   BENCH_WRK_DURATION, BENCH_WRK_THREADS, BENCH_WRK_CONNECTIONS, BENCH_TIP_CONNECTIONS
#   BENCH_KILL_DURATION      seconds of tip load around the kill -9 (6)
#   BENCH_LIVE_IMPORT        rows imported into the running portal (min(N, 100000); 0 skips)
#   BENCH_KEEP=1             keep corpora and the FTS5 database
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../tools/env.sh
source "$BENCH_DIR/../tools/env.sh"
cd "$ROOT"

PROFILE="${BENCH_PROFILE:-release}"
case "$PROFILE" in
  release|debug) ;;
  *) echo "BENCH_PROFILE must be release or debug" >&2; exit 2 ;;
esac

command -v wrk >/dev/null 2>&1 || ensure_apt wrk
command -v python3 >/dev/null 2>&1 || ensure_apt python3

if [ "$PROFILE" = release ] && [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "==> cargo build --release -p server --bin qingdan --example bare_axum"
  cargo build --release -p server --bin qingdan --example bare_axum
fi

export QINGDAN_BIN="$CARGO_TARGET_DIR/$PROFILE/qingdan"
export BARE_BIN="$CARGO_TARGET_DIR/$PROFILE/examples/bare_axum"
export BENCH_PROFILE="$PROFILE"
if [ ! -x "$QINGDAN_BIN" ]; then
  echo "missing $QINGDAN_BIN (build it, or use BENCH_PROFILE=release)" >&2
  exit 1
fi
[ -x "$BARE_BIN" ] || echo "warning: missing $BARE_BIN; pages are measured without the bare axum baseline" >&2

# Run the Python runner in the background so that a TERM to this script reaches
# it at once; it stops every server it started.
python3 "$BENCH_DIR/run.py" "$@" &
runner=$!
trap 'kill -TERM "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null; exit 130' INT TERM HUP
wait "$runner"
