//! Stage 2, parse: [`Loaded`] → [`Parsed`]. One Markdown parse per document
//! yields its HTML and every fact later stages need — title, headings and
//! ids, links with their positions and where they resolve, issue references,
//! a summary — plus the display order, which needs the titles.

mod again;
pub mod highlight;
#[cfg(test)]
mod highlight_tests;
#[cfg(test)]
mod hostile_blocks;
mod html;
mod line_memo;
mod links;
mod looks;
mod markdown;
mod order;
mod pieces;
mod promql;
mod section_text;
pub mod slug;
pub use section_text::SectionText;

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::load::{DocId, Loaded};
use crate::report::Diagnostic;
use crate::util::ids::{IdVec, Idx as _};
pub use again::{Previous, parse_again};
pub use highlight::Highlighter;
pub use links::Resolver;
pub use order::{Order, newest_first, placement};

/// Everything the parse stage needs besides the loaded site.
pub struct ParseContext<'a> {
    /// Link lookups over the loaded site.
    pub resolver: Resolver<'a>,
    /// Code highlighting (with its cache).
    pub highlighter: &'a Highlighter,
    /// `[markdown] smart_punctuation`.
    pub smart_punctuation: bool,
    /// `[markdown] unsafe_html`.
    pub unsafe_html: bool,
    /// Per mounted source, whether it is trusted with raw HTML.
    pub trusted: Vec<bool>,
    /// Turn issue references into links: `None` when `[issues]` is not
    /// configured; `Some(site_repo)` otherwise (what a bare `#123` means).
    pub issue_refs: Option<Option<&'a str>>,
    /// Keep each page's HTML in the parse output; without it,
    /// [`parse_body`] makes a page's HTML again when it is written.
    pub keep_bodies: bool,
}

impl<'a> ParseContext<'a> {
    /// The context for `loaded` under `config`: links resolve under
    /// `base_path` and may also point at the `linkable` generated files.
    pub fn new(
        config: &'a crate::config::Config,
        loaded: &'a Loaded,
        base_path: &str,
        linkable: &'a std::collections::HashSet<String>,
        highlighter: &'a Highlighter,
    ) -> Self {
        ParseContext {
            resolver: Resolver::new(loaded, base_path, linkable),
            highlighter,
            smart_punctuation: config.markdown.smart_punctuation,
            unsafe_html: config.markdown.unsafe_html,
            trusted: loaded.mounts().iter().map(|m| m.trusted).collect(),
            issue_refs: config.issues.as_ref().map(|i| i.site_repo.as_deref()),
            keep_bodies: true,
        }
    }
}

impl ParseContext<'_> {
    /// Whether raw HTML is kept in a document from `origin` (a mounted
    /// source's index; `None` for the site's own content).
    pub fn keeps_raw_html(&self, origin: Option<usize>) -> bool {
        self.unsafe_html && origin.is_none_or(|i| self.trusted.get(i).copied().unwrap_or(true))
    }
}

/// Every document parsed, and the display order.
#[derive(Debug)]
pub struct Parsed {
    docs: IdVec<DocId, ParsedDoc>,
    order: Order,
}

/// One entry of a page's table of contents, borrowed from its headings
/// ([`ParsedDoc::toc`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry<'a> {
    /// 2 to 4.
    pub level: u8,
    /// Heading id (the fragment to link to).
    pub id: &'a str,
    /// Heading text.
    pub title: &'a str,
    /// Deeper headings under this one.
    pub children: Vec<TocEntry<'a>>,
}

/// A heading found on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its id.
    pub id: String,
    /// Its plain text.
    pub text: String,
    /// Line in the source file (0 where unknown, as in a notebook).
    pub line: usize,
}

/// A piece of a page body: HTML, or the place where an issue reference's
/// title and state go once the issues stage knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Finished HTML.
    Html(String),
    /// The title and state of `repo#number`, filled in when rendering.
    IssueState {
        /// `owner/repo`.
        repo: String,
        /// Issue number.
        number: u64,
    },
}

/// A link or `src`/`href` found in a document, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Where in the body it is written: the whole `[text](dest)` of a
    /// Markdown link, the attribute value of an HTML one.
    pub span: std::ops::Range<usize>,
    /// The destination as written.
    pub written: String,
    /// Where it leads.
    pub target: LinkTarget,
    /// The `href` written for it (`None` for a broken link).
    pub href: Option<String>,
}

/// An http(s) link of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    /// 1-based line in the source file (0 where unknown).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// The URL as written.
    pub url: String,
}

/// Where a link leads, as far as one page can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Into the site; with a fragment to check once every page is parsed.
    Site(Option<(DocId, String)>),
    /// Nowhere in the site.
    Broken {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
}

/// The facts of one document.
#[derive(Debug, Clone, Default)]
pub struct ParsedDoc {
    /// Frontmatter title, else the first `#` heading, else the file name.
    pub title: String,
    /// Id of the first `#` heading when it was lifted into the page title.
    pub title_id: Option<String>,
    /// The text of that heading when the frontmatter's title differs: the
    /// page's `<h1>` shows what the author wrote there.
    pub heading: Option<String>,
    /// Body HTML in pieces (one piece unless the page references issues).
    pub body: Vec<Part>,
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// Every id on the page (headings, footnotes, raw HTML `id` and `<a name>`).
    pub ids: HashSet<String>,
    /// Links to pages, sections and files of the site.
    pub links: Vec<Link>,
    /// Links to http(s) URLs outside code, for `opsite check --external`.
    pub external: Vec<External>,
    /// Plain text of the first paragraph, for descriptions.
    pub summary: String,
    /// Issues referenced by this page, as (`owner/repo`, number).
    pub issue_refs: BTreeSet<(String, u64)>,
    /// Things worth fixing that do not fail a build.
    pub warnings: Vec<Diagnostic>,
    /// The page has a mermaid diagram (and needs the script that draws it).
    pub has_diagram: bool,
    /// Plain text of the body for search, by section: `[0]` before the
    /// first heading, `[i]` under `headings[i - 1]`.
    pub text: SectionText,
    /// Words in `text` (for word counts and reading times: counted once
    /// here, not for every listing and every comparison of page keys).
    pub words: usize,
}

