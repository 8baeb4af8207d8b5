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
    options: &super::LoadOptions,
    sources: &crate::sources::Sources,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    // Where a slug starting with `/` starts: the content's or the
    // source's mount (Docusaurus' slugs start at routeBasePath).
    // Once per origin (the content's first), not once per page.
    let roots: Vec<String> = std::iter::once(options.mount.as_str())
        .chain(sources.list.iter().map(|s| s.mount.as_str()))
        .map(|m| if m.is_empty() { String::new() } else { format!("{m}/") })
        .collect();
    let mount_of = |d: &Doc| roots.get(d.src.origin().map_or(0, |i| i + 1)).map_or("", String::as_str);
    let lowercase = options.lowercase_urls;
    let mut errors = Vec::new();
    // The path each section's pages go under: its own, unless a Docusaurus
    // slug (`/x/y`) moved only its index.
    let mut under: HashMap<SectionId, String> = HashMap::new();
    // Sections are stored parents-first, so a parent's path is always ready.
    for (id, section) in sections.iter() {
        let (path, pages_under) = match section.parent {
            None => (String::new(), String::new()),
            Some(p) => {
                let parent_path = under.get(&p).cloned().unwrap_or_default();
                let name = section.dir.rsplit('/').next().unwrap_or(&section.dir);
                let natural = format!("{parent_path}{name}/");
                let d = &docs[section.doc];
                let path = place(d, &parent_path, mount_of(d), name, &mut errors, warnings);
                let pages_under = if absolute(&docs[section.doc]) { natural } else { path.clone() };
                (path, pages_under)
            }
        };
        docs[section.doc].path = path;
        for &page in &section.pages {
            let d = &docs[page];
            // A Hugo leaf bundle (`x/index.md`, a page of the section
            // above) is named after its folder.
            let folder = super::names::parent_dir(d.src.rel());
            let name = if folder == section.dir { d.stem() } else { super::names::file_name(folder) };
            let path = place(d, &pages_under, mount_of(d), name, &mut errors, warnings);
            docs[page].path = path;
        }
        under.insert(id, pages_under);
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
    if options.relative_aliases {
        // Hugo reads `old-name` as `./old-name`: beside the page.
        for d in docs.as_mut_slice() {
            for alias in &mut d.front.aliases {
                if !alias.starts_with(['/', '.']) && !alias.contains("://") {
                    alias.insert_str(0, "./");
                }
            }
        }
    }
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

/// Whether a document's `slug` is a Docusaurus path from the site root.
fn absolute(doc: &Doc) -> bool {
    doc.front.slug.as_deref().is_some_and(|s| s.starts_with('/'))
}

/// A document's URL path under `parent_path`: its `slug` (one segment as
/// Hugo and Zola write it; a path as Docusaurus does, `/x/y` from `root`,
/// the mount, and `x/y` from the folder), else its name.
fn place(
    doc: &Doc,
    parent_path: &str,
    root: &str,
    name: &str,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> String {
    let Some(slug) = &doc.front.slug else { return format!("{parent_path}{name}/") };
    let (base, rest) = match slug.strip_prefix('/') {
        Some(rest) => (root, rest.trim_end_matches('/')),
        None => (parent_path, slug.trim_end_matches('/')),
    };
    if rest.is_empty() && slug.starts_with('/') {
        // Docusaurus' home page: the load made it the index of the mount's
        // section, unless that folder has an index of its own.
        if matches!(doc.kind, super::DocKind::Section(_)) {
            return root.to_string();
        }
        warnings.push(
            Diagnostic::new(
                doc.source_path(),
                doc.key_line("slug"),
                1,
                "slug \"/\" is left out: the home page is the content folder's own index".to_string(),
            )
            .hint(Some("name the file index.md (or README.md) in the content folder to make it the home page".into())),
        );
        return format!("{parent_path}{name}/");
    }
    if rest.split('/').all(valid_segment) {
        return format!("{base}{rest}/");
    }
    errors.push(
        Diagnostic::new(
            doc.source_path(),
            doc.key_line("slug"),
            1,
            format!("slug {slug:?} must be path segments without `\\`, `.` or `..`"),
        )
        .hint(Some("a slug replaces the last part of the URL, like `access-guide`, or is a path from the root, like `/guides/access`".into())),
    );
    format!("{parent_path}{name}/")
}

fn valid_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\', '\0', '?', '#'])
}

/// The output path an alias of the page at `page_path` (its URL path)
/// makes: `/old/page` → `old/page/`, `old.html` stays a file; `./x` and
/// `../x` start from the page's folder, as Hugo's relative aliases do
/// (Grafana Loki has 85). `None` for URLs or paths that climb out.
pub(crate) fn alias_from(page_path: &str, alias: &str) -> Option<String> {
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
