//! Watching the site's sources with notify, debounced.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::RecursiveMode;

/// The top-level folders of the root that hold sources: the content folder
/// (or, for docs at the repository root, every folder but the ones opsite
/// writes or ignores), the theme folders and those of `[runbooks] rules`.
pub(super) fn source_dirs(root: &Path, content: &str, output: &str, rules: &[String]) -> Vec<String> {
    let content = content.trim_matches('/');
    let mut dirs: Vec<String> = crate::config::THEME_DIRS.iter().map(|d| d.to_string()).collect();
    if content.is_empty() || content == "." {
        let skip: Vec<&str> = std::iter::once(output).chain(crate::config::TOOL_DIRS).collect();
        for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir()
                && !crate::load::is_ignored_name(&name)
                && !skip.contains(&name.as_str())
                && !dirs.contains(&name)
            {
                dirs.push(name);
            }
        }
    } else {
        dirs.push(content.split('/').next().unwrap_or(content).to_string());
    }
    for glob in rules {
        // The literal first folder of a relative glob inside the root.
        let first = glob.trim_start_matches("./").split('/').next().unwrap_or_default();
        let literal = !first.contains(['*', '?', '[', '{']) && first != ".." && !first.is_empty();
        if literal && glob.contains('/') && !Path::new(glob).is_absolute() && !dirs.iter().any(|d| d == first) {
            dirs.push(first.to_string());
        }
    }
    dirs
}

/// A notify watcher on the site's source directories.
pub(super) struct Watcher {
    inner: Box<dyn notify::Watcher + Send>,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    dirs: Vec<String>,
    /// Local `[[sources]]` folders (absolute); their events keep absolute
    /// paths.
    sources: Vec<PathBuf>,
    /// The folders watched recursively, absolute.
    watching: BTreeSet<PathBuf>,
    /// Docs at the repository root: every top-level folder but these holds
    /// sources, new ones too.
    root_skip: Option<Vec<String>>,
    /// Folders that appeared since the last `take_new_dirs`.
    new_dirs: std::cell::RefCell<Vec<PathBuf>>,
    /// Watched folders an event named itself (moved, removed, made again):
    /// their watch is started again, on whatever is there now.
    rewatch: std::cell::RefCell<BTreeSet<PathBuf>>,
}

impl Watcher {
    /// Watches `root` (for `book.toml` and new source directories) and each
    /// source directory recursively. `target/`, `public/` and the like are
    /// never watched: recursive watches on them would exhaust inotify.
    ///
    /// `poll` scans for changes instead (every half second), for network
    /// and container file systems that do not report them.
    pub(super) fn start(root: &Path, dirs: Vec<String>, poll: bool) -> Result<Watcher> {
        let (tx, rx) = channel();
        let handler = move |e| {
            let _ = tx.send(e);
        };
        let inner: Box<dyn notify::Watcher + Send> = if poll {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
            Box::new(notify::PollWatcher::new(handler, config).context("starting the polling watcher")?)
        } else {
            Box::new(notify::recommended_watcher(handler).context("starting the file watcher")?)
        };
        let mut w = Watcher {
            inner,
            rx,
            root: root.to_path_buf(),
            dirs,
            sources: Vec::new(),
            watching: BTreeSet::new(),
            root_skip: None,
            new_dirs: Default::default(),
            rewatch: Default::default(),
        };
        w.inner.watch(root, RecursiveMode::NonRecursive).with_context(|| format!("watching {}", root.display()))?;
        w.add_new_dirs();
        Ok(w)
    }

    /// Watches `dirs` and the local sources' folders from now on (new
    /// settings name other folders, a new top-level folder holds docs);
    /// folders no longer named stay watched, but their events are ignored.
    /// `root_skip`: the docs are at the root, and every top-level folder
    /// but these is a source, even one that appears later.
    pub(super) fn set_dirs(&mut self, dirs: &[String], sources: &[PathBuf], root_skip: Option<Vec<String>>) {
        self.root_skip = root_skip;
        if self.dirs != dirs || self.sources != sources {
            self.dirs = dirs.to_vec();
            self.sources = sources.to_vec();
            self.add_new_dirs();
        }
    }

