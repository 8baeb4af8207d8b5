//! The files a load reads: the content folder, then each source, walked in
//! a fixed order. For `serve`, the previous load's list is brought up to
//! date from the paths the watcher reported instead of walking (and
//! stating) every file again; `serve` checks it against a full walk once
//! edits pause ([`Files::differs_from_disk`]).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::is_ignored_name;
use crate::report::Diagnostic;
use crate::sources::Sources;

/// Past this many changed paths, walking everything is as cheap.
const MAX_CHANGED: usize = 256;

/// One file found in the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// Its path in the content tree, how messages name it, what is read (a
    /// symlink's target) and the source it came from; the document read
    /// from it shares this.
    pub(super) src: super::SourcePath,
    /// Where the walk met it (a symlink's own path).
    pub(super) at: PathBuf,
}

/// Where and how to walk one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Walk {
    pub(super) dir: PathBuf,
    /// Symlinks are followed only when they resolve inside this folder.
    pub(super) boundary: PathBuf,
    /// What messages call `dir`.
    pub(super) display: PathBuf,
    /// Prefix of every path found (`""` for the site's own content).
    pub(super) mount: String,
    /// Top-level names not to read; when set, only documents are read at
    /// the top level (docs at a repository root).
    pub(super) skip: Vec<String>,
    /// The source walked (`None`: the site's content).
    pub(super) origin: Option<usize>,
}

/// Every file a load reads, in walk order, with the problems met.
#[derive(Debug, Default)]
pub(super) struct Files {
    walks: Vec<Walk>,
    found: Vec<Found>,
    /// Each with the path it is about.
    warnings: Vec<(PathBuf, Diagnostic)>,
}

impl Files {
    /// Walks every folder of `walks`, in order.
    pub(super) fn walk(walks: Vec<Walk>, sources: &Sources) -> Result<Files> {
        let mut files = Files { walks, ..Default::default() };
        for w in &files.walks {
            let start = files.found.len();
            walk_from(w, &w.dir, &mut files.found, &mut files.warnings)?;
            keep_taken(w, sources, &mut files.found, start);
        }
        Ok(files)
    }

    /// This list brought up to date with `changed` (absolute paths that
    /// appeared, changed or vanished), as [`Files::walk`] would find the
    /// folders now; walks everything when the folders to walk differ or
    /// too much changed.
    pub(super) fn update(mut self, walks: Vec<Walk>, changed: &[PathBuf], sources: &Sources) -> Result<Files> {
        // A walked folder itself (or a folder holding it) changed: it may
        // be gone, or another.
        let whole = changed.len() > MAX_CHANGED
            || self.walks != walks
            || walks.iter().any(|w| changed.iter().any(|c| w.dir.starts_with(c)));
        if whole {
            return Files::walk(walks, sources);
        }
        self.found.retain(|f| !under_any(&f.at, changed));
        self.warnings.retain(|(p, _)| !under_any(p, changed));
        // The changed paths' files now, in walk order.
        let mut fresh = Vec::new();
        for w in &self.walks {
            let start = fresh.len();
            let mut inside: Vec<&Path> =
                changed.iter().map(PathBuf::as_path).filter(|c| c.starts_with(&w.dir)).collect();
            inside.sort();
            // A folder and a path inside it: walking the folder finds both.
            inside.dedup_by(|later, first| later.starts_with(first));
            for c in inside {
                if c.symlink_metadata().is_ok() {
                    walk_from(w, c, &mut fresh, &mut self.warnings)?;
                }
            }
            keep_taken(w, sources, &mut fresh, start);
        }
        let rank = |f: &Found| (f.src.origin().map_or(0, |i| i + 1), PathBuf::from(f.src.rel()));
        fresh.sort_by_cached_key(rank);
        fresh.dedup_by(|a, b| a.src.origin() == b.src.origin() && a.src.rel() == b.src.rel());
        // Each new file where the walk would meet it (few: inserting is
        // cheaper than sorting the whole list again).
        for f in fresh {
            let key = rank(&f);
            let at = self.found.partition_point(|g| rank(g) < key);
            self.found.insert(at, f);
        }
        Ok(self)
    }

    /// Whether a full walk now finds other files than these, or a document
    /// read from `stamps` (path, modification time and size) changed since.
    pub(super) fn differs_from_disk<'a>(
        &self,
        sources: &Sources,
        stamps: impl Iterator<Item = (&'a Path, Option<(std::time::SystemTime, u64)>)>,
    ) -> bool {
        match Files::walk(self.walks.clone(), sources) {
            Ok(now) => {
                now.found != self.found || stamps.into_iter().any(|(p, s)| s.is_some() && super::reuse::stamp(p) != s)
            }
            Err(_) => true,
        }
    }

    /// The files, in walk order.
    pub(super) fn found(&self) -> &[Found] {
        &self.found
    }

