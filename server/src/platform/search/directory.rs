//! Where an index's files are read from: mapped, as tantivy does, except the store of
//! the items themselves, which is read with `pread`.
//!
//! A search reads its postings and columns again and again: mapped, they are read in
//! place. The store is read ten items a page, each at a random place, a block of about
//! 16 KB decompressed in full. Mapped, every block ever read stayed in the portal's
//! resident memory: at a million items, 182 MB after a few hundred searches of deep
//! pages, more than everything else together. Read with `pread` the same blocks sit in
//! the system's page cache, shared and given back when memory is short, and the portal
//! holds one copied block per load.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// An index directory: [`MmapDirectory`] but for the store (`*.store`).
#[derive(Clone, Debug)]
pub(super) struct IndexDirectory {
    mapped: MmapDirectory,
    root: PathBuf,
}

impl IndexDirectory {
    pub(super) fn open(root: &Path) -> anyhow::Result<Self> {
        Ok(Self { mapped: MmapDirectory::open(root)?, root: root.to_path_buf() })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if path.extension().is_some_and(|e| e == "store") {
            let file = File::open(self.root.join(path)).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
                _ => OpenReadError::wrap_io_error(e, path.to_path_buf()),
            })?;
            let len = file.metadata().map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?.len() as usize;
            return Ok(Arc::new(ReadAt { file, len }));
        }
        self.mapped.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mapped.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mapped.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.mapped.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mapped.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mapped.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.mapped.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mapped.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mapped.watch(watch_callback)
    }
}

/// A file read with `pread`, each read into its own buffer.
#[derive(Debug)]
struct ReadAt {
    file: File,
    len: usize,
}

impl FileHandle for ReadAt {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{range:?} is outside the file ({} bytes)", self.len)));
        }
        let mut buffer = vec![0; range.len()];
        self.file.read_exact_at(&mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl HasLen for ReadAt {
    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests;
