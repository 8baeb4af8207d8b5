//! The sidebar, bounded whatever the site's size: the top-level entries,
//! the path down to the current page with each level's siblings, and the
//! current section's entries. A list longer than the limit shows the
//! entries nearest the open one and then a link to the page that lists
//! them all, so a page of a 100,000-page site carries about as much
//! navigation as a page of a small one.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::PageInputs;
use crate::load::{DocId, HOME, SectionId};
use crate::util::ids::IdVec;

/// One row of a sidebar: sections and pages with their depth in the tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Title.
    pub title: String,
    /// Site URL.
    pub url: String,
    /// 0 for top level.
    pub depth: usize,
    /// A section (true) or a page.
    pub is_section: bool,
    /// An ancestor of (or the same as) the section being shown.
    pub open: bool,
    /// A part or group heading of a navigation file, not a link.
    pub group: bool,
    /// mdBook's chapter number (`1.2.`).
    pub number: Option<String>,
    /// A link to the full list of a capped one: the number of entries it
    /// has (`title` and `url` are the section listing them).
    pub more: Option<usize>,
    /// The rows after it, up to the next one as shallow, are nested in it:
    /// its `<li>` holds a list that opens here.
    pub opens: bool,
    /// How many nested lists end after it.
    pub closes: usize,
}

/// Sets each row's `opens` and `closes`, so a template writes the flat
/// rows as nested lists: a row is nested in the nearest row above it that
/// is less deep. Nested lists, not indented rows, are what a screen reader
/// announces as levels.
fn nest(items: &mut [NavItem]) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        let next = items.get(i + 1).map(|n| n.depth);
        let depth = items[i].depth;
        items[i].opens = next.is_some_and(|n| n > depth);
        if items[i].opens {
            open.push(depth);
            continue;
        }
        while open.last().is_some_and(|&top| next.is_none_or(|n| n <= top)) {
            open.pop();
            items[i].closes += 1;
        }
    }
}

/// One entry of a section's list: a page, or a subsection (by its index).
#[derive(Debug, Clone, Copy)]
struct Entry {
    doc: DocId,
    sub: Option<SectionId>,
}

/// The rows of `n` entries shown around entry `at` (none: from the
/// start), at most `limit` (0: all).
///
/// Windows start at multiples of half the limit, so a section of `n` pages
/// has about `2n / limit` different sidebars, each rendered once, and the
/// open entry is never in the outer quarter of a window unless the list
/// ends there.
fn window(n: usize, at: Option<usize>, limit: usize) -> Range<usize> {
    if limit == 0 || n <= limit {
        return 0..n;
    }
    let step = (limit / 2).max(1);
    let start = at.map_or(0, |i| i.saturating_sub(limit / 4) / step * step).min(n - limit);
    start..start + limit
}

/// Which sidebar a page shows: its section's, with the section's own list
/// starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SidebarKey {
    /// The page's section.
    pub section: SectionId,
    /// The first entry of the section's list shown.
    pub start: usize,
}

/// What every sidebar is made from, once per navigation: each section's
/// list, and which sidebar each page shows.
pub struct SidebarPlan {
    /// Each section's entries in sidebar order.
    entries: IdVec<SectionId, Vec<Entry>>,
    /// Each page's sidebar.
    of_doc: HashMap<DocId, SidebarKey>,
    /// The distinct sidebars, a section's together, by start.
    keys: Vec<SidebarKey>,
    /// `[build] sidebar_limit`.
    limit: usize,
}

impl SidebarPlan {
    /// No sidebars (before the first build).
    pub fn empty() -> SidebarPlan {
        SidebarPlan { entries: IdVec::default(), of_doc: HashMap::new(), keys: Vec::new(), limit: 0 }
    }

    /// The sidebar page `d` shows.
    pub fn of(&self, d: DocId) -> Option<SidebarKey> {
        self.of_doc.get(&d).copied()
    }

    /// The distinct sidebars, a section's together.
    pub fn keys(&self) -> &[SidebarKey] {
        &self.keys
    }
}

