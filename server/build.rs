//! The build id: a hash of everything the browser bundle is compiled from (app/,
//! frontend/, Cargo.lock). tools/build.sh writes the server's id beside the bundle it
//! builds, so a server started beside a bundle from another checkout can say so.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut inputs = Vec::new();
    for dir in ["app/src", "frontend/src"] {
        files(&root.join(dir), &mut inputs);
        println!("cargo:rerun-if-changed=../{dir}");
    }
    for file in ["app/Cargo.toml", "frontend/Cargo.toml", "Cargo.lock"] {
        inputs.push(root.join(file));
        println!("cargo:rerun-if-changed=../{file}");
    }
    inputs.sort();
    // FNV-1a over each file's path (relative to the workspace) and bytes.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &inputs {
        let relative = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(path).unwrap_or_default();
        for b in relative.as_bytes().iter().chain(&[0u8]).chain(&bytes) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=QINGDAN_BUILD_ID={}-{hash:016x}", env!("CARGO_PKG_VERSION"));
}
