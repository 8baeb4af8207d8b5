//! URL paths and display order of the section tree.

use std::collections::HashMap;

use super::{Content, DocId, DocKind, SectionId};
use crate::diagnostic::Diagnostic;

/// Gives every document its URL path and checks that no two sources (nor an
/// alias and a source) claim the same URL.
pub(super) fn assign_paths(content: &mut Content) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // Sections are stored parents-first, so a parent's path is always ready.
    for s in 0..content.sections.len() {
        let section = &content.sections[s];
        let path = match section.parent {
            None => String::new(),
            Some(p) => {
                let parent_path = content.section_doc(p).path.clone();
                let name = section.dir.rsplit('/').next().unwrap_or(&section.dir);
                let doc = &content.docs[section.doc];
                format!("{parent_path}{}/", segment(doc, name, &mut errors))
            }
        };
        let doc = section.doc;
        content.docs[doc].path = path;
        for i in 0..content.sections[s].pages.len() {
            let page = content.sections[s].pages[i];
            let parent_path = content.docs[doc].path.clone();
            let d = &content.docs[page];
            let stem = d.source.rsplit('/').next().unwrap_or(&d.source);
            let stem = &stem[..stem.len() - 3];
            let path = format!("{parent_path}{}/", segment(d, stem, &mut errors));
            content.docs[page].path = path;
        }
    }

    let mut claimed: HashMap<String, String> = HashMap::new();
    for d in &content.docs {
        let what = d.source_path().display().to_string();
        if let Some(other) = claimed.insert(d.path.clone(), what.clone()) {
            errors.push(Diagnostic::new(
                d.source_path(),
                0,
                0,
                format!("URL /{} is also written by {other}; rename one or set a different `slug`", d.path),
            ));
        }
    }
    for d in &content.docs {
        for alias in &d.front.aliases {
            let Some(path) = alias_path(alias) else {
                errors.push(Diagnostic::new(d.source_path(), 0, 0, format!("alias {alias:?} is not a site path")));
                continue;
            };
            let what = format!("an alias in {}", d.source_path().display());
            if let Some(other) = claimed.insert(path.clone(), what) {
                errors.push(Diagnostic::new(
                    d.source_path(),
                    0,
                    0,
                    format!("alias {alias:?} points at URL /{path}, which {other} already writes"),
                ));
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The last URL segment of a document: its `slug`, else its name.
fn segment(doc: &super::Doc, name: &str, errors: &mut Vec<Diagnostic>) -> String {
    match &doc.front.slug {
        Some(slug) if valid_segment(slug) => slug.clone(),
        Some(slug) => {
            errors.push(Diagnostic::new(
                doc.source_path(),
                0,
                0,
                format!("slug {slug:?} must be one non-empty path segment without `/`, `\\`, `.` or `..`"),
            ));
            name.to_string()
        }
        None => name.to_string(),
    }
}

fn valid_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\', '\0', '?', '#'])
}

/// Normalises an alias to an output path: `/old/page` → `old/page/`,
/// `old.html` stays a file. `None` for URLs or paths that climb out.
pub fn alias_path(alias: &str) -> Option<String> {
    if alias.contains("://") || alias.contains(['?', '#', '\\', '\0']) {
        return None;
    }
    let trimmed = alias.trim_start_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == "." || *p == "..") {
        return None;
    }
    let joined = parts.join("/");
    if joined.ends_with(".html") { Some(joined) } else { Some(format!("{joined}/")) }
}

/// Sorts pages and subsections by weight (unweighted last), then title, and
/// links each document to its previous and next sibling.
pub fn order(content: &mut Content) {
    for s in 0..content.sections.len() {
        let mut pages = std::mem::take(&mut content.sections[s].pages);
        pages.sort_by_cached_key(|&d| sort_key(content, d));
        link_siblings(content, &pages);
        content.sections[s].pages = pages;

        let mut subs = std::mem::take(&mut content.sections[s].subsections);
        subs.sort_by_cached_key(|&c| sort_key(content, content.sections[c].doc));
        let docs: Vec<DocId> = subs.iter().map(|&c| content.sections[c].doc).collect();
        link_siblings(content, &docs);
        content.sections[s].subsections = subs;
    }
}

fn sort_key(content: &Content, d: DocId) -> (bool, i64, String, String) {
    let doc = &content.docs[d];
    (doc.front.weight.is_none(), doc.front.weight.unwrap_or(0), doc.title.to_lowercase(), doc.source.clone())
}

fn link_siblings(content: &mut Content, ids: &[DocId]) {
    for (i, &d) in ids.iter().enumerate() {
        content.docs[d].prev = i.checked_sub(1).map(|j| ids[j]);
        content.docs[d].next = ids.get(i + 1).copied();
    }
}

impl Content {
    /// Sections from the root down to the one containing `doc` (exclusive of
    /// a section's own index).
    pub fn section_chain(&self, doc: DocId) -> Vec<SectionId> {
        let d = &self.docs[doc];
        let mut cur = match d.kind {
            DocKind::Page => Some(d.section),
            DocKind::Section(s) => self.sections[s].parent,
        };
        let mut chain = Vec::new();
        while let Some(s) = cur {
            chain.push(s);
            cur = self.sections[s].parent;
        }
        chain.reverse();
        chain
    }
}
