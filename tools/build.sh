#!/usr/bin/env bash
# Builds everything the portal needs: the wasm bundle (cargo + wasm-bindgen + npm's
# wasm-opt) into $CARGO_TARGET_DIR/site/pkg, and the `qingdan` server binary (first: the
# bundle's manifest records its build id).
# Installs its own tools: the wasm32 target, wasm-bindgen-cli pinned to Cargo.lock,
# binaryen from npm, brotli from apt. Usage: tools/build.sh [--release]
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

ensure_apt brotli

# The server first: the bundle's manifest records the server's build id.
echo "==> server ($profile_dir)"
cargo build -p server --bin qingdan "${profile_flag[@]}"
echo "    $CARGO_TARGET_DIR/$profile_dir/qingdan"
build_id=$("$CARGO_TARGET_DIR/$profile_dir/qingdan" version | awk '{ print $2 }')

echo "==> wasm bundle"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
pkg="$LEPTOS_SITE_ROOT/pkg"
mkdir -p "$pkg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm" \
  --target web --no-typescript --out-dir "$work" --out-name qingdan
tools/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-reference-types --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  --strip-debug --strip-producers "$work/qingdan_bg.wasm" -o "$work/qingdan.wasm"
cp style/main.css "$work/qingdan.css"

# Content-hashed names, cached as immutable by the server. The js and the wasm share
# one hash (of both files): Leptos links `<output_name>.js` and `<output_name>.wasm`,
# and the glue must match its wasm anyway. The server learns the names from
# pkg/assets.json, written last so it never names files that are not there yet.
short_hash() { cat "$@" | sha256sum | cut -c1-16; }
bundle="qingdan.$(short_hash "$work/qingdan.js" "$work/qingdan.wasm")"
css="qingdan.$(short_hash "$work/qingdan.css").css"
rm -f "$pkg"/qingdan.* "$pkg"/assets.json
cp "$work/qingdan.js" "$pkg/$bundle.js"
cp "$work/qingdan.wasm" "$pkg/$bundle.wasm"
cp "$work/qingdan.css" "$pkg/$css"
# Un-hashed copies for pages rendered before a deploy and for tools that look for them.
cp "$work/qingdan.js" "$work/qingdan.wasm" "$pkg/"
for f in "$pkg/$bundle.js" "$pkg/$bundle.wasm" "$pkg/$css" "$pkg/qingdan.js" "$pkg/qingdan.wasm"; do
  gzip -9 -n -k -f "$f"
  brotli -q 11 -k -f "$f"
done
printf '{"js": "%s", "wasm": "%s", "css": "%s", "build": "%s"}\n' "$bundle.js" "$bundle.wasm" "$css" "$build_id" > "$work/assets.json"
mv "$work/assets.json" "$pkg/assets.json"
for f in "$pkg/$bundle.js" "$pkg/$bundle.wasm" "$pkg/$css"; do
  printf '    %9d raw %9d gzip %9d br  %s\n' "$(stat -c%s "$f")" "$(stat -c%s "$f.gz")" "$(stat -c%s "$f.br")" "$f"
done

