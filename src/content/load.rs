//! Walks `content/` and builds the [`Content`] model.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::frontmatter;
use super::{Asset, CONTENT_DIR, Content, Doc, DocId, DocKind, Section, SectionId};
use crate::diagnostic::{BuildFailed, Diagnostic};

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include documents marked `draft: true`.
    pub drafts: bool,
}

/// Section index file names, most preferred first.
const INDEX_NAMES: [&str; 3] = ["_index.md", "index.md", "README.md"];

/// Whether a file or directory name is skipped: hidden files and the
/// temporary files editors write beside the ones being saved.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Whether a file name or path ends in `.md` (any case). Byte-safe for
/// non-ASCII names.
pub fn is_markdown(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 3 && b[b.len() - 3..].eq_ignore_ascii_case(b".md")
}

/// One file found in the walk, relative to `content/`.
struct Found {
    rel: String,
    abs: PathBuf,
}

/// Loads `root/content/` into a [`Content`].
///
/// All frontmatter errors are collected and returned together.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Content> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        anyhow::bail!(
            "{} not found: a site keeps its Markdown in content/ (run `opsite init` to start one)",
            content_dir.display()
        );
    }
    let root_canon = std::fs::canonicalize(root).map_err(|e| anyhow::anyhow!("resolving {}: {e}", root.display()))?;
    let mut warnings = Vec::new();
    let (markdown, other) = walk(&content_dir, &root_canon, &mut warnings)?;

    // Group Markdown files by directory; every ancestor of a directory that
    // holds Markdown is a section too.
    let mut dirs: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    dirs.entry(String::new()).or_default();
    for f in markdown {
        let dir = parent_dir(&f.rel).to_string();
        let mut d = dir.as_str();
        loop {
            dirs.entry(d.to_string()).or_default();
            if d.is_empty() {
                break;
            }
            d = parent_dir(d);
        }
        dirs.entry(dir).or_default().push(f);
    }

    let parsed = parse_all(&dirs)?;
    let mut errors = Vec::new();
    let mut builder = Builder::default();
    for (dir, files) in &dirs {
        let index_pos = INDEX_NAMES.iter().find_map(|name| files.iter().position(|f| file_name(&f.rel) == *name));
        let parent = if dir.is_empty() { None } else { builder.by_dir.get(parent_dir(dir)).copied() };
        // Ancestors are visited first (BTreeMap order), so a missing parent
        // means the parent was a draft: skip the whole subtree.
        if !dir.is_empty() && parent.is_none() {
            continue;
        }
        let index = match index_pos {
            Some(i) => match &parsed[&files[i].rel] {
                Ok(doc) => Some(doc.clone()),
                Err(e) => {
                    errors.push(e.clone());
                    None
                }
            },
            None => None,
        };
        if let Some(doc) = &index
            && doc.front.draft
            && !options.drafts
            && !dir.is_empty()
        {
            continue;
        }
        let section = builder.add_section(dir, parent, index);
        for (i, f) in files.iter().enumerate() {
            if Some(i) == index_pos {
                continue;
            }
            match &parsed[&f.rel] {
                Ok(doc) if doc.front.draft && !options.drafts => {}
                Ok(doc) => builder.add_page(doc.clone(), section),
                Err(e) => errors.push(e.clone()),
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(BuildFailed { errors }.into());
    }

    let mut content = Content {
        docs: builder.docs,
        sections: builder.sections,
        assets: Vec::new(),
        by_source: HashMap::new(),
        by_url: HashMap::new(),
        by_dir: builder.by_dir,
        asset_by_source: HashMap::new(),
        warnings,
    };
    for f in other {
        content.asset_by_source.insert(f.rel.clone(), content.assets.len());
        content.assets.push(Asset { source: f.rel, abs: f.abs });
    }
    for (id, d) in content.docs.iter().enumerate() {
        if d.has_file {
            content.by_source.insert(d.source.clone(), id);
        }
    }
    super::tree::assign_paths(&mut content).map_err(|errors| BuildFailed { errors })?;
    super::tree::order(&mut content);
    content.by_url = content.docs.iter().enumerate().map(|(i, d)| (d.path.clone(), i)).collect();
    Ok(content)
}

/// Reads and splits every Markdown file in parallel.
fn parse_all(dirs: &BTreeMap<String, Vec<Found>>) -> Result<HashMap<String, Result<Doc, Diagnostic>>> {
    use rayon::prelude::*;
    let files: Vec<&Found> = dirs.values().flatten().collect();
    files.par_iter().map(|f| Ok((f.rel.clone(), read_doc(&f.abs, &f.rel)?))).collect()
}

/// Reads one Markdown file into a page [`Doc`] (no URL or section yet).
///
/// The outer error is I/O; the inner one a problem in the file itself.
pub fn read_doc(abs: &Path, rel: &str) -> Result<Result<Doc, Diagnostic>> {
    let text = crate::fs::read_to_string(abs)?;
    let modified = std::fs::metadata(abs).and_then(|m| m.modified()).ok();
    let rel_path = Path::new(CONTENT_DIR).join(rel);
    Ok(frontmatter::split(&text, &rel_path).map(|s| {
        let (title, from_heading) = match &s.front.title {
            Some(t) => (t.clone(), false),
            None => match first_heading(s.body) {
                Some(t) => (t, true),
                None => (title_from_name(file_stem(rel)), false),
            },
        };
        Doc {
            kind: DocKind::Page,
            source: rel.to_string(),
            has_file: true,
            body: s.body.to_string(),
            body_line: s.body_line,
            front: s.front,
            title,
            title_from_heading: from_heading,
            path: String::new(),
            section: 0,
            modified,
            prev: None,
            next: None,
        }
    }))
}

#[derive(Default)]
struct Builder {
    docs: Vec<Doc>,
    sections: Vec<Section>,
    by_dir: HashMap<String, SectionId>,
}

impl Builder {
    fn add_section(&mut self, dir: &str, parent: Option<SectionId>, index: Option<Doc>) -> SectionId {
        let id = self.sections.len();
        let doc_id: DocId = self.docs.len();
        let mut doc = index.unwrap_or_else(|| Doc {
            kind: DocKind::Page,
            source: if dir.is_empty() { String::new() } else { format!("{dir}/") },
            has_file: false,
            front: Default::default(),
            body: String::new(),
            body_line: 1,
            title: title_from_name(file_name(dir)),
            title_from_heading: false,
            path: String::new(),
            section: id,
            modified: None,
            prev: None,
            next: None,
        });
        doc.kind = DocKind::Section(id);
        doc.section = id;
        self.docs.push(doc);
        self.sections.push(Section { dir: dir.to_string(), doc: doc_id, parent, subsections: vec![], pages: vec![] });
        if let Some(p) = parent {
            self.sections[p].subsections.push(id);
        }
        self.by_dir.insert(dir.to_string(), id);
        id
    }

    fn add_page(&mut self, mut doc: Doc, section: SectionId) {
        doc.section = section;
        doc.kind = DocKind::Page;
        self.sections[section].pages.push(self.docs.len());
        self.docs.push(doc);
    }
}

/// Walks `content/`, splitting Markdown from other files. Symlinks are
/// followed only when they resolve inside the site root.
fn walk(dir: &Path, root: &Path, warnings: &mut Vec<Diagnostic>) -> Result<(Vec<Found>, Vec<Found>)> {
    let mut markdown = Vec::new();
    let mut other = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| anyhow::anyhow!("walking {}: {e}", dir.display()))?;
        let path = entry.path();
        let rel = match path.strip_prefix(dir) {
            Ok(r) if !r.as_os_str().is_empty() => r,
            _ => continue,
        };
        let Some(rel_str) = rel.to_str().map(|s| s.replace('\\', "/")) else {
            warnings.push(Diagnostic::new(path, 0, 0, "skipped: file name is not valid UTF-8"));
            continue;
        };
        let mut abs = path.to_path_buf();
        if entry.path_is_symlink() {
            match std::fs::canonicalize(path) {
                Ok(target) if target.starts_with(root) && target.is_file() => abs = target,
                Ok(target) if target.starts_with(root) => continue,
                _ => {
                    warnings.push(Diagnostic::new(
                        PathBuf::from(CONTENT_DIR).join(rel),
                        0,
                        0,
                        "skipped: symlink points outside the site root",
                    ));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let found = Found { rel: rel_str, abs };
        if is_markdown(&found.rel) {
            markdown.push(found);
        } else {
            other.push(found);
        }
    }
    Ok((markdown, other))
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[..i]).unwrap_or("")
}

fn file_name(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[i + 1..]).unwrap_or(rel)
}

