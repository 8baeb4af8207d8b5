//! Reads one file — Markdown, MDX or a notebook — into a page [`Doc`]:
//! frontmatter, includes, other tools' syntax, all before parsing.

use std::path::Path;

use anyhow::Result;

use super::SourcePath;
use super::frontmatter;
use super::names::{file_stem, is_notebook, title_from_name};
use super::walk::Origin;
use super::{Doc, DocKind, SectionId};
use crate::report::Diagnostic;

/// Reads one Markdown file into a page [`Doc`] (no URL or section yet).
///
/// The outer error is I/O; the inner one a problem in the file itself.
pub(super) fn read_doc(src: &SourcePath, origin: &Origin) -> Result<Result<Doc, Diagnostic>> {
    let (abs, rel, file) = (src.abs(), src.rel(), src.file());
    let text = crate::util::fs::read_to_string(abs)?;
    let stamp = super::reuse::stamp(abs);
    let modified = stamp.map(|(m, _)| m);
    let digest = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    if is_notebook(rel) {
        return Ok(super::notebook::convert(&text, file, file_stem(rel)).map(|nb| Doc {
            stamp,
            digest,
            body: nb.body,
            // Notebook bodies are made from cells: no line of the file.
            body_line: 0,
            front: Box::new(frontmatter::FrontMatter { title: nb.title, ..Default::default() }),
            attachments: nb.images.into_iter().map(|(n, b)| (n, std::sync::Arc::new(b))).collect(),
            ..new_page(src.clone(), modified)
        }));
    }
    let blanked;
    let split = match frontmatter::split(&text, file, origin.lenient) {
        Ok(s) => s,
        // In a tree whose unknown keys only warn (another tool's), a block
        // that is not YAML is a warning and the page builds without it, as
        // MkDocs builds it (four argo-cd proposals).
        Err(d) if origin.lenient && d.message.starts_with("invalid frontmatter") => {
            let Some(text) = super::lenient::blank_front_block(&text) else { return Ok(Err(d)) };
            blanked = text;
            let mut s = match frontmatter::split(&blanked, file, origin.lenient) {
                Ok(s) => s,
                Err(d) => return Ok(Err(d)),
            };
            s.warnings.push(Diagnostic { message: format!("{}: the page is built without it", d.message), ..d });
            s
        }
        Err(d) => return Ok(Err(d)),
    };
    let mut split = split;
    // MDX first: a partial it includes goes through the include rules below.
    let (mdx_body, mdx_notes) = match super::mdx::applies(rel, split.body) {
        true => {
            // How deep the file is in the content (a source's is its mount).
            let depth = rel.matches('/').count();
            let here = abs.parent().unwrap_or(Path::new("."));
            super::mdx::rewrite(split.body, &"../".repeat(depth), here).map_or((None, vec![]), |(b, n)| (Some(b), n))
        }
        false => (None, vec![]),
    };
    let body_in = mdx_body.as_deref().unwrap_or(split.body);
    split.warnings.extend(mdx_notes.into_iter().map(|(n, col, message)| {
        Diagnostic::new(file, split.body_line + n, col, message)
            .hint(Some("opsite reads MDX as Markdown; its components render their children".into()))
    }));
    let (body, stamp, digest) = match super::directives::expand(
        body_in,
        abs,
        file,
        split.body_line,
        &origin.boundary,
        &origin.params,
        [("title", split.front.title.as_deref()), ("description", split.front.description.as_deref())],
    ) {
        Ok(expanded) => {
            if split.front.title.is_none() {
                split.front.title = expanded.title;
            }
            split.warnings.extend(expanded.warnings);
            match expanded.body {
                None => (body_in.to_string(), stamp, digest),
                // The included files are part of it: no stamp tells their changes.
                Some(body) => {
                    let digest = digest ^ xxhash_rust::xxh3::xxh3_64(body.as_bytes()).rotate_left(1);
                    // MDX partials bring their own imports and components.
                    // Messages about them would point at the wrong lines, so
                    // this second pass says nothing.
                    let body = match mdx_body.is_some().then(|| super::mdx::rewrite(&body, "", Path::new(""))) {
                        Some(Some((again, _))) => again,
                        _ => body,
                    };
                    (body, None, digest)
                }
            }
        }
        Err(d) => return Ok(Err(d)),
    };
    let mut warnings = split.warnings;
    let (body, labels) = match super::dialect::rewrite(&body) {
        Some(r) => {
            warnings.extend(r.notes.into_iter().map(|(n, col, message)| {
                Diagnostic::new(file, split.body_line + n, col, message).hint(Some(
                    "opsite renders the admonitions, tabs and roles of MkDocs, Docusaurus, MyST and Hugo; write this as Markdown"
                        .into(),
                ))
            }));
            (r.body, r.labels)
        }
        None => (body, Vec::new()),
    };
    Ok(Ok(Doc {
        stamp,
        digest,
        foreign: split.foreign,
        load_warnings: warnings,
        labels,
        body,
        body_line: split.body_line,
        front: Box::new(split.front),
        front_lines: split.key_lines,
        ..new_page(src.clone(), modified)
    }))
}

/// A page document of file `rel` with nothing read from it yet.
pub(super) fn new_page(src: SourcePath, modified: Option<std::time::SystemTime>) -> Doc {
    let name_title = title_from_name(file_stem(src.rel()));
    Doc {
        kind: DocKind::Page,
        src,
        has_file: true,
        edit_url: None,
        attachments: Vec::new(),
        nav: Default::default(),
        foreign: Vec::new(),
        load_warnings: Vec::new(),
        labels: Vec::new(),
        front: Default::default(),
        own_front: None,
        front_lines: Default::default(),
        body: String::new(),
        body_line: 1,
        name_title,
        path: String::new(),
        section: SectionId(0),
        modified,
        stamp: None,
        digest: 0,
        updated: None,
    }
}
