//! Navigation files other tools keep beside their docs: MkDocs `nav:`
//! (`mkdocs.yml`/`mkdocs.yaml`, one per component as TechDocs has them),
//! mdBook `SUMMARY.md` and Jupyter Book `_toc.yml`. What they list, in
//! their order, orders the pages and sections they cover.

use std::collections::{HashMap, HashSet};

use super::{Doc, DocKind};
use std::path::PathBuf;

use serde_json::Value;

use crate::report::Diagnostic;

/// Whether a file (by its content path) is a navigation file.
pub(super) fn is_nav_file(rel: &str) -> bool {
    matches!(rel.rsplit('/').next(), Some("mkdocs.yml" | "mkdocs.yaml" | "SUMMARY.md" | "_toc.yml"))
}

/// The entries of one navigation file: content paths in order, each with
/// the line it is written on.
#[derive(Debug)]
pub(super) struct NavFile {
    pub(super) file: PathBuf,
    pub(super) entries: Vec<(String, usize)>,
    /// The site's `[build] nav`: its order wins over every other file's.
    pub(super) overrides: bool,
    /// The label each listed path is given (SUMMARY.md link text, MkDocs
    /// `Label: path`, `_toc.yml` `title`): its title in the sidebar.
    pub(super) labels: HashMap<String, String>,
    /// MkDocs groups (`- Operator Manual: [...]`): the folder their entries
    /// share, and the group's label, which names that folder's section.
    pub(super) groups: Vec<(String, String)>,
    /// Part headings and group-only entries (SUMMARY.md `# Part` and
    /// `- [Group]()`, `_toc.yml` `caption`): the label, and the first path
    /// listed under it, before which the sidebar shows it.
    pub(super) parts: Vec<(String, String)>,
    /// How deep each listed path is nested (0: a top-level entry).
    pub(super) depths: HashMap<String, u8>,
    /// mdBook chapter numbers (`1.2.`) of the entries of numbered lists.
    pub(super) numbers: HashMap<String, String>,
    /// The content folder whose pages it curates (MkDocs: its `docs_dir`;
    /// the site's `[build] nav`: everything): pages there that no
    /// navigation file lists are kept out of navigation.
    pub(super) scope: String,
}

