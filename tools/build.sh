#!/usr/bin/env bash
# Builds everything the portal needs: the wasm bundle (cargo + wasm-bindgen + npm's
# wasm-opt) into $CARGO_TARGET_DIR/site/pkg, and the `qingdan` server binary.
# Installs its own tools: the wasm32 target, wasm-bindgen-cli pinned to Cargo.lock,
# binaryen from npm. Usage: tools/build.sh [--release]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

profile_flag=()
profile_dir=debug
if [ "${1:-}" = "--release" ]; then
  profile_flag=(--release)
  profile_dir=release
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  echo "==> cargo install wasm-bindgen-cli $wb_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  echo "==> npm ci (binaryen)"
  (cd tools && npm ci --no-audit --no-fund)
fi

echo "==> wasm bundle"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
pkg="$LEPTOS_SITE_ROOT/pkg"
mkdir -p "$pkg"
wasm-bindgen "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm" \
  --target web --no-typescript --out-dir "$pkg" --out-name qingdan
tools/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-reference-types --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  "$pkg/qingdan_bg.wasm" -o "$pkg/qingdan.wasm"
rm -f "$pkg/qingdan_bg.wasm"
cp style/main.css "$pkg/qingdan.css"
echo "    $(du -h "$pkg/qingdan.wasm" | cut -f1) $pkg/qingdan.wasm"

echo "==> server ($profile_dir)"
cargo build -p server --bin qingdan "${profile_flag[@]}"
echo "    $CARGO_TARGET_DIR/$profile_dir/qingdan"