fn file_stem(rel: &str) -> &str {
    let name = file_name(rel);
    name.rfind('.').map(|i| &name[..i]).unwrap_or(name)
}

/// `increase_pvc-size` → `Increase pvc size`.
fn title_from_name(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

/// Text of the first level-1 ATX heading (`# Title`) outside code fences.
///
/// A line scan rather than a full Markdown parse: the body is parsed once,
/// later, by the renderer; this only needs the title for ordering and nav.
fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<(u8, usize)> = None;
    for line in body.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let b = trimmed.as_bytes();
        if indent < 4 && b.len() >= 3 && (b[0] == b'`' || b[0] == b'~') {
            let ch = b[0];
            let n = b.iter().take_while(|&&c| c == ch).count();
            if n >= 3 {
                match fence {
                    None => fence = Some((ch, n)),
                    Some((c, m)) if c == ch && n >= m && trimmed[n..].trim().is_empty() => fence = None,
                    _ => {}
                }
                continue;
            }
        }
        if fence.is_some() || indent >= 4 {
            continue;
        }
        let Some(rest) = trimmed.strip_prefix('#') else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        // Closing `#`s and inline markup, as CommonMark would render them.
        let rest = rest.trim().trim_end_matches('#').trim_end();
        let text = inline_text(rest);
        let text = text.trim();
        return (!text.is_empty()).then(|| text.to_string());
    }
    None
}

/// Plain text of one line of inline Markdown.
fn inline_text(line: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new_ext(line, crate::markdown::parser_options(false)) {
        if let Event::Text(t) | Event::Code(t) = event {
            out.push_str(&t);
        }
    }
    out
}