    /// Starts watching source directories that appeared since the last call,
    /// and again those that were moved, removed or made again (a watch
    /// follows the folder it was put on, or ends with it).
    pub(super) fn add_new_dirs(&mut self) {
        for p in std::mem::take(&mut *self.rewatch.borrow_mut()) {
            let _ = self.inner.unwatch(&p);
            self.watching.remove(&p);
        }
        let folders = self.dirs.iter().map(|d| self.root.join(d)).chain(self.sources.iter().cloned());
        for p in folders.collect::<Vec<_>>() {
            if !self.watching.contains(&p) && p.is_dir() && self.inner.watch(&p, RecursiveMode::Recursive).is_ok() {
                self.watching.insert(p);
            }
        }
    }

    /// Blocks for the next burst of changes and returns the changed paths,
    /// relative to the root. A burst ends after `quiet` without events (an
    /// editor's save is a write, a rename and a chmod within a millisecond
    /// or two), or after one second at most.
    ///
    /// With `idle`, gives up after that long without any event and returns
    /// `Some(None)`, so the caller can catch up on deferred work.
    pub(super) fn next_batch(&self, quiet: Duration, idle: Option<Duration>) -> Option<Option<BTreeSet<PathBuf>>> {
        let mut paths = BTreeSet::new();
        let first = match idle {
            None => self.rx.recv().ok()?,
            Some(wait) => match self.rx.recv_timeout(wait) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Some(None),
                Err(RecvTimeoutError::Disconnected) => return None,
            },
        };
        self.collect(first, &mut paths);
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match self.rx.recv_timeout(quiet.min(deadline - now)) {
                Ok(e) => self.collect(e, &mut paths),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(Some(paths))
    }

    fn collect(&self, event: notify::Result<notify::Event>, out: &mut BTreeSet<PathBuf>) {
        let event = match event {
            Ok(e) if !e.need_rescan() => e,
            // A lost or overflowed event queue: what changed is unknown, so
            // every source directory counts as changed (a full reload).
            _ => {
                out.extend(self.dirs.iter().map(PathBuf::from));
                return;
            }
        };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for p in event.paths {
            if self.watching.contains(&p) {
                self.rewatch.borrow_mut().insert(p.clone());
            }
            self.add(&p, out);
            // Files can land in a new folder (`mkdir -p a/b && cp x a/b/`,
            // `cp -r`, a branch switch) before the watch on it starts, and
            // then no event ever names them: read the folder instead.
            if p.is_dir() && !p.is_symlink() {
                if self.sources.iter().any(|s| p.starts_with(s)) {
                    self.new_dirs.borrow_mut().push(p.clone());
                } else if let Ok(rel) = p.strip_prefix(&self.root) {
                    self.new_dirs.borrow_mut().push(rel.to_path_buf());
                }
                let walker = walkdir::WalkDir::new(&p).min_depth(1).follow_links(false);
                for entry in walker.into_iter().flatten() {
                    self.add(entry.path(), out);
                }
            }
        }
    }

    /// Folders that appeared since the last call, relative to the root
    /// (absolute in a local source).
    ///
    /// notify reports a new folder before it starts watching it, so a file
    /// can land there after our first look and before the watch: no event
    /// ever names it. Reading these folders again once the batch is handled
    /// (by then the watch is long in place) finds such files.
    pub(super) fn take_new_dirs(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.new_dirs.borrow_mut())
    }

    /// Records `p` if it is a source the site is built from: relative to
    /// the root, or absolute in a local source's folder.
    fn add(&self, p: &Path, out: &mut BTreeSet<PathBuf>) {
        if let Some(rel) = self.sources.iter().find_map(|s| p.strip_prefix(s).ok()) {
            if !rel.components().any(|c| crate::load::is_ignored_name(&c.as_os_str().to_string_lossy())) {
                out.insert(p.to_path_buf());
            }
            return;
        }
        let Ok(rel) = p.strip_prefix(&self.root) else {
            return;
        };
        let ignored = rel.components().any(|c| crate::load::is_ignored_name(&c.as_os_str().to_string_lossy()));
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        let at_root_md = rel.components().count() == 1 && crate::load::is_document(&top);
        // A folder, or a file in one: files at the root other than Markdown
        // (`Cargo.toml`) are not docs.
        let in_folder = rel.components().count() > 1 || p.is_dir();
        let new_root_folder = in_folder && self.root_skip.as_ref().is_some_and(|skip| !skip.contains(&top));
        let settings = crate::config::is_config_file(&rel.to_string_lossy().replace('\\', "/"));
        let relevant = settings || self.dirs.contains(&top) || at_root_md || new_root_folder;
        if !ignored && relevant {
            out.insert(rel.to_path_buf());
        }
    }
}
