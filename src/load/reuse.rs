//! Loading again after files appeared, vanished or moved (`opsite serve`):
//! documents whose file is unchanged are taken from the previous load
//! instead of being read and their frontmatter parsed again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Result;

use super::files::{Files, Found, under_any};
use super::walk::Origins;
use super::{Doc, DocKind, LoadOptions, Loaded, SectionId, file_stem, title_from_name};
use crate::report::Diagnostic;
use crate::sources::Sources;
use crate::util::str_key;

/// Documents of a previous load, by content path, for [`load_again`].
/// (Documents are large: they are moved once, out of the list, not in and
/// out of a map.)
#[derive(Debug, Default)]
pub(crate) struct Reuse {
    docs: Vec<Option<Doc>>,
    /// Hash of the source path → position in `docs` (a match is checked:
    /// the document's file must be the one found).
    by_source: HashMap<u64, usize, rustc_hash::FxBuildHasher>,
    /// The previous load's files, brought up to date from `changed`.
    pub(super) files: Option<Files>,
    /// Absolute paths that appeared, changed or vanished since the previous
    /// load; `None`: not known (every file is walked and stated).
    pub(super) changed: Option<Vec<PathBuf>>,
}

impl Reuse {
    /// Whether the document found at `f` can be taken as it is: the same
    /// file, from the same origin, with the same modification time and
    /// size (not stated when the changed paths are known and name none of
    /// it).
    pub(super) fn unchanged(&self, f: &Found) -> bool {
        let Some(d) = self.by_source.get(&str_key(f.src.rel())).and_then(|&i| self.docs[i].as_ref()) else {
            return false;
        };
        let named = |changed: &Vec<PathBuf>| under_any(&f.at, changed) || under_any(f.src.abs(), changed);
        d.src.rel() == f.src.rel()
            && d.src.abs() == f.src.abs()
            && d.src.origin() == f.src.origin()
            && d.stamp.is_some()
            && (self.changed.as_ref().is_some_and(|c| !named(c)) || stamp(f.src.abs()) == d.stamp)
    }

    /// The previous document at `rel`, as reading its file would give it
    /// (before the load places it in a section and gives it a URL).
    pub(super) fn take(&mut self, rel: &str) -> Option<Doc> {
        let mut d = self.docs[*self.by_source.get(&str_key(rel))?].take()?;
        d.kind = DocKind::Page;
        d.section = SectionId(0);
        d.path = String::new();
        d.nav = Default::default();
        d.edit_url = None;
        d.name_title = title_from_name(file_stem(rel));
        if let Some(own) = d.own_front.take() {
            d.front = own;
        }
        Some(d)
    }
}

/// Modification time and size of a file.
pub(super) fn stamp(abs: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(abs).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Loads the site again, reusing the documents of `previous` whose files
/// have not changed (their "last updated" date included, so no `git log`
/// runs unless a document is new or changed). Gives the same [`Loaded`] as
/// [`super::load`] for unchanged files.
///
/// With `changed` (absolute paths that appeared, changed or vanished), only
/// those are walked and stated: the previous load's list of files is
/// brought up to date from them.
pub(crate) fn load_again(
    root: &Path,
    options: &LoadOptions,
    sources: &Sources,
    previous: Loaded,
    changed: Option<Vec<PathBuf>>,
) -> Result<Loaded> {
    let docs: Vec<Option<Doc>> = previous.docs.into_vec().into_iter().map(Some).collect();
    let by_source = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.as_ref().filter(|d| d.has_file).map(|d| (str_key(d.src.rel()), i)))
        .collect();
    let mut reuse = Reuse { docs, by_source, files: Some(previous.files), changed };
    super::walk::load_with(root, options, sources, &mut reuse)
}

/// Reads and splits every Markdown file in parallel, in the order of
/// `files`; unchanged ones are taken from `reuse` instead.
pub(super) fn read_all<'f>(
    files: impl Iterator<Item = &'f Found>,
    origins: &Origins,
    reuse: &mut Reuse,
) -> Result<Vec<Option<Result<Doc, Diagnostic>>>> {
    use rayon::prelude::*;
    let files: Vec<&Found> = files.collect();
    let unchanged: Vec<bool> = files.par_iter().map(|f| reuse.unchanged(f)).collect();
    let mut docs: Vec<Option<Result<Doc, Diagnostic>>> = files
        .par_iter()
        .zip(&unchanged)
        .map(|(f, &same)| {
            if same {
                return Ok(None);
            }
            let doc = super::read::read_doc(&f.src, origins.of(f.src.origin()))?;
            Ok(Some(doc))
        })
        .collect::<Result<_>>()?;
    for ((f, same), doc) in files.iter().zip(unchanged).zip(&mut docs) {
        if same {
            *doc = reuse.take(f.src.rel()).map(Ok);
        }
    }
    Ok(docs)
}