    /// Files left out (names that are not UTF-8, symlinks out of bounds).
    pub(super) fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.warnings.iter().map(|(_, d)| d)
    }
}

/// Whether `path` is one of `dirs` or inside one.
pub(super) fn under_any<D: AsRef<Path>>(path: &Path, dirs: &[D]) -> bool {
    let p = path.as_os_str().as_encoded_bytes();
    dirs.iter().any(|d| {
        let d = d.as_ref().as_os_str().as_encoded_bytes();
        // A byte test first: most files are under none of a few paths.
        p.starts_with(d) && (p.len() == d.len() || matches!(p[d.len()], b'/' | b'\\'))
    })
}

/// Leaves out of `found[start..]` the files a source's `include` and
/// `exclude` globs do not take.
fn keep_taken(w: &Walk, sources: &Sources, found: &mut Vec<Found>, start: usize) {
    let Some(s) = w.origin.and_then(|i| sources.list.get(i)) else { return };
    let prefix = format!("{}/", s.mount);
    // Only this walk's files: the site's own and other sources' were found
    // before `start` (a counter that began at `start` sent them all
    // through this source's patterns).
    let mut index = 0;
    found.retain(|f| {
        let theirs = index < start;
        index += 1;
        theirs || s.takes(f.src.rel().strip_prefix(&prefix).unwrap_or(f.src.rel()))
    });
}

