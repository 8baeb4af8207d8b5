//! Resolving links in Markdown to site URLs.
//!
//! Authors link the way GitHub renders a docs tree: relative paths to `.md`
//! files, directories and images. Those become pretty URLs under the base
//! path, so the same sources read correctly on GitHub and on the site.

use std::collections::{HashMap, HashSet};

use crate::load::{DocId, Loaded, is_document};
use crate::sources::Source;
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
    /// MyST targets: label → the document defining it and the heading
    /// text it stands before.
    labels: HashMap<&'a str, (DocId, &'a str)>,
}

/// A link rewritten to its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The `href` to write.
    pub href: String,
    /// A document and fragment whose existence must be checked once every
    /// page's headings are known.
    pub anchor: Option<(DocId, String)>,
    /// The document it leads to, when it leads to one.
    pub doc: Option<DocId>,
}

/// Why a link leads nowhere, and what might fix it.
pub(super) type Unresolved = (String, Option<String>);

/// A link as written, taken apart.
#[derive(Clone, Copy)]
struct Written<'w> {
    dest: &'w str,
    raw_path: &'w str,
    decoded: &'w str,
    frag: Option<&'w str>,
    query: Option<&'w str>,
}

impl<'a> Resolver<'a> {
    /// A resolver over `loaded`; cheap, so one can be made per update.
    pub fn new(loaded: &'a Loaded, base_path: &str, extra_files: &'a HashSet<String>) -> Self {
        let mut labels = HashMap::new();
        for (id, d) in loaded.docs() {
            for (label, heading) in &d.labels {
                labels.entry(label.as_str()).or_insert((id, heading.as_str()));
            }
        }
        Resolver { loaded, base_path: base_path.to_string(), extra_files, labels }
    }

    /// The text a link to `dest` with none of its own shows (MyST's
    /// `[](label)`, `{ref}`label``, `[](page.md)`): the heading a label
    /// stands before, or the page's title.
    pub fn link_text(&self, from: DocId, dest: &str) -> Option<String> {
        let r = self.resolve(from, dest).ok()??;
        if let Some((id, frag)) = &r.anchor
            && let Some((at, heading)) = self.labels.get(frag.as_str())
            && at == id
        {
            return Some(if heading.is_empty() { frag.clone() } else { heading.to_string() });
        }
        r.doc.map(|id| self.loaded.doc(id).title_hint())
    }

    /// A MyST label, as a link to the page defining it.
    fn label(&self, label: &str) -> Option<Resolved> {
        let &(id, _) = self.labels.get(label)?;
        let href = format!("{}{}#{label}", self.base_path, encode_path(&self.loaded.doc(id).path));
        Some(Resolved { href, anchor: Some((id, label.to_string())), doc: Some(id) })
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
            // MyST: `#label` names a target on any page.
            if let Some(r) = self.label(frag).filter(|r| r.doc != Some(from)) {
                return Ok(Some(r));
            }
            return Ok(Some(Resolved { href: dest.to_string(), anchor: Some((from, decode(frag))), doc: None }));
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
        let source_dir = match doc.src.rel().rfind('/') {
            Some(i) => &doc.src.rel()[..i],
            None => "",
        };
        let link = Written { dest, raw_path, decoded: &decoded, frag, query };
        // In a mounted repository `/x` starts at the repository's root, as
        // GitHub renders it: the page when the mount holds it, else the
        // repository's web page for it.
        let mount = doc.src.origin().and_then(|i| self.loaded.mounts().get(i));
        // Zola's internal links: `@/x/y.md` starts at the content folder.
        if let Some(rest) = decoded.strip_prefix("@/") {
            let base = mount.map_or(self.loaded.content_mount(), |m| m.mount.as_str());
            let target = normalize(base, rest).ok_or_else(|| (format!("`{dest}` points outside the site"), None))?;
            return self.resolve_target(from, &target, &link);
        }
        if let Some(m) = mount
            && let Some(abs) = decoded.strip_prefix('/')
        {
            let Some(repo_target) = normalize("", abs) else {
                return Err((format!("`{dest}` points outside its repository"), None));
            };
            let repo_target = repo_target.trim_end_matches('/');
            return match m.content_path(repo_target) {
                Some(target) => self.resolve_target(from, &target, &link),
                None => self.in_repository(m, repo_target, &link),
            };
        }
        if let Some(m) = mount
            && !decoded.starts_with('/')
        {
            match normalize(source_dir, &decoded) {
                Some(t) if crate::util::url::within(&t, &m.mount) => {}
                _ => return self.leave_mount(m, doc.src.rel(), &link),
            }
        }
        let target = if let Some(abs) = decoded.strip_prefix('/') {
            normalize("", abs)
        } else {
            normalize(source_dir, &decoded)
        }
        .ok_or_else(|| (format!("`{dest}` points outside the site"), None))?;
        self.resolve_target(from, &target, &link)
    }

