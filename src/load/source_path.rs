//! One value for every name a file of the site goes by.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file of the site as each reader names it: its path in the content
/// tree, how messages name it, where it is on disk, and the source it came
/// from. The walk makes one per file, and the document read from it shares
/// it (a clone is a reference count, not four new strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcePath(Arc<Names>);

#[derive(Debug, Default, PartialEq, Eq)]
struct Names {
    rel: String,
    file: PathBuf,
    abs: PathBuf,
    origin: Option<usize>,
}

impl SourcePath {
    /// `rel`: the path in the site's content tree, `/`-separated
    /// (`apps/odh/README.md` for a file of the source mounted at `apps`; a
    /// section with no index file is its folder with a trailing `/`);
    /// `file`: how messages name it; `abs`: what is read; `origin`: the
    /// mounted source's index, `None` for the site's own content.
    pub fn new(
        rel: impl Into<String>,
        file: impl Into<PathBuf>,
        abs: impl Into<PathBuf>,
        origin: Option<usize>,
    ) -> Self {
        SourcePath(Arc::new(Names { rel: rel.into(), file: file.into(), abs: abs.into(), origin }))
    }

    /// The path in the content tree, `/`-separated.
    pub fn rel(&self) -> &str {
        &self.0.rel
    }

    /// How messages name the file (`content/users/access.md`).
    pub fn file(&self) -> &Path {
        &self.0.file
    }

    /// Where it is on disk.
    pub fn abs(&self) -> &Path {
        &self.0.abs
    }

    /// The mounted source it came from; `None` for the site's own content.
    pub fn origin(&self) -> Option<usize> {
        self.0.origin
    }
}
