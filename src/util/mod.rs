//! Leaf helpers shared by every stage: escaping, source positions, URL
//! paths, dates, file-system calls that name their path, issue-reference
//! scanning and "did you mean" hints. Nothing here imports a stage.

pub(crate) mod dates;
pub(crate) mod escape;
pub(crate) mod fs;
pub(crate) mod git;
pub(crate) mod globs;
pub(crate) mod http;
pub(crate) mod ids;
pub(crate) mod pos;
pub(crate) mod refs;
pub(crate) mod text;
pub(crate) mod timing;
pub(crate) mod url;

pub(crate) use escape::{escape_attr, escape_html};

/// pulldown-cmark options for every Markdown document, in one place so the
/// page parser and the one-line title parser cannot drift apart.
pub(crate) fn markdown_options(smart_punctuation: bool) -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// A 64-bit hash of a string, for maps keyed by paths that must not copy
/// them (a reload finds 10,000 previous documents by source path).
pub(crate) fn str_key(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// A hash of `value`'s JSON form, made without building the JSON text.
pub(crate) fn hash_serialized(value: &impl serde::Serialize) -> u64 {
    struct Hashing(xxhash_rust::xxh3::Xxh3);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(xxhash_rust::xxh3::Xxh3::new());
    // Writing to a hasher cannot fail; a value that cannot be serialized
    // hashes as what was written before the error, which is still stable.
    let _ = serde_json::to_writer(&mut h, value);
    h.0.digest()
}

/// `v` moved into an allocation of its length, for what stays in memory
/// for the whole build. A vector grown by doubling holds up to twice its
/// length, and `shrink_to_fit` does not help: mimalloc leaves a block that
/// shrinks by less than half where it is.
pub(crate) fn exact<T>(v: Vec<T>) -> Vec<T> {
    if v.len() == v.capacity() {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.extend(v);
    out
}
