//! How other tools lay out a tree, beyond one file per page: Hugo's leaf
//! bundles and `cascade`, Docusaurus' `slug: /` home page and
//! `_category_.json`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::files::Found;
use super::frontmatter::FrontMatter;
use super::names::{INDEX_NAMES, file_name, is_document};

/// Whether the folder `dir` is a Hugo leaf bundle: its one document is
/// `index.md` (a page, with the folder's other files as its resources),
/// and no folder below it holds a document.
pub(super) fn leaf_bundle(dir: &str, files: &[&Found], dirs: &BTreeMap<String, Vec<&Found>>) -> bool {
    let [only] = files else { return false };
    if !matches!(file_name(only.src.rel()), "index.md" | "index.mdx") {
        return false;
    }
    let below = format!("{dir}/");
    !dirs.range(below.clone()..).take_while(|(d, _)| d.starts_with(&below)).any(|(_, f)| !f.is_empty())
}

/// The home page Docusaurus makes of a page whose slug is `/`, when the
/// content folder has no index of its own: its place in `parsed`.
pub(super) fn slug_home<T>(root_files: &[&Found], parsed: &[Option<Result<super::Doc, T>>]) -> Option<usize> {
    if root_files.iter().any(|f| INDEX_NAMES.contains(&file_name(f.src.rel()))) {
        return None;
    }
    let mut homes = parsed.iter().enumerate().filter(
        |(_, p)| matches!(p, Some(Ok(d)) if d.front.slug.as_deref().is_some_and(|s| s.trim_matches('/').is_empty())),
    );
    let (first, _) = homes.next()?;
    // Two claim the home: neither is chosen, and both are warned later.
    homes.next().is_none().then_some(first)
}

/// Hugo's `cascade`: frontmatter a section index hands down to every page
/// and section below it that does not set the key itself (the nearest
/// ancestor's value first). A chain of the levels that have one: a level
/// shares the ones above it rather than copying their entries.
#[derive(Debug, Default, Clone)]
pub(super) struct Cascade(Option<Arc<Level>>);

#[derive(Debug)]
struct Level {
    entries: Vec<Entry>,
    above: Cascade,
}

#[derive(Debug)]
struct Entry {
    /// `_target.path`: a glob of Hugo's logical paths (`/docs/**`).
    path: Option<glob::Pattern>,
    /// `_target.kind`: `page` or `section`.
    kind: Option<String>,
    front: FrontMatter,
}

impl Cascade {
    /// The cascade below the section whose index is `index`: its own
    /// `cascade` entries, then the ones it inherited.
    pub(super) fn below(&self, index: Option<&FrontMatter>) -> Cascade {
        let Some(own) = index.and_then(|f| f.extra.get("cascade")) else { return self.clone() };
        let maps: Vec<&serde_json::Map<String, Value>> = match own {
            Value::Object(m) => vec![m],
            Value::Array(list) => list.iter().filter_map(Value::as_object).collect(),
            _ => Vec::new(),
        };
        let entries: Vec<Entry> = maps.into_iter().filter_map(entry).collect();
        if entries.is_empty() {
            return self.clone();
        }
        Cascade(Some(Arc::new(Level { entries, above: self.clone() })))
    }

    /// Fills what `doc`'s frontmatter (a section's index when `section`)
    /// leaves unset from the entries that target it, keeping the
    /// frontmatter as read.
    pub(super) fn apply(&self, doc: &mut super::Doc, section: bool) {
        if self.0.is_none() {
            return;
        }
        let before = (*doc.front).clone();
        self.fill(&mut doc.front, doc.src.rel(), section);
        keep_own(doc, before);
    }

    fn fill(&self, front: &mut FrontMatter, rel: &str, section: bool) {
        let kind = if section { "section" } else { "page" };
        let mut logical = None;
        let mut level = self.0.as_deref();
        while let Some(l) = level {
            for e in &l.entries {
                let path_ok =
                    e.path.as_ref().is_none_or(|p| p.matches(logical.get_or_insert_with(|| logical_path(rel))));
                if path_ok && e.kind.as_deref().is_none_or(|k| k == kind) {
                    inherit(front, &e.front);
                }
            }
            level = l.above.0.as_deref();
        }
    }
}

/// One cascade map read as frontmatter, its `_target` (or `target`) apart.
fn entry(map: &serde_json::Map<String, Value>) -> Option<Entry> {
    let mut map = map.clone();
    let target = map.remove("_target").or_else(|| map.remove("target"));
    let target = target.as_ref().and_then(Value::as_object);
    let text = |k: &str| target.and_then(|t| t.get(k)).and_then(Value::as_str).map(str::to_string);
    let path = match text("path") {
        Some(p) => Some(glob::Pattern::new(&p).ok()?),
        None => None,
    };
    let mut ignored = Vec::new();
    let front =
        super::front_keys::read_map(map, ("", true), std::path::Path::new(""), 0, true, &mut ignored).ok()?.front;
    Some(Entry { path, kind: text("kind"), front })
}

