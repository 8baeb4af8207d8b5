//! File-system helpers that put the path into every I/O error.
//!
//! `std::io::Error` never says which file it was about; every call in opsite
//! goes through here so that a failure reads "reading content/x.md: …".

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Reads a UTF-8 file.
pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Reads a file's bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("reading {}", path.display()))
}

/// Writes `contents` to `path`, creating parent directories.
pub(crate) fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// Copies `from` to `to`, creating `to`'s parent directories.
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    fs::copy(from, to).map(|_| ()).with_context(|| format!("copying {} to {}", from.display(), to.display()))
}

/// Creates a directory and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).with_context(|| format!("creating directory {}", path.display()))
}

/// Removes a directory tree; a missing directory is not an error.
pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other.with_context(|| format!("removing {}", path.display())),
    }
}

/// Renames `from` to `to`.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).with_context(|| format!("renaming {} to {}", from.display(), to.display()))
}

/// Makes `path` absolute against the current directory without touching the
/// file system (the path may not exist yet) and folds `.`/`..` lexically.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))?;
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Path of `root` inside its git repository (`""` or `site/`), for edit links.
pub(crate) fn repo_prefix(root: &Path) -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--show-prefix"])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Whether `dir` holds anything (an unreadable folder counts as full).
pub(crate) fn has_entries(dir: &Path) -> bool {
    dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true)
}

/// Creates the cache directory with a `.gitignore` so it is never committed.
pub(crate) fn ensure_cache_dir(dir: &Path) {
    if std::fs::create_dir_all(dir).is_ok() {
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(ignore, "*\n");
        }
    }
}

/// Whether `path` (resolved, symbolic links followed) is inside `root`:
/// files named by globs in the configuration stay in the site.
pub(crate) fn is_inside(path: &Path, root: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => false,
    }
}
