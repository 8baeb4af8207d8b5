//! The content model: pages and sections loaded from `content/`.
//!
//! A directory is a section; its index is `_index.md`, else `index.md`, else
//! `README.md`. Other Markdown files are pages. Everything else is an asset,
//! copied to the same place in the output.

pub mod dates;
pub mod frontmatter;
mod load;
mod tree;
pub use tree::{alias_path, order};

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

pub use frontmatter::FrontMatter;
pub use load::{LoadOptions, is_ignored_name, is_markdown, load, read_doc};

/// Index of a document in [`Content::docs`].
pub type DocId = usize;
/// Index of a section in [`Content::sections`]; the home section is 0.
pub type SectionId = usize;

/// The content directory under the site root.
pub const CONTENT_DIR: &str = "content";

/// Everything loaded from `content/`, before Markdown rendering.
#[derive(Debug)]
pub struct Content {
    /// Pages and section indexes.
    pub docs: Vec<Doc>,
    /// The section tree; `sections[0]` is the home page's.
    pub sections: Vec<Section>,
    /// Non-Markdown files under `content/`, by source path.
    pub assets: Vec<Asset>,
    /// Document by source path relative to `content/` (`users/access.md`).
    pub by_source: HashMap<String, DocId>,
    /// Document by URL path relative to the base path (`users/access/`).
    pub by_url: HashMap<String, DocId>,
    /// Section by directory relative to `content/` (`""` is the root).
    pub by_dir: HashMap<String, SectionId>,
    /// Asset by source path relative to `content/`.
    pub asset_by_source: HashMap<String, usize>,
    /// Problems that did not stop the load (skipped files).
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// Whether a document is a page or the index of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A leaf page.
    Page,
    /// The index of the given section.
    Section(SectionId),
}

/// One Markdown document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Page or section index.
    pub kind: DocKind,
    /// Source path relative to `content/`, `/`-separated; for a section with
    /// no index file, its directory with a trailing `/`.
    pub source: String,
    /// Whether a file backs this document (false for generated section indexes).
    pub has_file: bool,
    /// Parsed frontmatter.
    pub front: FrontMatter,
    /// Markdown after the frontmatter.
    pub body: String,
    /// 1-based line of the source file where `body` starts.
    pub body_line: usize,
    /// Title from frontmatter, first `#` heading, or file name.
    pub title: String,
    /// Whether the title was taken from the body's first heading.
    pub title_from_heading: bool,
    /// URL path relative to the base path, ending in `/` (`users/access/`);
    /// `""` for the home page.
    pub path: String,
    /// The section a page belongs to; for a section index, its own section.
    pub section: SectionId,
    /// Last modification time of the source file.
    pub modified: Option<SystemTime>,
    /// Previous sibling in display order (pages among their section's
    /// pages, sections among their parent's subsections).
    pub prev: Option<DocId>,
    /// Next sibling in display order.
    pub next: Option<DocId>,
}

impl Doc {
    /// Output file, relative to the output directory.
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.path)
    }

    /// Source path relative to the site root, for messages and edit links.
    pub fn source_path(&self) -> PathBuf {
        PathBuf::from(CONTENT_DIR).join(&self.source)
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
    /// Child sections, in display order.
    pub subsections: Vec<SectionId>,
    /// Pages directly in this section, in display order.
    pub pages: Vec<DocId>,
}

/// A non-Markdown file copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, `/`-separated; also its output path.
    pub source: String,
    /// Absolute path on disk.
    pub abs: PathBuf,
}

impl Asset {
    /// Source path relative to the site root, for messages.
    pub fn source_path(&self) -> PathBuf {
        PathBuf::from(CONTENT_DIR).join(&self.source)
    }
}

impl Content {
    /// The section's index document.
    pub fn section_doc(&self, id: SectionId) -> &Doc {
        &self.docs[self.sections[id].doc]
    }
}
