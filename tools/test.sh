#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests (on SQLite, and on PostgreSQL via
# TEST_POSTGRES_URL), then the Playwright browser tests in Debian's Chromium.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
start=$(date +%s)

ensure_apt chromium fonts-noto-cjk

# A real SMTP server for the mail tests (PyPI).
# Debian's own Python refuses pip installs ("externally managed"): fall back to its package.
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m pip install --quiet aiosmtpd==1.4.6 2>/dev/null || ensure_apt python3-aiosmtpd
fi

# A real feed parser for the Atom tests (PyPI).
if ! python3 -c 'import feedparser' 2>/dev/null; then
  python3 -m pip install --quiet feedparser==6.0.11 2>/dev/null || ensure_apt python3-feedparser
fi

# Open311 and OpenAPI: a real GeoReport v2 client, JSON Schema and OpenAPI validators (PyPI).
if ! python3 -c 'import georeport, jsonschema, openapi_spec_validator' 2>/dev/null; then
  python3 -m pip install --quiet georeport==0.3.1 jsonschema==4.26.0 openapi-spec-validator==0.9.0 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages georeport==0.3.1 jsonschema==4.26.0 openapi-spec-validator==0.9.0
fi

# PostgreSQL: use the local server (start it if it is installed but down).
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
fi
# A machine without it gets Debian's (trust auth on 127.0.0.1 for the test user).
if [ "$TEST_POSTGRES_URL" = "postgres://postgres@127.0.0.1:5432/postgres" ] && ! command -v pg_isready >/dev/null; then
  ensure_apt postgresql postgresql-client
  conf="$(ls -d /etc/postgresql/*/main | head -n1)/pg_hba.conf"
  if ! grep -q "qingdan tests" "$conf"; then
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust # qingdan tests' "$conf"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main reload 2>/dev/null || true
  fi
fi
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "==> starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

"$ROOT/tools/build.sh"

echo "==> cargo test (Rust unit + integration, SQLite and PostgreSQL)"
cargo test --workspace --exclude frontend

echo "==> Playwright (Chromium, JavaScript on and off, axe-core)"
cd "$ROOT/end2end"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund
QINGDAN_BIN="$CARGO_TARGET_DIR/debug/qingdan" npx playwright test

echo "==> all tests passed in $(( $(date +%s) - start )) s"
