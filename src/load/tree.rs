//! URL paths and display order of the section tree.

use std::collections::HashMap;

use super::{Doc, Section, SectionId};
use crate::report::Diagnostic;
use crate::util::ids::IdVec;

/// Gives every document its URL path and checks that no two sources (nor an
/// alias and a source) claim the same URL.
pub(super) fn assign_paths(
    docs: &mut IdVec<super::DocId, Doc>,
    sections: &IdVec<SectionId, Section>,
    lowercase: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // Sections are stored parents-first, so a parent's path is always ready.
    for (_, section) in sections.iter() {
        let path = match section.parent {
            None => String::new(),
            Some(p) => {
                let parent_path = docs[sections[p].doc].path.clone();
                let name = section.dir.rsplit('/').next().unwrap_or(&section.dir);
                format!("{parent_path}{}/", segment(&docs[section.doc], name, &mut errors))
            }
        };
        docs[section.doc].path = path;
        for &page in &section.pages {
            let parent_path = docs[section.doc].path.clone();
            let d = &docs[page];
            let path = format!("{parent_path}{}/", segment(d, d.stem(), &mut errors));
            docs[page].path = path;
        }
    }

    // Hugo publishes lowercase URLs; two files that differ only in case
    // then claim one URL, which the check below reports.
    if lowercase {
        for d in docs.as_mut_slice() {
            d.path = d.path.to_lowercase();
        }
    }
    let mut claimed: HashMap<String, String> = HashMap::new();
    for d in docs.values() {
        let what = d.source_path().display().to_string();
        if let Some(other) = claimed.insert(d.path.clone(), what.clone()) {
            errors.push(
                Diagnostic::new(
                    d.source_path(),
                    d.key_line("slug"),
                    usize::from(d.key_line("slug") > 0),
                    format!("URL /{} is also written by {other}", d.path),
                )
                .hint(Some("rename one of the files or give one a different `slug`".into())),
            );
        }
    }
    // Aliases that would overwrite a page or another alias are left out
    // with a warning, as Hugo builds such trees (a page's alias to its own
    // URL, two pages claiming one old URL: Grafana Loki has both).
    let mut dropped: Vec<(super::DocId, String)> = Vec::new();
    for (id, d) in docs.iter() {
        for alias in &d.front.aliases {
            let Some(path) = alias_from(&d.path, alias) else {
                errors.push(
                    Diagnostic::new(
                        d.source_path(),
                        d.key_line("aliases"),
                        1,
                        format!("alias {alias:?} is not a site path"),
                    )
                    .hint(Some("write an alias as a path on this site, like /old/page/".into())),
                );
                continue;
            };
            let what = format!("an alias in {}", d.source_path().display());
            if let Some(other) = claimed.get(&path) {
                warnings.push(
                    Diagnostic::new(
                        d.source_path(),
                        d.key_line("aliases"),
                        1,
                        format!("alias {alias:?} points at URL /{path}, which {other} already writes: left out"),
                    )
                    .hint(Some("remove the alias, or point it at an address nothing else uses".into())),
                );
                dropped.push((id, alias.clone()));
                continue;
            }
            claimed.insert(path, what);
        }
    }
    for (id, alias) in dropped {
        docs[id].front.aliases.retain(|a| *a != alias);
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The last URL segment of a document: its `slug`, else its name.
fn segment(doc: &Doc, name: &str, errors: &mut Vec<Diagnostic>) -> String {
    match &doc.front.slug {
        Some(slug) if valid_segment(slug) => slug.clone(),
        Some(slug) => {
            errors.push(
                Diagnostic::new(
                    doc.source_path(),
                    doc.key_line("slug"),
                    1,
                    format!("slug {slug:?} must be one non-empty path segment without `/`, `\\`, `.` or `..`"),
                )
                .hint(Some("a slug replaces only the last part of the URL, like `access-guide`".into())),
            );
            name.to_string()
        }
        None => name.to_string(),
    }
}

fn valid_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\', '\0', '?', '#'])
}

/// The output path an alias of the page at `page_path` (its URL path)
/// makes: `/old/page` → `old/page/`, `old.html` stays a file; `./x` and
/// `../x` start from the page's folder, as Hugo's relative aliases do
/// (Grafana Loki has 85). `None` for URLs or paths that climb out.
pub fn alias_from(page_path: &str, alias: &str) -> Option<String> {
    if alias.starts_with("./") || alias.starts_with("../") {
        let page = page_path.trim_end_matches('/');
        let dir = page.rfind('/').map_or("", |i| &page[..i]);
        let joined = crate::util::url::normalize(dir, alias.trim_end_matches('/'))?;
        let slash = if alias.ends_with('/') { "/" } else { "" };
        return alias_from("", &format!("/{joined}{slash}"));
    }
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
