//! The channel's flood limits, from documented `QINGDAN_*` variables with sane defaults,
//! so an operator (or a load test) can set them: online tips per client and overall,
//! reporter messages per case, evidence files per case, and the free disk space below
//! which no new evidence is taken.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct Limits {
    /// Online tips (named or anonymous) per client in ten minutes.
    pub tips_per_client: u32,
    /// Of those, anonymous ones.
    pub anonymous_per_client: u32,
    /// Online tips from everyone together per minute.
    pub tips_per_minute: u32,
    /// Reporter messages and objections per case in an hour.
    pub messages_per_case: u32,
    /// Evidence files one case may hold in all.
    pub files_per_case: u32,
    /// Below this many free megabytes in the data directory, evidence is refused.
    pub min_free_disk_mb: u64,
    pub data_dir: PathBuf,
}

impl Limits {
    pub fn from_env(data_dir: &Path) -> Self {
        fn get<T: std::str::FromStr>(name: &str, default: T) -> T {
            std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
        }
        Self {
            tips_per_client: get("QINGDAN_TIPS_PER_CLIENT", 10),
            anonymous_per_client: get("QINGDAN_ANONYMOUS_TIPS_PER_CLIENT", 5),
            tips_per_minute: get("QINGDAN_TIPS_PER_MINUTE", 120),
            messages_per_case: get("QINGDAN_MESSAGES_PER_CASE", 10),
            files_per_case: get("QINGDAN_FILES_PER_CASE", 20),
            min_free_disk_mb: get("QINGDAN_MIN_FREE_DISK_MB", 512),
            data_dir: data_dir.to_path_buf(),
        }
    }

    /// Whether the data directory still has room for evidence (unknown: yes).
    pub fn disk_has_room(&self) -> bool {
        free_bytes(&self.data_dir).is_none_or(|free| free / (1024 * 1024) >= self.min_free_disk_mb)
    }
}

/// Free bytes for unprivileged writers on the file system holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a valid C string and `stat` a properly sized out-parameter.
    let rc = unsafe { libc::statvfs(path.as_ptr(), &mut stat) };
    (rc == 0).then(|| stat.f_bavail as u64 * stat.f_frsize as u64)
}

#[cfg(test)]
mod tests;