/// Reads a navigation file at content path `rel` (`text` is its contents,
/// `file` how messages name it). `above`: (mount, folder of the repository
/// mounted) for an `mkdocs.yml` at a mounted repository's root, read as
/// `rel` = `mkdocs.yml`.
pub(super) fn read(
    rel: &str,
    text: &str,
    file: &std::path::Path,
    above: Option<(&str, &str)>,
) -> Result<NavFile, Diagnostic> {
    let dir = rel.rfind('/').map_or("", |i| &rel[..i]);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let join = |base: &str, p: &str| {
        let p = p.trim().trim_start_matches("./");
        crate::util::url::normalize(base, p).unwrap_or_default()
    };
    let yaml = |text: &str| -> Result<Value, Diagnostic> {
        serde_saphyr::from_str::<Value>(text).map_err(|e| {
            let (line, col) = e.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
            Diagnostic::new(
                file,
                line,
                col,
                format!("cannot read this navigation file: {}", e.to_string().lines().next().unwrap_or("")),
            )
        })
    };
    // (content path, as written)
    let mut paths: Vec<(String, String)> = Vec::new();
    let mut labels = HashMap::new();
    let mut groups = Vec::new();
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut depths: HashMap<String, u8> = HashMap::new();
    let mut numbers = HashMap::new();
    let mut scope = dir.to_string();
    match name {
        "SUMMARY.md" => {
            use pulldown_cmark::{Event, Tag, TagEnd};
            let mut open: Option<(String, String)> = None;
            // A part heading (after the file's own title) or a group-only
            // entry, waiting for the first entry under it.
            let mut heading: Option<String> = None;
            let mut headings = 0;
            let mut part: Option<String> = None;
            let mut group: Option<String> = None;
            // List nesting, and mdBook's chapter counters at each level:
            // the numbers run on across parts, as mdBook's do.
            let mut lists = 0usize;
            let mut counters: Vec<u32> = Vec::new();
            let mut number: Option<String> = None;
            for event in pulldown_cmark::Parser::new(text) {
                match event {
                    Event::Start(Tag::List(_)) => lists += 1,
                    Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
                    Event::Start(Tag::Item) => {
                        counters.resize(lists, 0);
                        if let Some(c) = counters.last_mut() {
                            *c += 1;
                        }
                        number = Some(counters.iter().map(|c| format!("{c}.")).collect());
                    }
                    Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                    Event::End(TagEnd::Heading(_)) => {
                        headings += 1;
                        let h = heading.take().unwrap_or_default();
                        if headings > 1 || !paths.is_empty() {
                            part = Some(h.trim().to_string()).filter(|h| !h.is_empty());
                        }
                    }
                    Event::Start(Tag::Link { dest_url, .. }) if dest_url.is_empty() => group = Some(String::new()),
                    Event::End(TagEnd::Link) if group.is_some() => {
                        let label = group.take().map(|g| g.trim().to_string()).filter(|g| !g.is_empty());
                        part = label.map(|g| match number.take() {
                            Some(n) => format!("{n} {g}"),
                            None => g,
                        });
                    }
                    Event::Start(Tag::Link { dest_url, .. }) if !crate::util::url::has_scheme(&dest_url) => {
                        let written = dest_url.split('#').next().unwrap_or("").to_string();
                        let path = join(dir, &crate::util::url::decode(&written));
                        if let Some(p) = part.take() {
                            parts.push((p, path.clone()));
                        }
                        depths.entry(path.clone()).or_insert(lists.saturating_sub(1).min(u8::MAX.into()) as u8);
                        if let Some(n) = number.take() {
                            numbers.entry(path.clone()).or_insert(n);
                        }
                        paths.push((path.clone(), written));
                        open = Some((path, String::new()));
                    }
                    Event::Text(t) | Event::Code(t) => {
                        if let Some(h) = heading.as_mut().or(group.as_mut()) {
                            h.push_str(&t);
                        } else if let Some((_, label)) = open.as_mut() {
                            label.push_str(&t);
                        }
                    }
                    Event::End(TagEnd::Link) => {
                        if let Some((path, label)) = open.take().filter(|(_, l)| !l.trim().is_empty()) {
                            labels.entry(path).or_insert_with(|| label.trim().to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        "_toc.yml" => {
            let v = yaml(text)?;
            let mut files = Vec::new();
            if let Some(root) = v.get("root").and_then(Value::as_str) {
                files.push(root.to_string());
            }
            let mut nested = Vec::new();
            toc_files(&v, 0, &mut nested);
            for (f, depth) in nested {
                depths.entry(join(dir, &f)).or_insert(depth);
                files.push(f);
            }
            for p in v.get("parts").and_then(Value::as_array).into_iter().flatten() {
                let mut first = Vec::new();
                collect_key(p, "file", &mut first);
                if let (Some(caption), Some(f)) = (p.get("caption").and_then(Value::as_str), first.first()) {
                    parts.push((caption.to_string(), join(dir, f)));
                }
            }
            let mut titled = Vec::new();
            collect_titles(&v, &mut titled);
            for (f, title) in titled {
                labels.entry(join(dir, &f)).or_insert(title);
            }
            paths.extend(files.into_iter().map(|f| (join(dir, &f), f)));
        }
        _ => {
            let v = yaml(text)?;
            let docs_dir = v.get("docs_dir").and_then(Value::as_str).unwrap_or("docs");
            let base = join(dir, docs_dir);
            // A repository's own mkdocs.yml above the mounted folder: its
            // paths are the repository's, mapped onto the mount.
            let to_content = |f: &str| -> Option<String> {
                let p = join(&base, f);
                let Some((mount, sub)) = above else { return Some(p) };
                let rest = if p == sub {
                    ""
                } else if sub.is_empty() {
                    p.as_str()
                } else {
                    p.strip_prefix(sub)?.strip_prefix('/')?
                };
                Some(crate::util::url::under(mount, rest))
            };
            scope = above.map_or_else(|| base.clone(), |(mount, _)| mount.to_string());
            let mut files = Vec::new();
            if let Some(nav) = v.get("nav") {
                let mut found = MkdocsNav::default();
                mkdocs_nav(nav, 0, None, &mut found);
                for (f, label) in &found.labels {
                    if let Some(p) = to_content(f) {
                        labels.entry(p).or_insert_with(|| label.clone());
                    }
                }
                for (f, &depth) in found.files.iter().zip(&found.depths) {
                    if let Some(p) = to_content(f).filter(|_| !crate::util::url::has_scheme(f)) {
                        depths.entry(p).or_insert(depth);
                    }
                }
                // The folder a range of entries shares.
                let shared = |range: &std::ops::Range<usize>| {
                    let dirs: Vec<String> = found.files[range.clone()]
                        .iter()
                        .filter(|f| !crate::util::url::has_scheme(f))
                        .filter_map(|f| to_content(f))
                        .map(|p| p.rfind('/').map_or(String::new(), |i| p[..i].to_string()))
                        .collect();
                    common_dir(&dirs)
                };
                let root = to_content("").unwrap_or_else(|| scope.clone());
                for (range, label, outer) in &found.groups {
                    let Some(own) = shared(range) else { continue };
                    let around = outer.map_or(Some(root.clone()), |o| shared(&found.groups[o].0));
                    if around.as_deref() == Some(own.as_str()) {
                        // Not a folder of its own: a heading over its entries.
                        let first = found.files[range.clone()].iter().find(|f| !crate::util::url::has_scheme(f));
                        if let Some(p) = first.and_then(|f| to_content(f)) {
                            parts.push((label.clone(), p));
                        }
                    } else {
                        groups.push((own, label.clone()));
                    }
                }
                files = found.files;
            }
            paths.extend(
                files
                    .into_iter()
                    .filter(|f| !crate::util::url::has_scheme(f))
                    .filter_map(|f| Some((to_content(&f)?, f))),
            );
        }
    }
    // The parsers give no positions for values: the entry's line is the
    // first line, from the previous entry's on, that holds it as written.
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut entries = Vec::new();
    for (p, written) in paths.into_iter().filter(|(p, _)| !p.is_empty()) {
        let at = (from..lines.len())
            .find(|&i| lines[i].contains(written.trim()))
            .or_else(|| lines.iter().position(|l| l.contains(written.trim())));
        if let Some(i) = at {
            from = i;
        }
        entries.push((p, at.map_or(0, |i| i + 1)));
    }
    Ok(NavFile { file: file.to_path_buf(), entries, overrides: false, labels, groups, parts, depths, numbers, scope })
}

/// What an MkDocs `nav` lists: files (and URLs) in order with how deep
/// groups nest each, their labels, and groups (the range of `files` under
/// each, its label, and the group it is in).
#[derive(Default)]
struct MkdocsNav {
    files: Vec<String>,
    depths: Vec<u8>,
    labels: Vec<(String, String)>,
    groups: Vec<(std::ops::Range<usize>, String, Option<usize>)>,
}

/// Walks an MkDocs `nav`: `- path`, `- Label: path`, `- Label: [...]`.
fn mkdocs_nav(v: &Value, depth: u8, group: Option<usize>, out: &mut MkdocsNav) {
    match v {
        Value::String(s) => {
            out.files.push(s.clone());
            out.depths.push(depth);
        }
        Value::Array(a) => a.iter().for_each(|x| mkdocs_nav(x, depth, group, out)),
        Value::Object(m) => {
            for (label, x) in m {
                match x {
                    Value::String(path) => {
                        out.files.push(path.clone());
                        out.depths.push(depth);
                        out.labels.push((path.clone(), label.clone()));
                    }
                    other => {
                        let (first, own) = (out.files.len(), out.groups.len());
                        out.groups.push((first..first, label.clone(), group));
                        mkdocs_nav(other, depth.saturating_add(1), Some(own), out);
                        out.groups[own].0.end = out.files.len();
                    }
                }
            }
        }
        _ => {}
    }
}

/// The deepest folder every one of `dirs` is in (`None` for none).
fn common_dir(dirs: &[String]) -> Option<String> {
    let first = dirs.first()?;
    let mut shared: Vec<&str> = first.split('/').collect();
    for d in &dirs[1..] {
        let parts: Vec<&str> = d.split('/').collect();
        let n = shared.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        shared.truncate(n);
    }
    Some(shared.join("/"))
}

/// `(file, title)` of every `_toc.yml` entry that has both.
fn collect_titles(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            if let (Some(f), Some(t)) = (m.get("file").and_then(Value::as_str), m.get("title").and_then(Value::as_str))
            {
                out.push((f.to_string(), t.to_string()));
            }
            m.values().for_each(|x| collect_titles(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_titles(x, out)),
        _ => {}
    }
}

/// The `file` of every `_toc.yml` entry, in order, with how deep
/// `sections` lists nest it (chapters are 0).
fn toc_files(v: &Value, depth: u8, out: &mut Vec<(String, u8)>) {
    match v {
        Value::Object(m) => {
            if let Some(f) = m.get("file").and_then(Value::as_str) {
                out.push((f.to_string(), depth));
            }
            for (k, x) in m {
                let deeper = if k == "sections" { depth.saturating_add(1) } else { depth };
                toc_files(x, deeper, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| toc_files(x, depth, out)),
        _ => {}
    }
}

/// Every string value of `key` anywhere in `v`.
fn collect_key(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x.as_str() {
                    Some(s) if k == key => out.push(s.to_string()),
                    _ => collect_key(x, key, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_key(x, key, out)),
        _ => {}
    }
}

/// A rank per content path: (navigation file, position in it). A path a
/// deeper file lists takes that file's rank (the component knows its own
/// order best); a folder ranks as its first listed file.
pub(super) fn ranks(files: &[NavFile]) -> HashMap<String, (u32, u32)> {
    let mut order: Vec<(usize, &NavFile)> = files.iter().enumerate().collect();
    // Shallow files first, so deeper ones overwrite what they list; the
    // site's own override last of all.
    order.sort_by_key(|(_, f)| (f.overrides, f.file.components().count()));
    let mut rank = HashMap::new();
    for (i, f) in order {
        for (pos, (path, _)) in f.entries.iter().enumerate() {
            let r = (i as u32, pos as u32);
            rank.insert(path.clone(), r);
            let mut dir = path.as_str();
            while let Some(cut) = dir.rfind('/') {
                dir = &dir[..cut];
                let e = rank.entry(format!("{dir}/")).or_insert(r);
                if r < *e {
                    *e = r;
                }
            }
        }
    }
    rank
}

/// Gives documents the titles navigation files label them with, where
/// their frontmatter has none: the site's `[build] nav` first, then deeper
/// files before shallower (a component knows its own pages best); a
/// group's label names its folder's section before the index page's own
/// label ("Operator Manual", not "Overview").
fn label(files: &[NavFile], docs: &mut [Doc], by_source: &HashMap<String, usize>) {
    let mut order: Vec<&NavFile> = files.iter().collect();
    order.sort_by_key(|f| (!f.overrides, std::cmp::Reverse(f.file.components().count())));
    // Each section's folder, once: groups name sections by folder.
    let sections: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| matches!(d.kind, DocKind::Section(_)))
        .map(|(i, d)| {
            let dir = if d.has_file { d.src.rel().rfind('/').map_or("", |j| &d.src.rel()[..j]) } else { d.src.rel() };
            (dir.trim_end_matches('/').to_string(), i)
        })
        .collect();
    let find = |path: &str| candidates(path).find_map(|p| by_source.get(&p).copied());
    let mut indented = HashSet::new();
    for f in order {
        for (dir, label) in &f.groups {
            if let Some(&i) = sections.get(dir) {
                docs[i].nav.label.get_or_insert_with(|| label.clone());
            }
        }
        for (path, label) in &f.labels {
            if let Some(i) = find(path) {
                docs[i].nav.label.get_or_insert_with(|| label.clone());
            }
        }
        for (label, path) in &f.parts {
            if let Some(i) = find(path) {
                docs[i].nav.part.get_or_insert_with(|| label.clone());
            }
        }
        // mdBook numbers a book's chapters; the site's own navigation is
        // not a book.
        for (path, number) in f.numbers.iter().filter(|_| !f.overrides) {
            if let Some(i) = find(path) {
                docs[i].nav.number.get_or_insert_with(|| number.clone());
            }
        }
        // A page's indent: how much deeper it is listed than the shallowest
        // page of its folder (the folder's own section already nests it).
        let listed: Vec<(usize, u8)> = f
            .depths
            .iter()
            .filter_map(|(p, &depth)| Some((find(p)?, depth)))
            .filter(|&(i, _)| matches!(docs[i].kind, DocKind::Page) && !indented.contains(&i))
            .collect();
        let folder = |d: &Doc| d.src.rel().rfind('/').map_or("", |j| &d.src.rel()[..j]).to_string();
        let listed: Vec<(usize, u8, String)> =
            listed.into_iter().map(|(i, depth)| (i, depth, folder(&docs[i]))).collect();
        let mut least: HashMap<&str, u8> = HashMap::new();
        for (_, depth, dir) in &listed {
            let l = least.entry(dir.as_str()).or_insert(*depth);
            *l = (*l).min(*depth);
        }
        for (i, depth, dir) in &listed {
            docs[*i].nav.indent = depth - least[dir.as_str()];
            indented.insert(*i);
        }
    }
}

/// The content paths a navigation entry may mean: as written, or with the
/// extension Jupyter Book leaves off.
fn candidates(path: &str) -> impl Iterator<Item = String> {
    [path.to_string(), format!("{path}.md"), format!("{path}.ipynb")].into_iter()
}

/// Checks every navigation entry names a document and ranks the documents
/// and sections the files list.
/// `left_out` says which source's pattern leaves a path out, if one does.
pub(super) fn apply(
    files: &[NavFile],
    docs: &mut [Doc],
    drafts: &HashSet<String>,
    left_out: impl Fn(&str) -> Option<(String, String)>,
) -> Vec<Diagnostic> {
    let by_source: HashMap<String, usize> =
        docs.iter().enumerate().filter(|(_, d)| d.has_file).map(|(i, d)| (d.src.rel().to_string(), i)).collect();
    let mut errors = Vec::new();
    let mut resolved = Vec::new();
    for f in files {
        let mut entries = Vec::new();
        for (path, line) in &f.entries {
            let found = candidates(path).find(|p| by_source.contains_key(p) || drafts.contains(p));
            let excluded = || candidates(path).find_map(|p| left_out(&p));
            // Not an `if let` guard: those need Rust 1.95, above rust-version.
            match (found, excluded) {
                (Some(p), _) => entries.push((p, *line)),
                (None, excluded) => errors.push(match excluded() {
                    Some((mount, why)) => Diagnostic::new(
                        &f.file,
                        *line,
                        1,
                        format!("navigation entry `{path}` names a file the source mounted at /{mount}/ leaves out by its {why}"),
                    )
                    .hint(Some("take the file into that source's patterns, or remove the entry".into())),
                    None => Diagnostic::new(
                        &f.file,
                        *line,
                        1,
                        format!("navigation entry `{path}` names a file that does not exist"),
                    )
                    .hint(Some("fix the path or remove the entry (paths are relative to the navigation file)".into())),
                }),
            }
        }
        resolved.push(NavFile {
            file: f.file.clone(),
            entries,
            overrides: f.overrides,
            labels: HashMap::new(),
            groups: Vec::new(),
            parts: Vec::new(),
            depths: HashMap::new(),
            numbers: HashMap::new(),
            scope: if f.overrides { String::new() } else { f.scope.clone() },
        });
    }
    label(files, docs, &by_source);
    let ranks = ranks(&resolved);
    for d in docs.iter_mut() {
        let key = match d.kind {
            DocKind::Section(_) if !d.has_file => d.src.rel().to_string(),
            DocKind::Section(_) => {
                let dir = d.src.rel().rfind('/').map_or("", |i| &d.src.rel()[..i]);
                if ranks.contains_key(d.src.rel()) { d.src.rel().to_string() } else { format!("{dir}/") }
            }
            DocKind::Page => d.src.rel().to_string(),
        };
        d.nav.rank = ranks.get(&key).or_else(|| ranks.get(d.src.rel())).copied();
        // MkDocs' `not_in_nav`: a curated tree shows what it lists.
        let curated = resolved.iter().any(|f| crate::util::url::within(d.src.rel(), &f.scope));
        let home = matches!(d.kind, DocKind::Section(s) if s == super::HOME);
        d.nav.hidden = curated && d.nav.rank.is_none() && !home;
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn mkdocs_summary_and_toc() {
        let m = read(
            "odh/mkdocs.yaml",
            "site_name: x\nnav:\n  - Home: README.md\n  - Hub:\n    - Access: hub/access.md\n  - https://example.org\n",
            Path::new("odh/mkdocs.yaml"),
            None,
        )
        .unwrap();
        assert_eq!(m.entries, [("odh/docs/README.md".into(), 3), ("odh/docs/hub/access.md".into(), 5)]);
        let s = read(
            "book/SUMMARY.md",
            "# Summary\n\n- [Intro](intro.md)\n  - [Deep](a/deep.md#x)\n",
            Path::new("s"),
            None,
        )
        .unwrap();
        assert_eq!(s.entries, [("book/intro.md".into(), 3), ("book/a/deep.md".into(), 4)]);
        let t = read(
            "_toc.yml",
            "root: intro\nchapters:\n  - file: a/b\n    sections:\n      - file: a/c.ipynb\n",
            Path::new("t"),
            None,
        )
        .unwrap();
        assert_eq!(t.entries, [("intro".into(), 1), ("a/b".into(), 3), ("a/c.ipynb".into(), 5)]);
    }
}
