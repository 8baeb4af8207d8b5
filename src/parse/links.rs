//! Resolving links in Markdown to site URLs.
//!
//! Authors link the way GitHub renders a docs tree: relative paths to `.md`
//! files, directories and images. Those become pretty URLs under the base
//! path, so the same sources read correctly on GitHub and on the site.

use std::collections::HashSet;

use crate::load::{DocId, Loaded, is_markdown};
use crate::util::text::did_you_mean;
use crate::util::url::{decode, encode_path, has_scheme, normalize};

/// Everything a link may point at, shared by all pages of one build.
#[derive(Debug, Clone)]
pub struct Resolver<'a> {
    loaded: &'a Loaded,
    base_path: String,
    /// Output paths that are not documents or assets: static files and files
    /// opsite generates (`sitemap.xml`, …).
    extra_files: &'a HashSet<String>,
}

/// A link rewritten to its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The `href` to write.
    pub href: String,
    /// A document and fragment whose existence must be checked once every
    /// page's headings are known.
    pub anchor: Option<(DocId, String)>,
}

/// Why a link leads nowhere, and what might fix it.
pub(super) type Unresolved = (String, Option<String>);

impl<'a> Resolver<'a> {
    /// A resolver over `loaded`; cheap, so one can be made per update.
    pub fn new(loaded: &'a Loaded, base_path: &str, extra_files: &'a HashSet<String>) -> Self {
        Resolver { loaded, base_path: base_path.to_string(), extra_files }
    }

    /// Resolves `dest` as written in document `from`.
    ///
    /// `Ok(None)`: leave the link as written (external, mail, …).
    /// `Err`: the link points at nothing in the site.
    pub fn resolve(&self, from: DocId, dest: &str) -> Result<Option<Resolved>, Unresolved> {
        let dest = dest.trim();
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            return Ok(None);
        }
        if let Some(frag) = dest.strip_prefix('#') {
            if frag.is_empty() {
                return Ok(None);
            }
            return Ok(Some(Resolved { href: dest.to_string(), anchor: Some((from, decode(frag))) }));
        }
        let (before_frag, frag) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (raw_path, query) = match before_frag.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (before_frag, None),
        };
        let decoded = decode(raw_path);
        let doc = self.loaded.doc(from);
        let source_dir = match doc.source.rfind('/') {
            Some(i) => &doc.source[..i],
            None => "",
        };
        let target = if let Some(abs) = decoded.strip_prefix('/') {
            normalize("", abs)
        } else {
            normalize(source_dir, &decoded)
        }
        .ok_or_else(|| (format!("`{dest}` points outside the site"), None))?;

        let suffix = |url_path: &str| {
            let mut s = format!("{}{}", self.base_path, encode_path(url_path));
            if let Some(q) = query {
                s.push('?');
                s.push_str(q);
            }
            if let Some(f) = frag {
                s.push('#');
                s.push_str(f);
            }
            s
        };
        let with_anchor = |id: DocId| Resolved {
            href: suffix(&self.loaded.doc(id).path),
            anchor: frag.filter(|f| !f.is_empty()).map(|f| (id, decode(f))),
        };

        let is_dir_link = target.is_empty() || raw_path.ends_with('/');
        let key = target.trim_end_matches('/');
        if is_markdown(key) {
            return match self.loaded.doc_by_source(key) {
                Some(id) => Ok(Some(with_anchor(id))),
                None => Err(self.missing(dest, key)),
            };
        }
        if let Some(s) = self.loaded.section_by_dir(key) {
            return Ok(Some(with_anchor(self.loaded.section(s).doc)));
        }
        if (!is_dir_link && self.loaded.has_asset(key)) || self.extra_files.contains(key) {
            return Ok(Some(Resolved { href: suffix(key), anchor: None }));
        }
        // A pretty URL written by hand: site-absolute, or relative to the page's URL.
        let url_target = if decoded.starts_with('/') {
            Some(target.clone())
        } else {
            normalize(doc.path.trim_end_matches('/'), &decoded)
        };
        if let Some(t) = url_target {
            let t = if t.is_empty() { t } else { format!("{}/", t.trim_end_matches('/')) };
            if let Some(id) = self.loaded.doc_by_url(&t) {
                return Ok(Some(with_anchor(id)));
            }
        }
        Err((format!("`{dest}` points at nothing in the site (no page, section or file content/{key})"), None))
    }

    /// The message for a link to a Markdown file that is not in the site.
    fn missing(&self, dest: &str, key: &str) -> Unresolved {
        if self.loaded.is_draft(key) {
            return (
                format!("`{dest}` points at content/{key}, which is a draft"),
                Some("build with --drafts to include drafts, or remove `draft: true` from it".into()),
            );
        }
        let hint = did_you_mean(key, self.loaded.sources()).map(|s| format!("did you mean content/{s}?"));
        (format!("`{dest}` points at content/{key}, which does not exist"), hint)
    }
}