/// What `from` sets that `front` leaves at its default.
fn inherit(front: &mut FrontMatter, from: &FrontMatter) {
    front.draft |= from.draft;
    front.hidden |= from.hidden;
    if front.build.is_none() {
        front.build = from.build.clone();
        front.hide_if_unlisted();
    }
    if front.search.is_none() {
        front.search = from.search;
    }
    if front.template.is_none() {
        front.template = from.template.clone();
    }
    if front.authors.is_empty() {
        front.authors = from.authors.clone();
    }
    for (k, v) in &from.extra {
        if k != "cascade" {
            front.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

/// Hugo's logical path of a content file: `/docs/guide` for
/// `docs/guide.md`, `docs/guide/index.md` and `docs/guide/_index.md`.
fn logical_path(rel: &str) -> String {
    let name = file_name(rel);
    let dir = super::names::parent_dir(rel);
    let stem = if INDEX_NAMES.contains(&name) || !is_document(name) {
        ""
    } else {
        name.rsplit_once('.').map_or(name, |(s, _)| s)
    };
    match (dir.is_empty(), stem.is_empty()) {
        (true, true) => "/".into(),
        (true, false) => format!("/{stem}"),
        (false, true) => format!("/{dir}"),
        (false, false) => format!("/{dir}/{stem}"),
    }
}

/// Whether `rel` is a Docusaurus category file (`_category_.json`,
/// `.yml`, `.yaml`): it describes its folder and is never published.
pub(super) fn is_category_file(rel: &str) -> bool {
    matches!(file_name(rel), "_category_.json" | "_category_.yml" | "_category_.yaml")
}

/// A folder's Docusaurus `_category_` file: its sidebar label and place.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Category {
    label: Option<String>,
    position: Option<f64>,
    #[serde(default)]
    link: Option<CategoryLink>,
}

/// `link` of a category: the title and description of the page Docusaurus
/// generates for it (`type: generated-index`).
#[derive(Debug, Default, serde::Deserialize)]
struct CategoryLink {
    title: Option<String>,
    description: Option<String>,
}

impl Category {
    /// Reads `abs` (shown as `file`); a file that does not read is a
    /// warning and changes nothing.
    pub(super) fn read(abs: &std::path::Path, file: &std::path::Path) -> Result<Category, crate::report::Diagnostic> {
        let problem = |line, col, why: String| {
            crate::report::Diagnostic::new(file, line, col, format!("{why}: the folder keeps its name and place"))
        };
        let text = std::fs::read_to_string(abs).map_err(|e| problem(0, 0, format!("cannot read it ({e})")))?;
        serde_saphyr::from_str::<Option<Category>>(&text).map(Option::unwrap_or_default).map_err(|e| {
            let (line, col, reason) = super::frontmatter::yaml_error(&e);
            problem(line, col, format!("invalid category: {reason}"))
        })
    }

    /// Gives the folder's section (its index `doc`) the label as its
    /// navigation title and the position as its weight, where the index
    /// sets neither. A folder with no index file of its own gets the
    /// page Docusaurus generates: the link's title and description.
    pub(super) fn apply(self, doc: &mut super::Doc) {
        let before = (*doc.front).clone();
        let link = self.link.unwrap_or_default();
        let front = &mut doc.front;
        if !doc.has_file {
            front.title = front.title.take().or(link.title).or(self.label.clone());
            if let Some(d) = link.description {
                doc.body = format!("{}\n", crate::util::escape::markdown_text(&d));
                front.description = Some(d);
            }
        }
        if front.link_title.is_none() {
            front.link_title = self.label;
        }
        if front.weight.is_none() {
            // Docusaurus allows 2.5; weights are whole numbers.
            front.weight = self.position.map(|p| p.round() as i64);
        }
        keep_own(doc, before);
    }
}

/// Keeps `before`, the frontmatter as read, once something applies to it
/// (even when it changed nothing: an edit may make it change something).
fn keep_own(doc: &mut super::Doc, before: FrontMatter) {
    if doc.own_front.is_none() {
        doc.own_front = Some(Box::new(before));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(yaml: &str) -> FrontMatter {
        super::super::frontmatter::split(&format!("---\n{yaml}---\n"), std::path::Path::new("a.md"), true)
            .unwrap()
            .front
    }

    #[test]
    fn logical_paths() {
        assert_eq!(logical_path("docs/guide.md"), "/docs/guide");
        assert_eq!(logical_path("docs/guide/index.md"), "/docs/guide");
        assert_eq!(logical_path("docs/_index.md"), "/docs");
        assert_eq!(logical_path("_index.md"), "/");
    }

    #[test]
    fn cascades_fill_what_a_page_leaves_unset_nearest_first() {
        let top =
            Cascade::default().below(Some(&front("cascade:\n  banner: top\n  hidden: true\n  params:\n    icon: x\n")));
        let near = top.below(Some(&front(
            "cascade:\n  - banner: near\n  - _target:\n      path: /docs/api/**\n    draft: true\n",
        )));
        let mut page = front("title: P\n");
        near.fill(&mut page, "docs/guide.md", false);
        assert_eq!(page.extra["banner"], "near");
        assert_eq!(page.extra["icon"], "x");
        assert!(page.hidden);
        assert!(!page.draft, "the targeted entry is for /docs/api/** only");
        let mut api = front("title: A\nbanner: own\n");
        near.fill(&mut api, "docs/api/x.md", false);
        assert!(api.draft);
        assert_eq!(api.extra["banner"], "own");
    }
}
