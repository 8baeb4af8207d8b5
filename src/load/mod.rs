//! Stage 1, load: `content/` → [`Loaded`] (documents, sections, assets).
//!
//! A directory is a section; its index is `_index.md`, else `index.md`, else
//! `README.md`. Other Markdown files are pages. Everything else is an asset,
//! copied to the same place in the output. Frontmatter is parsed here; the
//! Markdown body is left to the parse stage, which reads it once.

mod admonition;
mod beside;
pub(crate) mod dialect;
mod directives;
mod files;
mod front_keys;
mod front_values;
pub(crate) mod frontmatter;
mod history;
mod hugo;
mod layout;
mod lenient;
mod markers;
mod mdx;
mod myst;
mod names;
mod navfile;
mod notebook;
mod plain;
mod postmortem;
mod read;
mod reuse;
mod snippets;
mod source_path;
pub(crate) mod tabs;
mod translations;
mod tree;
mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub(crate) use frontmatter::{AlertRef, FrontMatter, SortBy};
pub(crate) use names::{file_stem, is_document, is_ignored_name, is_markdown, is_notebook, title_from_name};
pub(crate) use plain::plain_markdown;
pub(crate) use reuse::{Reuse, load_again};
pub(crate) use source_path::SourcePath;
pub(crate) use translations::Languages;
pub(crate) use tree::alias_from;
pub(crate) use walk::{LoadOptions, load};

use crate::config::Reach;
use crate::report::Diagnostic;
use crate::util::ids::IdVec;

crate::typed_id!(
    /// A document (page or section index) of a [`Loaded`] site.
    DocId
);
crate::typed_id!(
    /// A section (directory) of a [`Loaded`] site; the home section is [`HOME`].
    SectionId
);

/// The root section, whose index is the home page.
pub(crate) const HOME: SectionId = SectionId(0);

/// Everything loaded from `content/`, before Markdown is parsed.
#[derive(Debug)]
pub struct Loaded {
    docs: IdVec<DocId, Doc>,
    sections: IdVec<SectionId, Section>,
    assets: Vec<Asset>,
    by_source: HashMap<String, DocId>,
    by_url: HashMap<String, DocId>,
    by_dir: HashMap<String, SectionId>,
    asset_by_source: HashSet<String>,
    drafts: HashSet<String>,
    warnings: Vec<Diagnostic>,
    mounts: Vec<crate::sources::Source>,
    /// Mounts of optional sources that could not be had this build.
    absent: Vec<String>,
    content_dir: String,
    /// `[build] mount`: the URL path (and source prefix) of the content.
    content_mount: String,
    /// How each origin's files are read again (`reread`).
    origins: walk::Origins,
    /// The files found, kept for loading again.
    files: files::Files,
}

/// Whether a document is a page or the index of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A leaf page.
    Page,
    /// The index of the given section.
    Section(SectionId),
}