    /// Resolves a content path (`users/access.md`, `apps/odh/`) of the site.
    fn resolve_target(&self, from: DocId, target: &str, link: &Written) -> Result<Option<Resolved>, Unresolved> {
        let Written { dest, raw_path, decoded, frag, query } = *link;
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
            doc: Some(id),
        };

        let is_dir_link = target.is_empty() || raw_path.ends_with('/');
        let key = target.trim_end_matches('/');
        if is_document(key) {
            return match self.loaded.doc_by_source(key) {
                Some(id) => Ok(Some(with_anchor(id))),
                None if self.loaded.absent_mount(key).is_some() => {
                    Ok(Some(Resolved { href: suffix(&absent_url(key)), anchor: None, doc: None }))
                }
                None => Err(self.missing(dest, key)),
            };
        }
        if let Some(s) = self.loaded.section_by_dir(key) {
            return Ok(Some(with_anchor(self.loaded.section(s).doc)));
        }
        // mdBook (and Sphinx, Jekyll) trees link the HTML a page becomes:
        // `ch01-02.html` is the page built from `ch01-02.md`, and a folder's
        // `index.html` its section page.
        if let Some(stem) = key.strip_suffix(".html")
            && !self.loaded.has_asset(key)
        {
            let folder = stem.strip_suffix("index").filter(|d| d.is_empty() || d.ends_with('/'));
            let id = self.loaded.doc_by_source(&format!("{stem}.md")).or_else(|| {
                let s = self.loaded.section_by_dir(folder?.trim_end_matches('/'))?;
                Some(self.loaded.section(s).doc)
            });
            if let Some(id) = id {
                return Ok(Some(with_anchor(id)));
            }
        }
        if (!is_dir_link && self.loaded.has_asset(key)) || self.extra_files.contains(key) {
            // A generated page (`/incidents/`, `/slo/hub/`) keeps its slash.
            let href = if is_dir_link { suffix(&format!("{key}/")) } else { suffix(key) };
            return Ok(Some(Resolved { href, anchor: None, doc: None }));
        }
        // Docusaurus and MyST's `{doc}` link documents without their
        // extension (`./other` is the page of `other.mdx` beside this one).
        if !is_dir_link
            && let Some(id) =
                [".md", ".mdx", ".ipynb"].iter().find_map(|e| self.loaded.doc_by_source(&format!("{key}{e}")))
        {
            return Ok(Some(with_anchor(id)));
        }
        // MyST: `[](label)` links the target `(label)=` on any page.
        if query.is_none()
            && frag.is_none()
            && let Some(r) = self.label(raw_path)
        {
            return Ok(Some(r));
        }
        // A pretty URL written by hand: site-absolute, or relative to the page's URL.
        let doc = self.loaded.doc(from);
        let url_target = if decoded.starts_with('/') {
            Some(target.to_string())
        } else {
            normalize(doc.path.trim_end_matches('/'), decoded)
        };
        if let Some(t) = url_target {
            let t = if t.is_empty() { t } else { format!("{}/", t.trim_end_matches('/')) };
            if let Some(id) = self.loaded.doc_by_url(&t) {
                return Ok(Some(with_anchor(id)));
            }
        }
        // What a mounted repository holds but the site does not publish
        // (dotfiles like `.prow.yaml`, folders without pages) is still on
        // GitHub, where the link works: link its web page there.
        if let Some(m) = self.loaded.doc(from).src.origin().and_then(|i| self.loaded.mounts().get(i))
            && let Some(repo) = m.repo_path(key)
            && m.repo_entry(&repo).is_some()
        {
            return self.in_repository(m, &repo, link);
        }
        // Into an optional source that could not be had: the page it would
        // be, unchecked (the source's warning says it is missing).
        if self.loaded.absent_mount(key).is_some() {
            return Ok(Some(Resolved { href: suffix(&absent_url(key)), anchor: None, doc: None }));
        }
        let file = self.loaded.display_path(key);
        let case = self.loaded.assets().iter().find(|a| a.src.rel().eq_ignore_ascii_case(key));
        let hint =
            case.map(|a| format!("the file is {}: match the case exactly, servers are case-sensitive", a.src.rel()));
        // In a site that uses MyST labels, a bare word is more likely one
        // of them than a file.
        let word =
            !self.labels.is_empty() && raw_path.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':'));
        let hint =
            hint.or_else(|| word.then(|| format!("a MyST target is written `({raw_path})=` on a line of its own")));
        Err((format!("`{dest}` points at nothing in the site (no page, section or file {file})"), hint))
    }

    /// A relative link from a mounted source that leaves its mounted folder:
    /// another mount of the same repository when one holds the target, else
    /// the repository's own web page for it at the source's ref.
    fn leave_mount(&self, m: &Source, source: &str, link: &Written) -> Result<Option<Resolved>, Unresolved> {
        let dest = link.dest;
        let repo_doc = m.repo_path(source).unwrap_or_else(|| source.to_string());
        let repo_dir = repo_doc.rfind('/').map_or("", |i| &repo_doc[..i]);
        let Some(repo_target) = normalize(repo_dir, link.decoded) else {
            return Err((format!("`{dest}` points outside its repository"), None));
        };
        let repo_target = repo_target.trim_end_matches('/');
        for other in self.loaded.mounts().iter().filter(|o| o.repo_key == m.repo_key && o.mount != m.mount) {
            if let Some(target) = other.content_path(repo_target) {
                let from = self.loaded.section(crate::load::HOME).doc;
                return self.resolve_target(from, &target, link);
            }
        }
        self.in_repository(m, repo_target, link)
    }

    /// A path of a mounted source's repository outside what it mounts: its
    /// web page at the source's ref, when the repository has it.
    fn in_repository(&self, m: &Source, repo_target: &str, link: &Written) -> Result<Option<Resolved>, Unresolved> {
        let dest = link.dest;
        let Some(is_dir) = m.repo_entry(repo_target) else {
            let hint = crate::util::text::did_you_mean(repo_target, m.repo_files.iter().map(String::as_str))
                .map(|p| format!("did you mean {p}?"));
            return Err((
                format!("`{dest}` points at {repo_target}, which is not in its repository at {}", m.web_ref),
                hint,
            ));
        };
        match m.web_url(repo_target, is_dir) {
            Some(mut href) => {
                if let Some(q) = link.query {
                    href.push('?');
                    href.push_str(q);
                }
                if let Some(f) = link.frag {
                    href.push('#');
                    href.push_str(f);
                }
                Ok(Some(Resolved { href, anchor: None, doc: None }))
            }
            None => Err((
                format!("`{dest}` leaves the folder mounted at /{}/ and its source has no web address", m.mount),
                Some(format!("set `web_url` for the source mounted at {:?} to link to its repository", m.mount)),
            )),
        }
    }

    /// The message for a link to a Markdown file that is not in the site.
    fn missing(&self, dest: &str, key: &str) -> Unresolved {
        let file = self.loaded.display_path(key);
        if let Some(real) = self.loaded.sources().find(|s| s.eq_ignore_ascii_case(key)) {
            return (
                format!("`{dest}` points at {file}, but the file is {}", self.loaded.display_path(real)),
                Some(format!("match the case exactly ({real}): GitHub Pages and most servers are case-sensitive")),
            );
        }
        if self.loaded.is_draft(key) {
            return (
                format!("`{dest}` points at {file}, which is a draft"),
                Some("build with --drafts to include drafts, or remove `draft: true` from it".into()),
            );
        }
        // Left out by a source's pattern: say so before looking for typos.
        if let Some((m, why)) = self.loaded.mounts().iter().find_map(|m| Some((m, m.left_out_by(key)?))) {
            return (
                format!("`{dest}` points at {file}, which the source mounted at /{}/ leaves out by its {why}", m.mount),
                Some("take the file into that source's patterns, or link to it where it is published".into()),
            );
        }
        // A typo in the file name first (shared folders make whole paths
        // look alike), then a file moved to another folder.
        let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
        let same_dir = self.loaded.sources().filter(|s| s.rsplit_once('/').map_or("", |(d, _)| d) == dir);
        let guess = did_you_mean(name, same_dir.map(|s| s.rsplit('/').next().unwrap_or(s)))
            .map(|n| if dir.is_empty() { n.to_string() } else { format!("{dir}/{n}") })
            .or_else(|| {
                did_you_mean(key, self.loaded.sources())
                    .filter(|s| did_you_mean(name, [s.rsplit('/').next().unwrap_or(s)]).is_some())
                    .map(str::to_string)
            });
        let hint = guess.map(|s| format!("did you mean {}?", self.loaded.display_path(&s)));
        (format!("`{dest}` points at {file}, which does not exist"), hint)
    }
}

/// The URL path the page built from content path `key` would have, for a
/// source that is missing this build: `x/README.md` and `x/index.md` are
/// `x/`, `x/page.md` is `x/page/`, a folder is itself.
fn absent_url(key: &str) -> String {
    let stem = [".md", ".mdx", ".markdown", ".ipynb"].iter().find_map(|e| key.strip_suffix(e)).unwrap_or(key);
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let path = if ["README", "readme", "index", "_index"].contains(&name) { dir } else { stem };
    if path.is_empty() { String::new() } else { format!("{}/", path.trim_end_matches('/')) }
}
