//! The served site, in memory. Never written to the user's `public/`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::write::{OutData, OutFile};

/// Bytes of one served file.
#[derive(Debug)]
pub(crate) enum Body {
    /// Held in memory.
    Bytes(Arc<[u8]>),
    /// Read from disk on request (static files and assets).
    File(PathBuf),
}

/// One served file.
#[derive(Debug)]
pub(crate) struct Entry {
    /// Its contents.
    pub body: Body,
    /// Strong ETag for in-memory bodies (disk files get one per request).
    pub etag: Option<String>,
}

/// All served files and the current build error, if any.
#[derive(Default)]
pub(crate) struct Store {
    files: RwLock<HashMap<String, Arc<Entry>>>,
    errors: RwLock<Option<Vec<String>>>,
    live_tag: String,
}

impl Store {
    /// A store whose HTML pages get `live_tag` (the reload script) injected.
    pub(crate) fn new(live_tag: String) -> Self {
        Store { live_tag, ..Default::default() }
    }

    /// Looks up a file by output path (`users/index.html`).
    pub(crate) fn get(&self, path: &str) -> Option<Arc<Entry>> {
        read(&self.files).get(path).cloned()
    }

    /// Replaces everything with a complete build.
    pub(crate) fn replace_all(&self, files: Vec<OutFile>) {
        let map = files.into_iter().map(|f| self.entry(f)).collect();
        *write(&self.files) = map;
    }

    /// Replaces some files; every one is in place before the lock is released.
    pub(crate) fn update(&self, files: Vec<OutFile>) {
        let entries: Vec<_> = files.into_iter().map(|f| self.entry(f)).collect();
        write(&self.files).extend(entries);
    }

    /// Removes every file `keep` says no to; returns their paths.
    pub(crate) fn prune(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let mut map = write(&self.files);
        let gone: Vec<String> = map.keys().filter(|k| !keep(k)).cloned().collect();
        for k in &gone {
            map.remove(k);
        }
        gone
    }

    /// Makes the files under `prefix` exactly `files`: changed ones are
    /// replaced, vanished ones removed, the rest left alone. Returns how many
    /// changed.
    pub(crate) fn sync_dir(&self, prefix: &str, files: Vec<OutFile>) -> usize {
        let fresh: HashMap<String, Arc<Entry>> = files.into_iter().map(|f| self.entry(f)).collect();
        let mut map = write(&self.files);
        let before = map.len();
        map.retain(|k, _| !k.starts_with(prefix) || fresh.contains_key(k));
        let mut changed = before - map.len();
        for (k, e) in fresh {
            if map.get(&k).is_none_or(|old| old.etag != e.etag) {
                map.insert(k, e);
                changed += 1;
            }
        }
        changed
    }

    fn entry(&self, f: OutFile) -> (String, Arc<Entry>) {
        let body = match f.data {
            OutData::Bytes(b) if f.path.ends_with(".html") => Body::Bytes(inject(&b, &self.live_tag).into()),
            OutData::Bytes(b) => Body::Bytes(b.into()),
            OutData::Embedded(b) => Body::Bytes(b.into()),
            OutData::File(p) => Body::File(p),
        };
        let etag = match &body {
            Body::Bytes(b) => Some(format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(b))),
            Body::File(_) => None,
        };
        (f.path, Arc::new(Entry { body, etag }))
    }

    /// Records the current build error (`None` when the build is good).
    pub(crate) fn set_errors(&self, errors: Option<Vec<String>>) {
        *write(&self.errors) = errors;
    }

    /// The current build error.
    pub(crate) fn errors(&self) -> Option<Vec<String>> {
        read(&self.errors).clone()
    }

    /// The live-reload `<script>` tag.
    pub(crate) fn live_tag(&self) -> &str {
        &self.live_tag
    }
}

/// Inserts the live-reload script before the last `</body>`.
pub(super) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let needle = b"</body>";
    let pos = html.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle)).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[pos..]);
    out
}

fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}