/// One Markdown document with its frontmatter; the body is not parsed yet.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Page or section index.
    pub kind: DocKind,
    /// Its path in the content tree (for a section with no index file,
    /// the folder with a trailing `/`), how messages name it, where it is
    /// on disk, and the source it came from (an index into
    /// [`Loaded::mounts`]).
    pub src: SourcePath,
    /// Whether a file backs this document (false for generated section indexes).
    pub has_file: bool,
    /// "Edit this page" for a document from a source.
    pub edit_url: Option<String>,
    /// Files a notebook's outputs carry (name relative to its folder, bytes).
    pub attachments: Vec<(String, std::sync::Arc<Vec<u8>>)>,
    /// Other generators' frontmatter keys it has (kept in `extra`).
    pub foreign: Vec<&'static str>,
    /// Where navigation files place it (all default: none lists it).
    /// Kept apart from the frontmatter, which a re-read replaces, and
    /// worked out again on every load.
    pub nav: NavPlace,
    /// Problems found reading it that do not stop the build.
    pub load_warnings: Vec<Diagnostic>,
    /// MyST targets it defines, `(label)=`, each with the text of the
    /// heading it stands before (empty when none).
    pub labels: Vec<(String, String)>,
    /// Parsed frontmatter (boxed: it is most of a document's size, and
    /// documents are moved between the load's lists many times).
    pub front: Box<FrontMatter>,
    /// The frontmatter as the file has it, kept when a cascade or a
    /// category file changed `front`: what loading again starts from, so a
    /// cascade taken away leaves nothing behind.
    pub own_front: Option<Box<FrontMatter>>,
    /// Lines of frontmatter keys, for messages about their values.
    pub front_lines: frontmatter::KeyLines,
    /// Markdown after the frontmatter.
    pub body: String,
    /// 1-based line of the source file where `body` starts.
    pub body_line: usize,
    /// The title made from the file or directory name, used when neither
    /// frontmatter nor a `#` heading gives one.
    pub name_title: String,
    /// URL path relative to the base path, ending in `/` (`users/access/`);
    /// `""` for the home page.
    pub path: String,
    /// The section a page belongs to; for a section index, its own section.
    pub section: SectionId,
    /// Last modification time of the source file.
    pub modified: Option<SystemTime>,
    /// Modification time and size of the file when it was read; `None`
    /// when the document also holds other files' text (includes), so a
    /// stat cannot tell whether it changed.
    pub stamp: Option<(SystemTime, u64)>,
    /// Hash of everything read for it (the file, and what it includes):
    /// equal digests mean the same Markdown and frontmatter.
    pub digest: u64,
    /// `YYYY-MM-DD` of the last commit that touched the file, else its mtime.
    pub updated: Option<String>,
}

/// What navigation files (`SUMMARY.md`, `mkdocs.yml`, `_toc.yml`, the
/// site's `[build] nav`) say about a document.
#[derive(Debug, Clone, Default)]
pub struct NavPlace {
    /// Position in the file that lists it or, for a section, its first
    /// page: (file, entry).
    pub rank: Option<(u32, u32)>,
    /// The label it is listed with: its title in the sidebar unless its
    /// frontmatter has `link_title`.
    pub label: Option<String>,
    /// A part or group heading shown before it in the sidebar (SUMMARY.md
    /// `# Part`, `- [Group]()`, `_toc.yml` `caption`, an MkDocs group that
    /// is not a folder of its own).
    pub part: Option<String>,
    /// mdBook's chapter number (`1.2.`) for entries of a numbered list.
    pub number: Option<String>,
    /// How far the file nests it below the first entries of its folder
    /// (a SUMMARY.md sub-chapter, a `_toc.yml` `sections` entry).
    pub indent: u8,
    /// In a tree a navigation file curates, but listed by none: built,
    /// searchable, linkable and in its section's list, but not in the
    /// sidebar (MkDocs' `not_in_nav`).
    pub hidden: bool,
}

impl Doc {
    /// Output file, relative to the output directory.
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.path)
    }

    /// The file as messages name it (relative to the site root where it is
    /// inside it).
    pub fn source_path(&self) -> PathBuf {
        self.src.file().to_path_buf()
    }

    /// The source file's name without its extension (`KubePodCrashLooping`).
    pub fn stem(&self) -> &str {
        file_stem(self.src.rel())
    }

    /// Whether source positions in `body` are lines of the file (not so for
    /// a notebook, whose body is made from its cells).
    pub fn has_lines(&self) -> bool {
        self.body_line > 0
    }

    /// The title a link with no text shows before the page is parsed: the
    /// frontmatter's, else its first `# ` heading's, else its file name's.
    pub fn title_hint(&self) -> String {
        if let Some(t) = &self.front.title {
            return t.clone();
        }
        let heading = self.body.lines().take(200).find_map(|l| l.strip_prefix("# "));
        heading.map_or_else(|| self.name_title.clone(), |h| h.trim().trim_end_matches('#').trim().to_string())
    }

    /// Line of a frontmatter key (0 when it is not written).
    pub fn key_line(&self, key: &str) -> usize {
        self.front_lines.get(key)
    }
}