/// Walks `start` (the folder of `w`, or a path inside it) and adds every
/// file the load reads, in walk order.
fn walk_from(w: &Walk, start: &Path, out: &mut Vec<Found>, warnings: &mut Vec<(PathBuf, Diagnostic)>) -> Result<()> {
    let Ok(under) = start.strip_prefix(&w.dir) else { return Ok(()) };
    let parts: Vec<String> = under.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.iter().any(|p| is_ignored_name(p)) || parts.first().is_some_and(|p| w.skip.contains(p)) {
        return Ok(());
    }
    let base = parts.len();
    let walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let depth = base + e.depth();
            e.depth() == 0 || !(is_ignored_name(&name) || (depth == 1 && w.skip.iter().any(|s| *s == name)))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            // Gone between the event and this look: it is not there.
            Err(e) if start != w.dir && e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => {
                continue;
            }
            Err(e) => return Err(anyhow::anyhow!("walking {}: {e}", w.display.display())),
        };
        let path = entry.path();
        let rel = match path.strip_prefix(&w.dir) {
            Ok(r) if !r.as_os_str().is_empty() => r,
            _ => continue,
        };
        let file = w.display.join(rel);
        let Some(rel_str) = rel.to_str().map(|s| s.replace('\\', "/")) else {
            warnings.push((path.to_path_buf(), Diagnostic::new(&file, 0, 0, "skipped: file name is not valid UTF-8")));
            continue;
        };
        // Docs at a repository root: only Markdown at the top level.
        if !w.skip.is_empty() && base + entry.depth() == 1 && !super::is_document(&rel_str) {
            continue;
        }
        let mut abs = path.to_path_buf();
        if entry.path_is_symlink() {
            match std::fs::canonicalize(path) {
                Ok(target) if target.starts_with(&w.boundary) && target.is_file() => abs = target,
                Ok(target) if target.starts_with(&w.boundary) => continue,
                _ => {
                    let what = if w.mount.is_empty() { "the site root" } else { "its source" };
                    let d = Diagnostic::new(&file, 0, 0, format!("skipped: symlink points outside {what}"));
                    warnings.push((path.to_path_buf(), d));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let rel = if w.mount.is_empty() { rel_str } else { format!("{}/{rel_str}", w.mount) };
        out.push(Found { src: super::SourcePath::new(rel, file, abs, w.origin), at: path.to_path_buf() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, rel).unwrap();
    }

    fn walks(root: &Path, skip: &[&str]) -> Vec<Walk> {
        let skip = skip.iter().map(|s| s.to_string()).collect();
        let (dir, boundary, display) = (root.to_path_buf(), root.to_path_buf(), PathBuf::from("content"));
        vec![Walk { dir, boundary, display, mount: String::new(), skip, origin: None }]
    }

    fn rels(files: &Files) -> Vec<&str> {
        files.found().iter().map(|f| f.src.rel()).collect()
    }

    #[test]
    fn an_update_from_changed_paths_finds_what_a_full_walk_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = &std::fs::canonicalize(dir.path()).unwrap();
        for f in ["a.md", "a-b.md", "b/c.md", "b/d.png", "b/e/f.md", "z.md", "public/x.md", ".git/HEAD"] {
            write(root, f);
        }
        let sources = Sources::default();
        for skip in [&[][..], &["public"][..]] {
            let before = Files::walk(walks(root, skip), &sources).unwrap();
            let mut changed = Vec::new();
            let mut touch = |rel: &str| changed.push(root.join(rel));
            // New files in a new folder, a file beside others (between
            // existing ones in walk order), a removal, a folder renamed,
            // hidden and temporary files, a folder the walk skips.
            for f in ["n/m/new.md", "a/first.md", "b/cc.md", "b/e/.f.md.swp", "public/y.md", ".git/index"] {
                write(root, f);
                touch(f);
            }
            std::fs::remove_file(root.join("z.md")).unwrap();
            touch("z.md");
            std::fs::rename(root.join("b/e"), root.join("b/g")).unwrap();
            touch("b/e");
            touch("b/g");
            touch("n");
            let updated = before.update(walks(root, skip), &changed, &sources).unwrap();
            let full = Files::walk(walks(root, skip), &sources).unwrap();
            assert_eq!(updated.found(), full.found(), "skip {skip:?}");
            assert!(rels(&full).contains(&"b/g/f.md") && !rels(&full).contains(&"z.md"));
            assert_eq!(skip.is_empty(), rels(&full).contains(&"public/y.md"));
            // The walked folder itself, or one holding it, named: walked whole.
            for named in [root.clone(), root.parent().unwrap().to_path_buf()] {
                let again = Files::walk(walks(root, skip), &sources).unwrap();
                write(root, "quiet.md");
                let updated = again.update(walks(root, skip), &[named], &sources).unwrap();
                assert!(rels(&updated).contains(&"quiet.md"));
                std::fs::remove_file(root.join("quiet.md")).unwrap();
            }
            // Back as it was, for the next round.
            std::fs::rename(root.join("b/g"), root.join("b/e")).unwrap();
            write(root, "z.md");
            for f in ["n", "a", "public/y.md", "b/cc.md", "b/e/.f.md.swp"] {
                let p = root.join(f);
                let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
            }
        }
    }

    #[test]
    fn a_file_no_event_named_is_found_by_the_check_against_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = &std::fs::canonicalize(dir.path()).unwrap();
        write(root, "a.md");
        let sources = Sources::default();
        let files = Files::walk(walks(root, &[]), &sources).unwrap();
        let a = root.join("a.md");
        let stamp = super::super::reuse::stamp(&a);
        assert!(!files.differs_from_disk(&sources, [(a.as_path(), stamp)].into_iter()));
        // Written behind the watcher's back: neither an update nor a load
        // saw it.
        write(root, "quiet/b.md");
        assert!(files.differs_from_disk(&sources, [(a.as_path(), stamp)].into_iter()));
        std::fs::remove_dir_all(root.join("quiet")).unwrap();
        std::fs::write(&a, "longer text than before").unwrap();
        assert!(files.differs_from_disk(&sources, [(a.as_path(), stamp)].into_iter()));
    }

    /// Random creations, removals and renames, each reported as a watcher
    /// would (the path that changed; a renamed folder under both names):
    /// after each round the updated list equals a full walk's.
    #[test]
    fn random_changes_keep_the_list_equal_to_a_full_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = &std::fs::canonicalize(dir.path()).unwrap();
        let sources = Sources::default();
        // xorshift: the same sequence on every run.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let names = ["a", "a-b", "b", "c.md", "a.md", "_index.md", ".hid", "x~", "z.png", "n.tmp"];
        let mut files = Files::walk(walks(root, &[]), &sources).unwrap();
        for round in 0..300 {
            let mut changed = Vec::new();
            for _ in 0..1 + next(4) {
                let depth = 1 + next(3);
                let rel: Vec<&str> = (0..depth).map(|_| names[next(names.len())]).collect();
                let p = root.join(rel.join("/"));
                match next(6) {
                    0..=3 => {
                        // The first folder that did not exist is what a
                        // watcher names (it reads new folders whole).
                        let new_dir = p.ancestors().skip(1).take_while(|a| !a.exists()).last().map(Path::to_path_buf);
                        if std::fs::create_dir_all(p.parent().unwrap()).is_ok() && std::fs::write(&p, "x").is_ok() {
                            changed.push(new_dir.unwrap_or(p));
                        }
                    }
                    4 => {
                        let gone = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir_all(&p));
                        if gone.is_ok() {
                            changed.push(p);
                        }
                    }
                    _ => {
                        let to = p.with_file_name(names[next(names.len())]);
                        if !to.exists() && std::fs::rename(&p, &to).is_ok() {
                            changed.extend([p, to]);
                        }
                    }
                }
            }
            files = files.update(walks(root, &[]), &changed, &sources).unwrap();
            let full = Files::walk(walks(root, &[]), &sources).unwrap();
            assert_eq!(rels(&files), rels(&full), "round {round}, changed {changed:?}");
            assert_eq!(files.found(), full.found());
        }
    }
}
