//! Display order: pages and subsections by weight (unweighted last), then
//! title — or, in a section that asks (`sort_by`), by date (newest first)
//! or title — with each document's previous and next sibling.

use super::ParsedDoc;
use crate::load::{DocId, Loaded, SectionId, SortBy};
use crate::util::ids::IdVec;

/// The order of the section tree.
#[derive(Debug, Clone)]
pub struct Order {
    pages: IdVec<SectionId, Vec<DocId>>,
    subsections: IdVec<SectionId, Vec<SectionId>>,
    prev: IdVec<DocId, Option<DocId>>,
    next: IdVec<DocId, Option<DocId>>,
}

/// Where a navigation file or a weight places a document: nav rank first,
/// then weight, each unplaced after the placed. The start of the display
/// order's key, and what the sidebar interleaves sections and pages by.
pub fn placement(doc: &crate::load::Doc) -> impl Ord + use<> {
    (
        doc.nav.rank.is_none(),
        doc.nav.rank.unwrap_or_default(),
        doc.front.weight.is_none(),
        doc.front.weight.unwrap_or(0),
    )
}

/// The sort key that puts posts newest first, undated ones last by title.
pub fn newest_first(loaded: &Loaded, title: &str, d: DocId) -> impl Ord + use<> {
    let date = loaded.doc(d).front.date.clone();
    (date.is_none(), std::cmp::Reverse(date), title.to_lowercase())
}

impl Order {
    /// Orders every section of `loaded` using the parsed titles.
    pub(super) fn new(loaded: &Loaded, parsed: &IdVec<DocId, ParsedDoc>) -> Order {
        let n = loaded.doc_count();
        let mut order = Order {
            pages: IdVec::default(),
            subsections: IdVec::default(),
            prev: IdVec::from_vec(vec![None; n]),
            next: IdVec::from_vec(vec![None; n]),
        };
        // A navigation file's order first, then weight, then title.
        let key = |d: DocId| {
            let doc = loaded.doc(d);
            (placement(doc), parsed[d].title.to_lowercase(), doc.src.rel().to_string())
        };
        for s in loaded.section_ids() {
            let section = loaded.section(s);
            // Hidden pages are built but listed nowhere.
            let listed = |d: DocId| !loaded.doc(d).front.hidden;
            let mut pages: Vec<DocId> = section.pages.iter().copied().filter(|&d| listed(d)).collect();
            match loaded.doc(section.doc).front.sort_by {
                // A blog: newest first, undated posts after, by title.
                Some(SortBy::Date) => pages.sort_by_cached_key(|&d| newest_first(loaded, &parsed[d].title, d)),
                Some(SortBy::Title) => pages.sort_by_cached_key(|&d| (parsed[d].title.to_lowercase(), d)),
                Some(SortBy::Weight) | None => pages.sort_by_cached_key(|&d| key(d)),
            }
            order.link_siblings(&pages);
            let mut subs: Vec<SectionId> =
                section.subsections.iter().copied().filter(|&c| listed(loaded.section(c).doc)).collect();
            subs.sort_by_cached_key(|&c| key(loaded.section(c).doc));
            let docs: Vec<DocId> = subs.iter().map(|&c| loaded.section(c).doc).collect();
            order.link_siblings(&docs);
            order.pages.push(pages);
            order.subsections.push(subs);
        }
        order
    }

    fn link_siblings(&mut self, ids: &[DocId]) {
        for (i, &d) in ids.iter().enumerate() {
            self.prev[d] = i.checked_sub(1).map(|j| ids[j]);
            self.next[d] = ids.get(i + 1).copied();
        }
    }

    /// Pages directly in a section, in display order.
    pub fn pages(&self, s: SectionId) -> &[DocId] {
        &self.pages[s]
    }

    /// Child sections, in display order.
    pub fn subsections(&self, s: SectionId) -> &[SectionId] {
        &self.subsections[s]
    }

    /// The previous sibling.
    pub fn prev(&self, d: DocId) -> Option<DocId> {
        self.prev[d]
    }

    /// The next sibling.
    pub fn next(&self, d: DocId) -> Option<DocId> {
        self.next[d]
    }
}