/// A directory of content.
#[derive(Debug, Clone)]
pub struct Section {
    /// Directory relative to `content/` (`""` for the root).
    pub dir: String,
    /// The section's index document.
    pub doc: DocId,
    /// Parent section; `None` for the root.
    pub parent: Option<SectionId>,
    /// Child sections, in file order (the parse stage orders them).
    pub subsections: Vec<SectionId>,
    /// Pages directly in this section, in file order.
    pub pages: Vec<DocId>,
}

/// A non-Markdown file copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Its path in the content tree (also its output path), how messages
    /// name it and where it is on disk.
    pub src: SourcePath,
    /// Its bytes, for files opsite made (notebook images); `None`: read `abs`.
    pub data: Option<std::sync::Arc<Vec<u8>>>,
}

impl Asset {
    /// The file as messages name it.
    pub fn source_path(&self) -> PathBuf {
        self.src.file().to_path_buf()
    }
}

/// What re-reading one changed file means for the rest of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Reread {
    /// Only this document's text or frontmatter changed; its keys' changes
    /// reach this far ([`FrontMatter::reach_from`]).
    Doc(Reach),
    /// A key whose change reaches [`Reach::Load`] changed, or it has no
    /// file, or a cascade fills its frontmatter: load the whole site again.
    Reload,
}

impl Loaded {
    /// A document.
    pub fn doc(&self, id: DocId) -> &Doc {
        &self.docs[id]
    }

    /// Every document with its id.
    pub fn docs(&self) -> impl Iterator<Item = (DocId, &Doc)> {
        self.docs.iter()
    }

    /// Every document id.
    pub fn doc_ids(&self) -> Vec<DocId> {
        self.docs.ids().collect()
    }

    /// The documents, for parallel iteration (position = id).
    pub fn doc_slice(&self) -> &[Doc] {
        self.docs.as_slice()
    }

    /// Number of documents.
    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    /// Number of pages (section indexes excluded).
    pub fn page_count(&self) -> usize {
        self.docs.values().filter(|d| d.kind == DocKind::Page).count()
    }