impl PageInputs<'_> {
    /// Pages and subsections of `section` in sidebar order, without those a
    /// navigation file leaves out.
    fn entries(&self, section: SectionId) -> Vec<Entry> {
        let order = self.parsed.order();
        // Pages and sections together, where a navigation file or weights
        // place them (each list is already in that order); what neither
        // places keeps pages before sections.
        let placed = |d: DocId| crate::parse::placement(self.loaded.doc(d));
        // A curated navigation leaves out what it does not list; section
        // pages and blogs still list them.
        let in_nav = |d: DocId| !self.loaded.doc(d).nav.hidden;
        let pages: Vec<DocId> = order.pages(section).iter().copied().filter(|&p| in_nav(p)).collect();
        let subs: Vec<SectionId> =
            order.subsections(section).iter().copied().filter(|&c| in_nav(self.loaded.section(c).doc)).collect();
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::with_capacity(pages.len() + subs.len());
        while i < pages.len() || j < subs.len() {
            let section_first = match (pages.get(i), subs.get(j)) {
                (Some(&p), Some(&c)) => placed(self.loaded.section(c).doc) < placed(p),
                (None, Some(_)) => true,
                _ => false,
            };
            if section_first {
                out.push(Entry { doc: self.loaded.section(subs[j]).doc, sub: Some(subs[j]) });
                j += 1;
            } else {
                out.push(Entry { doc: pages[i], sub: None });
                i += 1;
            }
        }
        out
    }

    /// Every section's list, and each page's sidebar.
    pub fn sidebar_plan(&self, limit: usize) -> SidebarPlan {
        let sections = self.loaded.section_ids();
        let entries: Vec<Vec<Entry>> = sections.iter().map(|&s| self.entries(s)).collect();
        let mut of_doc = HashMap::new();
        let mut keys = Vec::new();
        for (&section, entries) in sections.iter().zip(&entries) {
            let at: HashMap<DocId, usize> =
                entries.iter().enumerate().filter(|(_, e)| e.sub.is_none()).map(|(i, e)| (e.doc, i)).collect();
            // The section's own page (and pages left out of the list) show
            // the list from its start.
            let sec = self.loaded.section(section);
            of_doc.insert(sec.doc, SidebarKey { section, start: 0 });
            let mut starts = BTreeSet::from([0]);
            for &p in &sec.pages {
                let start = window(entries.len(), at.get(&p).copied(), limit).start;
                starts.insert(start);
                of_doc.insert(p, SidebarKey { section, start });
            }
            keys.extend(starts.into_iter().map(|start| SidebarKey { section, start }));
        }
        SidebarPlan { entries: IdVec::from_vec(entries), of_doc, keys, limit }
    }

    /// The sidebar rows of `key`: top-level entries, with the path down to
    /// its section open.
    pub fn sidebar_items(&self, plan: &SidebarPlan, key: SidebarKey) -> Vec<NavItem> {
        let mut path = vec![key.section];
        while let Some(parent) = self.loaded.section(*path.last().unwrap_or(&HOME)).parent {
            path.push(parent);
        }
        path.reverse();
        let mut items = Vec::new();
        self.push_level(plan, &path, 0, key.start, &mut items);
        nest(&mut items);
        items
    }

    /// Pushes the list of `path[level]`, opening `path[level + 1]`.
    fn push_level(&self, plan: &SidebarPlan, path: &[SectionId], level: usize, start: usize, items: &mut Vec<NavItem>) {
        let (section, limit) = (path[level], plan.limit);
        let entries = &plan.entries[section];
        let rows = match path.get(level + 1) {
            Some(&open) => window(entries.len(), entries.iter().position(|e| e.sub == Some(open)), limit),
            None if limit == 0 || entries.len() <= limit => 0..entries.len(),
            None => start..(start + limit).min(entries.len()),
        };
        // A window that starts inside a part of a navigation file shows
        // the part's heading first.
        let first_part = entries[rows.start..].first().and_then(|e| self.loaded.doc(e.doc).nav.part.as_ref());
        if rows.start > 0 && first_part.is_none() {
            let earlier = entries[..rows.start].iter().rev().find_map(|e| self.loaded.doc(e.doc).nav.part.clone());
            if let Some(title) = earlier {
                items.push(group(title, level));
            }
        }
        // A page a navigation file nests under another is indented below
        // it; a heading sits one level above its first entry.
        let indent = |e: &Entry| if e.sub.is_some() { 0 } else { usize::from(self.loaded.doc(e.doc).nav.indent) };
        let row = |e: &Entry, open: bool| {
            let l = self.link(e.doc);
            let number = self.loaded.doc(e.doc).nav.number.clone();
            let (title, url, depth, is_section) = (l.title, l.url, level + indent(e), e.sub.is_some());
            NavItem { title, url, depth, is_section, open, group: false, number, more: None, opens: false, closes: 0 }
        };
        // A window that starts inside a nested list shows the entries it
        // is nested under (chapter 5 above 5.2), as a book's contents do.
        let mut above = Vec::new();
        let mut need = entries.get(rows.start).map_or(0, indent);
        for e in entries[..rows.start].iter().rev() {
            if need == 0 {
                break;
            }
            if indent(e) < need {
                need = indent(e);
                above.push(row(e, false));
            }
        }
        items.extend(above.into_iter().rev());
        for e in &entries[rows.clone()] {
            if let Some(part) = &self.loaded.doc(e.doc).nav.part {
                items.push(group(part.clone(), (level + indent(e)).saturating_sub(1)));
            }
            let open = e.sub.is_some() && e.sub == path.get(level + 1).copied();
            items.push(row(e, open));
            if open {
                self.push_level(plan, path, level + 1, start, items);
            }
        }
        if rows.len() < entries.len() {
            let l = self.link(self.loaded.section(section).doc);
            items.push(NavItem {
                title: l.title,
                url: l.url,
                depth: level,
                is_section: true,
                open: false,
                group: false,
                number: None,
                more: Some(entries.len()),
                opens: false,
                closes: 0,
            });
        }
    }
}

