//! Resolving links in Markdown to site URLs.
//!
//! Authors link the way GitHub renders a docs tree: relative paths to `.md`
//! files, directories and images. Those become pretty URLs under the base
//! path, so the same sources read correctly on GitHub and on the site.

use std::collections::HashSet;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::content::{Content, DocId};

/// Characters escaped in generated URL paths.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'\'');

/// Percent-encodes a site path for use in `href`.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Everything a link may point at, shared by all pages of one build.
#[derive(Debug)]
pub struct Resolver<'a> {
    content: &'a Content,
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

impl<'a> Resolver<'a> {
    /// A resolver over `content`; cheap, so one can be made per update.
    pub fn new(content: &'a Content, base_path: &str, extra_files: &'a HashSet<String>) -> Self {
        Resolver { content, base_path: base_path.to_string(), extra_files }
    }

    /// Resolves `dest` as written in document `from`.
    ///
    /// `Ok(None)`: leave the link as written (external, mail, …).
    /// `Err`: the link points at nothing in the site.
    pub fn resolve(&self, from: DocId, dest: &str) -> Result<Option<Resolved>, String> {
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
        let doc = &self.content.docs[from];
        let source_dir = match doc.source.rfind('/') {
            Some(i) => &doc.source[..i],
            None => "",
        };
        let target = if let Some(abs) = decoded.strip_prefix('/') {
            normalize("", abs)
        } else {
            normalize(source_dir, &decoded)
        }
        .ok_or_else(|| format!("`{dest}` points outside the site"))?;

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
            href: suffix(&self.content.docs[id].path),
            anchor: frag.filter(|f| !f.is_empty()).map(|f| (id, decode(f))),
        };

        let is_dir_link = target.is_empty() || raw_path.ends_with('/');
        let key = target.trim_end_matches('/');
        if crate::content::is_markdown(key) {
            return match self.content.by_source.get(key) {
                Some(&id) => Ok(Some(with_anchor(id))),
                None => Err(format!("`{dest}` points at content/{key}, which does not exist")),
            };
        }
        if let Some(&s) = self.content.by_dir.get(key) {
            return Ok(Some(with_anchor(self.content.sections[s].doc)));
        }
        if !is_dir_link && self.content.asset_by_source.contains_key(key) {
            return Ok(Some(Resolved { href: suffix(key), anchor: None }));
        }
        if self.extra_files.contains(key) {
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
            if let Some(&id) = self.content.by_url.get(t.as_str()) {
                return Ok(Some(with_anchor(id)));
            }
        }
        Err(format!("`{dest}` points at nothing in the site (no page, section or file content/{key})"))
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `scheme:` as in RFC 3986 (`https:`, `mailto:`, `tel:`, …).
fn has_scheme(s: &str) -> bool {
    let Some(i) = s.find(':') else { return false };
    let scheme = &s[..i];
    !scheme.is_empty()
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !s[..i].contains('/')
}

/// Joins `rel` onto `dir` and folds `.` and `..`; `None` if it climbs above
/// the root.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut s = parts.join("/");
    if rel.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("a", "./x/").as_deref(), Some("a/x/"));
        assert_eq!(normalize("", "../x"), None);
        assert_eq!(normalize("a", "..\\..\\x"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("file.md"));
    }
}