    /// A section.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id]
    }

    /// Every section id, parents before children.
    pub fn section_ids(&self) -> Vec<SectionId> {
        self.sections.ids().collect()
    }

    /// Number of sections (home included).
    pub fn section_count(&self) -> usize {
        self.sections.len()
    }

    /// Non-Markdown files.
    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }

    /// The document whose source is `rel` (relative to `content/`).
    pub fn doc_by_source(&self, rel: &str) -> Option<DocId> {
        self.by_source.get(rel).copied()
    }

    /// The document at URL path `path` (`users/access/`).
    pub fn doc_by_url(&self, path: &str) -> Option<DocId> {
        self.by_url.get(path).copied()
    }

    /// The section of directory `dir` (relative to `content/`).
    pub fn section_by_dir(&self, dir: &str) -> Option<SectionId> {
        self.by_dir.get(dir).copied()
    }

    /// Whether `rel` is an asset's source path.
    pub fn has_asset(&self, rel: &str) -> bool {
        self.asset_by_source.contains(rel)
    }

    /// Whether `rel` is a Markdown file left out as a draft.
    pub fn is_draft(&self, rel: &str) -> bool {
        self.drafts.contains(rel)
    }

    /// Source paths of every document backed by a file.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.by_source.keys().map(String::as_str)
    }

    /// How messages name the file at content path `key`: under its source's
    /// folder when a mount holds it, else under the content folder.
    pub fn display_path(&self, key: &str) -> String {
        for m in &self.mounts {
            if let Some(rest) = key.strip_prefix(&format!("{}/", m.mount)) {
                return m.display.join(rest).display().to_string();
            }
        }
        let key = match self.content_mount.as_str() {
            "" => key,
            m => key.strip_prefix(m).and_then(|k| k.strip_prefix('/')).unwrap_or(key),
        };
        Path::new(&self.content_dir).join(key).display().to_string()
    }

    /// `[build] mount`: the URL path (and source prefix) of the site's own
    /// content (`""`: the root).
    pub fn content_mount(&self) -> &str {
        &self.content_mount
    }

    /// The mounted sources; a document's `origin` indexes them.
    pub fn mounts(&self) -> &[crate::sources::Source] {
        &self.mounts
    }

    /// The mount an optional source that could not be had would hold
    /// `path` under: its pages are missing this build, and the source's
    /// own warning says why.
    pub fn absent_mount(&self, path: &str) -> Option<&str> {
        self.absent.iter().map(String::as_str).find(|m| crate::util::url::within(path, m))
    }

    /// Problems that did not stop the load (skipped files).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Whether the files on disk are not the ones this load read: a file
    /// appeared, vanished or changed that no event named (`serve` asks
    /// once edits pause, after loads that looked only at changed paths).
    pub fn differs_from_disk(&self) -> bool {
        let sources = crate::sources::Sources { list: self.mounts.clone(), ..Default::default() };
        let stamps = self.docs.values().filter(|d| d.has_file).map(|d| (d.src.abs(), d.stamp));
        self.files.differs_from_disk(&sources, stamps)
    }

    /// Sections from the root down to the one containing `doc` (exclusive
    /// of a section's own index).
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

    /// Whether a document is meant to be found: not a redirect, and not
    /// left out by `search: false` on it or on a section above it (the
    /// search index and llms.txt both ask).
    pub fn searchable(&self, id: DocId) -> bool {
        let d = &self.docs[id];
        if d.front.redirect_to.is_some() {
            return false;
        }
        let off = |doc: &Doc| doc.front.search.is_some_and(|s| !s.indexed());
        !off(d)
            && !self.section_chain(id).into_iter().any(|s| off(&self.docs[self.sections[s].doc]))
            && !matches!(d.kind, DocKind::Section(s) if off(&self.docs[self.sections[s].doc]))
    }

    /// The sections a document is in, from the root down, its own included
    /// when it is a section's page.
    pub fn sections_of(&self, doc: DocId) -> Vec<SectionId> {
        let mut chain = self.section_chain(doc);
        if let DocKind::Section(s) = self.docs[doc].kind {
            chain.push(s);
        }
        chain
    }

    /// Reads document `id` again after its file changed. Its frontmatter
    /// and body are replaced unless the change needs a full load.
    pub fn reread(&mut self, id: DocId) -> anyhow::Result<Reread> {
        let old = &self.docs[id];
        // A notebook's images are assets: their set may change with it.
        // A cascade or category file fills its frontmatter: the load
        // applies them.
        if !old.has_file || is_notebook(old.src.rel()) || old.own_front.is_some() {
            return Ok(Reread::Reload);
        }
        let fresh =
            read::read_doc(&old.src, self.origins.of(old.src.origin()))?.map_err(crate::report::BuildFailed::from)?;
        let reach = fresh.front.reach_from(&old.front);
        if reach == Reach::Load {
            return Ok(Reread::Reload);
        }
        let d = &mut self.docs[id];
        // The frontmatter's date wins, as in a full load; else the edit's.
        d.updated = fresh
            .front
            .updated
            .as_ref()
            .map(|u| u.chars().take(10).collect())
            .or_else(|| fresh.modified.map(crate::util::dates::format_date))
            .or(d.updated.take());
        d.foreign = fresh.foreign;
        d.front = fresh.front;
        d.front_lines = fresh.front_lines;
        d.body = fresh.body;
        d.body_line = fresh.body_line;
        d.modified = fresh.modified;
        d.stamp = fresh.stamp;
        d.digest = fresh.digest;
        Ok(Reread::Doc(reach))
    }
}