fn group(title: String, depth: usize) -> NavItem {
    NavItem {
        title,
        url: String::new(),
        depth,
        is_section: false,
        open: false,
        group: true,
        number: None,
        more: None,
        opens: false,
        closes: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::{NavItem, nest, window};

    /// The nested lists `nest` describes, written out: `(` opens a list in
    /// the row before it, `)` ends one.
    fn nested(depths: &[usize]) -> String {
        let mut items: Vec<NavItem> = depths
            .iter()
            .map(|&depth| NavItem {
                title: depth.to_string(),
                url: String::new(),
                depth,
                is_section: false,
                open: false,
                group: false,
                number: None,
                more: None,
                opens: false,
                closes: 0,
            })
            .collect();
        nest(&mut items);
        items.iter().map(|i| format!("{}{}{}", i.title, if i.opens { "(" } else { "" }, ")".repeat(i.closes))).collect()
    }

    #[test]
    fn rows_nest_under_the_nearest_shallower_row() {
        assert_eq!(nested(&[0, 0, 1, 1, 2, 0]), "00(11(2))0");
        assert_eq!(nested(&[0, 1, 2, 2]), "0(1(22))");
        // A jump of two levels nests one level, under the row above.
        assert_eq!(nested(&[0, 2, 1, 0]), "0(21)0");
        assert_eq!(nested(&[1, 0]), "10");
        assert_eq!(nested(&[]), "");
    }

    #[test]
    fn short_lists_are_whole() {
        assert_eq!(window(5, Some(3), 20), 0..5);
        assert_eq!(window(500, Some(300), 0), 0..500);
    }

    #[test]
    fn the_open_entry_is_inside_its_window_away_from_the_edges() {
        for n in [21, 40, 100, 1000] {
            for at in 0..n {
                let w = window(n, Some(at), 20);
                assert_eq!(w.len(), 20);
                assert!(w.contains(&at), "{n} {at} {w:?}");
                // At least a quarter of the window on each side, unless the
                // list ends there.
                assert!(at - w.start >= 5 || w.start == 0, "{n} {at} {w:?}");
                assert!(w.end - at > 5 || w.end == n, "{n} {at} {w:?}");
            }
        }
    }

    #[test]
    fn a_section_has_few_distinct_windows() {
        let starts: std::collections::BTreeSet<usize> = (0..100).map(|at| window(100, Some(at), 20).start).collect();
        assert_eq!(starts.into_iter().collect::<Vec<_>>(), vec![0, 10, 20, 30, 40, 50, 60, 70, 80]);
    }
}