impl ParsedDoc {
    /// The table of contents: h2–h4, nested. Made from `headings` when a
    /// page asks (kept, it would double what every page's headings hold).
    pub fn toc(&self) -> Vec<TocEntry<'_>> {
        pieces::build_toc(&self.headings)
    }

    /// Adds text to the section being read.
    pub(crate) fn add_text(&mut self, t: &str) {
        // Sections before the current one may have had no text.
        self.text.open(self.headings.len() + 1);
        self.text.push(t);
    }

    /// Adds a block's text (a code block's) and ends its last word.
    pub(crate) fn add_block_text(&mut self, t: &str) {
        self.add_text(t);
        self.text_break();
    }

    /// Ends the last word where `event` separates words without a space
    /// (line breaks, list items, table cells).
    pub(crate) fn break_after(&mut self, event: &pulldown_cmark::Event) {
        use pulldown_cmark::{Event, TagEnd};
        if matches!(event, Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Item | TagEnd::TableCell)) {
            self.text_break();
        }
    }

    /// Ends a word at a block or line boundary in the search text.
    pub(crate) fn text_break(&mut self) {
        self.text.break_word();
    }
}

/// Parses every document of `loaded` in parallel and orders the sections.
pub fn parse_all(loaded: &Loaded, ctx: &ParseContext) -> Parsed {
    let docs: Vec<ParsedDoc> = loaded
        .doc_slice()
        .par_iter()
        .enumerate()
        .map(|(i, _)| {
            let mut p = markdown::parse(ctx, loaded, crate::util::ids::Idx::from_index(i));
            if !ctx.keep_bodies {
                p.body = Vec::new();
            }
            p
        })
        .collect();
    let docs = IdVec::from_vec(docs);
    let order = Order::new(loaded, &docs);
    let links: usize = docs.values().map(|p| p.links.len()).sum();
    let refs: usize = docs.values().map(|p| p.issue_refs.len()).sum();
    crate::report::verbose(&format!(
        "parse: {} documents, {links} links into the site, {refs} issue references",
        docs.len()
    ));
    Parsed { docs, order }
}

/// Document `id`'s HTML, parsed again: the same as [`parse_all`] made
/// (the highlighting comes from the highlighter's memory).
pub fn parse_body(ctx: &ParseContext, loaded: &Loaded, id: DocId) -> Vec<Part> {
    markdown::parse(ctx, loaded, id).body
}

/// What parsing one changed document again touched.
#[derive(Debug, PartialEq, Eq)]
pub enum Reparsed {
    /// Only its own page.
    Page,
    /// The order was made again: every page's navigation may change.
    Order,
}

impl Parsed {
    /// The facts of a document.
    pub fn doc(&self, id: DocId) -> &ParsedDoc {
        &self.docs[id]
    }

    /// Every document's facts with its id.
    pub fn docs(&self) -> impl Iterator<Item = (DocId, &ParsedDoc)> {
        self.docs.iter()
    }

    /// The display order.
    pub fn order(&self) -> &Order {
        &self.order
    }

    /// Takes the body of every document `take` selects, leaving the rest
    /// (`None` at theirs): `opsite build` renders each page from its taken
    /// body and drops it once the page is written, so the whole site's HTML
    /// is never in memory while the other outputs are made.
    pub fn take_bodies(&mut self, take: impl Fn(DocId) -> bool) -> Vec<Option<Vec<Part>>> {
        let docs = self.docs.as_mut_slice().iter_mut().enumerate();
        docs.map(|(i, p)| take(DocId::from_index(i)).then(|| std::mem::take(&mut p.body))).collect()
    }

    /// Lets go of every document's search text (`opsite build`, once the
    /// search index is written).
    pub fn drop_search_text(&mut self) {
        for p in self.docs.as_mut_slice() {
            p.text = SectionText::default();
        }
    }

    /// Gives back the bodies of documents (those a feed shows, after a
    /// parse that kept none).
    pub fn put_bodies(&mut self, bodies: Vec<(DocId, Vec<Part>)>) {
        for (id, body) in bodies {
            self.docs[id].body = body;
        }
    }

    /// Parses document `id` again (after [`Loaded::reread`]). `reorder`:
    /// its frontmatter changed what orders or lists pages, so the order is
    /// made again (it is, too, when its title changed).
    pub fn reparse(&mut self, loaded: &Loaded, ctx: &ParseContext, id: DocId, reorder: bool) -> Reparsed {
        let fresh = markdown::parse(ctx, loaded, id);
        let moved = reorder || fresh.title != self.docs[id].title;
        self.docs[id] = fresh;
        if moved {
            self.order = Order::new(loaded, &self.docs);
            Reparsed::Order
        } else {
            Reparsed::Page
        }
    }
}
