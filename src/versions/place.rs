//! Putting the versions' outputs in place. A version's tree is moved, not
//! copied: from the cache when it was just rendered, or out of the previous
//! output when it has not changed since (the previous output says which
//! version it holds under which key, in `.opsite-versions.json`). A build
//! that fails after moving anything out of the previous output puts it back.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

use crate::write::{OutData, OutFile, Staging};

/// The file in the output that records what each version's files are.
pub(super) const PLACED: &str = ".opsite-versions.json";

/// One version as a previous build placed it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(super) struct Placed {
    pub(super) name: String,
    /// The key of its output (commit, the versions' pages, opsite).
    pub(super) key: String,
    pub(super) latest: bool,
    /// Its top-level files and folders (the latest shares the root).
    pub(super) entries: Vec<String>,
}

/// What the previous output in `out_dir` holds.
pub(super) fn previous(out_dir: &Path) -> Vec<Placed> {
    std::fs::read(out_dir.join(PLACED)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// Where a version's files come from.
pub(super) enum Source {
    /// A folder of the cache, rendered now or earlier.
    Cache(PathBuf),
    /// The previous output, unchanged.
    Previous(Placed),
}

/// Whether the previous output still has every file of `p`.
pub(super) fn present(out_dir: &Path, p: &Placed) -> bool {
    !p.entries.is_empty() && p.entries.iter().all(|e| out_dir.join(e).exists())
}

/// Moves made out of the previous output, undone unless the build commits.
#[derive(Default)]
struct Restore {
    moved: Vec<(PathBuf, PathBuf)>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        for (from, to) in self.moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
    }
}

/// One version to place: its name, whether it is the latest, its key and
/// where its files are.
pub(super) struct ToPlace {
    pub(super) name: String,
    pub(super) latest: bool,
    pub(super) key: String,
    pub(super) source: Source,
}

/// Builds the output in `out_dir` from `versions` plus `extra` files, and
/// swaps it in.
pub(super) fn place(out_dir: &Path, root: &Path, versions: Vec<ToPlace>, extra: Vec<OutFile>) -> Result<()> {
    let staging = Staging::new(out_dir, root)?;
    // Declared after the staging folder, so dropped (and undone) before it.
    let mut restore = Restore::default();
    let names: Vec<String> = versions.iter().filter(|v| !v.latest).map(|v| v.name.clone()).collect();
    let mut placed = Vec::new();
    for v in versions {
        let entries = match &v.source {
            Source::Previous(p) => p.entries.clone(),
            Source::Cache(dir) => match v.latest {
                true => {
                    std::fs::read_dir(dir)?.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
                }
                false => vec![v.name.clone()],
            },
        };
        if v.latest
            && let Some(other) = names.iter().find(|n| entries.contains(n))
        {
            bail!(
                "the latest version ({}) has a page or file at /{other}/, where the version {other} is built: \
                 rename one of them",
                v.name
            );
        }
        match (&v.source, v.latest) {
            (Source::Previous(_), _) => {
                for e in &entries {
                    let from = out_dir.join(e);
                    let to = staging.adopt(&from, e)?;
                    restore.moved.push((from, to));
                }
            }
            (Source::Cache(dir), true) => {
                for e in &entries {
                    staging.adopt(&dir.join(e), e)?;
                }
            }
            (Source::Cache(dir), false) => {
                staging.adopt(dir, &v.name)?;
            }
        }
        placed.push(Placed { name: v.name, key: v.key, latest: v.latest, entries });
    }
    for f in &extra {
        staging.write(f)?;
    }
    staging.write(&OutFile {
        path: PLACED.into(),
        data: OutData::Bytes(serde_json::to_vec(&placed)?),
        source: None,
    })?;
    staging.commit()?;
    restore.moved.clear();
    Ok(())
}
