//! Heading ids exactly as GitHub computes them (github-slugger 2.x).
//!
//! Hand-written rather than a crate: no Rust crate reproduces GitHub's
//! character set, and links between READMEs on GitHub and on our site must
//! land on the same ids. The deleted set is pinned to Unicode 13 in
//! `slug_table.rs` because that is what GitHub's slugger was generated from.

use std::collections::HashMap;

#[path = "slug_table.rs"]
mod table;

/// Slug of one heading text, without de-duplication.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        if c == ' ' {
            out.push('-');
        } else if !removed(c) {
            out.push(c);
        }
    }
    out
}

/// The id MkDocs (Python-Markdown's `toc` slugify, the default) gives a
/// heading: accents folded to ASCII, everything but word characters, spaces
/// and hyphens dropped, runs of spaces and hyphens one `-`. Links written
/// for an MkDocs site use it (`#upgrade-downgrade` for "Upgrade /
/// Downgrade", where GitHub's id is `upgrade--downgrade`).
pub fn mkdocs_slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let keep = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-') || c.is_ascii_whitespace();
    // ASCII has nothing to fold: most headings skip the normalizer.
    let kept: String =
        if text.is_ascii() { text.chars().filter(keep).collect() } else { text.nfkd().filter(keep).collect() };
    let mut out = String::with_capacity(kept.len());
    let mut run = false;
    for c in kept.trim().chars() {
        if c == '-' || c.is_ascii_whitespace() {
            run = true;
            continue;
        }
        if run {
            out.push('-');
            run = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    if run {
        out.push('-');
    }
    out
}

fn removed(c: char) -> bool {
    let cp = c as u32;
    // ASCII fast path: keep letters, digits, '_' and '-'.
    if cp < 0x80 {
        return !(c.is_ascii_alphanumeric() || c == '_' || c == '-');
    }
    table::REMOVED
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Hands out unique ids on one page, the way GitHub does: a repeat of `x`
/// becomes `x-1`, `x-2`…, skipping ids already taken.
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    occurrences: HashMap<String, usize>,
}

impl Slugger {
    /// The id for a heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        self.unique(slug(text))
    }

    /// Claims `id` as given (an explicit `{#id}`), de-duplicated the same way.
    pub fn unique(&mut self, original: String) -> String {
        let mut result = original.clone();
        while self.occurrences.contains_key(&result) {
            let n = self.occurrences.entry(original.clone()).or_insert(0);
            *n += 1;
            result = format!("{original}-{n}");
        }
        self.occurrences.insert(result.clone(), 0);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        assert_eq!(slug("Hello World"), "hello-world");
        assert_eq!(slug("heading with a - dash"), "heading-with-a---dash");
        assert_eq!(slug(" a "), "-a-");
        assert_eq!(slug("I ♥ unicode"), "i--unicode");
        let mut s = Slugger::default();
        assert_eq!(s.slug("echo"), "echo");
        assert_eq!(s.slug("echo"), "echo-1");
        assert_eq!(s.slug("echo 1"), "echo-1-1");
        assert_eq!(s.slug("echo-1"), "echo-1-2");
        assert_eq!(s.slug("echo"), "echo-2");
    }

    #[test]
    fn mkdocs_ids() {
        assert_eq!(mkdocs_slug("Upgrade / Downgrade"), "upgrade-downgrade");
        assert_eq!(mkdocs_slug("Observability - Phase 2: The 'Walk' Phase"), "observability-phase-2-the-walk-phase");
        assert_eq!(mkdocs_slug("Café crème_brûlée"), "cafe-creme_brulee");
        assert_eq!(mkdocs_slug("- leading"), "-leading");
    }
}
