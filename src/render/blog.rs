//! Posts and feeds: a section whose index says `sort_by: date` is a blog
//! (newest first, an Atom feed at `<section>/atom.xml`); every tag gets a
//! page at `tags/<slug>/` with its own feed, and `tags/` lists them all.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{Card, Link, PageInputs};
use crate::load::{DocId, DocKind, SortBy};
use crate::util::escape_html;

/// Entries in a feed.
const FEED_ENTRIES: usize = 20;
/// Words read per minute, for a post's reading time.
const WORDS_PER_MINUTE: usize = 200;

/// A tag with the pages that carry it, newest first.
pub(super) struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<DocId>,
}

#[derive(Serialize)]
struct TagRow {
    name: String,
    url: String,
    count: usize,
}

impl PageInputs<'_> {
    /// Words in a page's text.
    pub(super) fn words(&self, doc: DocId) -> usize {
        self.parsed.doc(doc).words
    }

    /// Whether a document is a blog's index (its section sorts by date).
    fn is_blog(&self, doc: DocId) -> bool {
        self.loaded.doc(doc).front.sort_by == Some(SortBy::Date)
    }

    /// The documents some feed shows in full (a blog's or a tag's newest):
    /// the bodies a build keeps until the feeds are made.
    pub(crate) fn fed(&self) -> std::collections::HashSet<DocId> {
        let mut fed = std::collections::HashSet::new();
        for (_, doc) in self.loaded.docs().filter(|&(d, _)| self.is_blog(d)) {
            if let DocKind::Section(s) = doc.kind {
                fed.extend(self.parsed.order().pages(s).iter().take(FEED_ENTRIES));
            }
        }
        for t in self.tags() {
            fed.extend(t.pages.into_iter().take(FEED_ENTRIES));
        }
        fed
    }

    /// The Atom feed of the blog a document is, or is a post of.
    pub(super) fn feed_of(&self, doc: DocId) -> Option<Link> {
        let d = self.loaded.doc(doc);
        let blog = match d.kind {
            DocKind::Section(_) => doc,
            DocKind::Page => self.loaded.section(d.section).doc,
        };
        self.is_blog(blog).then(|| {
            let Link { title, url } = self.link(blog);
            Link { title, url: format!("{url}atom.xml") }
        })
    }

    /// A page's tags, each linking to its tag page.
    pub(super) fn tag_links(&self, doc: DocId) -> Vec<Link> {
        let tags = &self.loaded.doc(doc).front.tags;
        tags.iter()
            .map(|t| Link { title: t.clone(), url: format!("{}tags/{}/", self.base_path, tag_slug(t)) })
            .collect()
    }

    /// Every tag of the site (by slug; tags differing only in case or
    /// punctuation are one), its pages newest first, hidden pages left out.
    pub(super) fn tags(&self) -> Vec<Tag> {
        let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
        for (d, doc) in self.loaded.docs().filter(|(_, doc)| !doc.front.hidden) {
            for t in &doc.front.tags {
                let slug = tag_slug(t);
                let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag { name: t.clone(), slug, pages: vec![] });
                if !tag.pages.contains(&d) {
                    tag.pages.push(d);
                }
            }
        }
        let mut tags: Vec<Tag> = by_slug.into_values().collect();
        for t in &mut tags {
            t.pages.sort_by_cached_key(|&d| crate::parse::newest_first(self.loaded, &self.parsed.doc(d).title, d));
        }
        tags
    }

    /// The `page` value of the tag list (`tags/`).
    pub(super) fn tags_page_value(&self, title: &str, tags: &[Tag], description: &str) -> serde_json::Value {
        let rows: Vec<TagRow> = tags
            .iter()
            .map(|t| TagRow {
                name: t.name.clone(),
                url: format!("{}tags/{}/", self.base_path, t.slug),
                count: t.pages.len(),
            })
            .collect();
        serde_json::json!({
            "kind": "tags", "title": title, "description": description,
            "url": format!("{}tags/", self.base_path), "permalink": format!("{}tags/", self.base_url),
            "tags": rows,
        })
    }

    /// The `page` value of one tag's page.
    pub(super) fn tag_page_value(&self, title: &str, tags: &str, tag: &Tag, description: &str) -> serde_json::Value {
        let url = format!("{}tags/{}/", self.base_path, tag.slug);
        let pages: Vec<Card> = tag.pages.iter().map(|&d| self.card(d)).collect();
        serde_json::json!({
            "kind": "tag", "title": title, "name": tag.name,
            "description": description, "permalink": format!("{}tags/{}/", self.base_url, tag.slug),
            "feed": format!("{url}atom.xml"), "feed_title": title, "url": url, "pages": pages,
            "breadcrumbs": [{"title": tags, "url": format!("{}tags/", self.base_path)}],
        })
    }

    /// The blogs' and tags' Atom feeds, as (output path, XML).
    pub(super) fn feeds(&self, site_title: &str, tags: &[Tag]) -> Vec<(String, String)> {
        let mut feeds = Vec::new();
        for (d, doc) in self.loaded.docs().filter(|&(d, _)| self.is_blog(d)) {
            let DocKind::Section(s) = doc.kind else { continue };
            let title = format!("{site_title}: {}", self.parsed.doc(d).title);
            let xml = self.atom(site_title, &title, &doc.path, self.parsed.order().pages(s));
            feeds.push((format!("{}atom.xml", doc.path), xml));
        }
        for t in tags {
            let path = format!("tags/{}/", t.slug);
            let title = format!("{site_title}: {}", t.name);
            feeds.push((format!("{path}atom.xml"), self.atom(site_title, &title, &path, &t.pages)));
        }
        feeds
    }

    /// An Atom feed of `pages` (newest first already) for the page at `path`.
    fn atom(&self, site_title: &str, title: &str, path: &str, pages: &[DocId]) -> String {
        let page_url = self.permalink(path);
        let feed_url = format!("{page_url}atom.xml");
        let stamp = |d: DocId| {
            let doc = self.loaded.doc(d);
            atom_time(doc.front.date.as_deref().or(doc.updated.as_deref()).unwrap_or("1970-01-01"))
        };
        let changed = |d: DocId| {
            let doc = self.loaded.doc(d);
            atom_time(doc.updated.as_deref().or(doc.front.date.as_deref()).unwrap_or("1970-01-01"))
        };
        let shown = &pages[..pages.len().min(FEED_ENTRIES)];
        let updated = shown.iter().map(|&d| changed(d).max(stamp(d))).max().unwrap_or_else(|| atom_time("1970-01-01"));
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{}\">\n\
             <title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{updated}</updated>\n\
             <author><name>{}</name></author>\n<generator>opsite</generator>\n",
            escape_html(self.base_url),
            escape_html(title),
            escape_html(&feed_url),
            escape_html(&feed_url),
            escape_html(&page_url),
            escape_html(site_title),
        );
        for &d in shown {
            let doc = self.loaded.doc(d);
            let url = self.permalink(&doc.path);
            let authors: String = doc
                .front
                .authors
                .iter()
                .map(|a| format!("<author><name>{}</name></author>\n", escape_html(a)))
                .collect();
            let categories: String =
                doc.front.tags.iter().map(|t| format!("<category term=\"{}\"/>\n", escape_html(t))).collect();
            let body = super::context::parts_html(&self.parsed.doc(d).body, self.snapshot);
            xml.push_str(&format!(
                "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<published>{}</published>\n\
                 <updated>{}</updated>\n{authors}{categories}<summary>{}</summary>\n\
                 <content type=\"html\">{}</content>\n</entry>\n",
                escape_html(&self.parsed.doc(d).title),
                escape_html(&url),
                escape_html(&url),
                stamp(d),
                changed(d).max(stamp(d)),
                escape_html(&self.description(d)),
                escape_html(&body),
            ));
        }
        xml.push_str("</feed>\n");
        xml
    }
}

/// Minutes to read `words` words (at least one).
pub(super) fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// A tag's URL segment: its heading-style slug, or `tag` when nothing is left.
pub(super) fn tag_slug(tag: &str) -> String {
    let s = crate::parse::slug::slug(tag.trim());
    if s.is_empty() || s.chars().all(|c| c == '-') { "tag".into() } else { s }
}

/// A frontmatter date (`YYYY-MM-DD`, maybe with a time) as an Atom timestamp.
fn atom_time(date: &str) -> String {
    let day = date.get(..10).unwrap_or("1970-01-01");
    match date.get(11..19).filter(|t| t.as_bytes()[2] == b':' && t.as_bytes()[5] == b':') {
        Some(time) => {
            // The date's own offset where it has one, else UTC.
            let zone = &date[19..];
            let offset = zone.len() == 6 && (zone.starts_with('+') || zone.starts_with('-'));
            format!("{day}T{time}{}", if offset { zone } else { "Z" })
        }
        None => format!("{day}T00:00:00Z"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_slugs_and_atom_times() {
        assert_eq!(tag_slug("Open Data Hub"), "open-data-hub");
        assert_eq!(tag_slug("SRE!"), "sre");
        assert_eq!(tag_slug("!!!"), "tag");
        assert_eq!(atom_time("2026-11-25"), "2026-11-25T00:00:00Z");
        assert_eq!(atom_time("2026-11-25T10:30:00+01:00"), "2026-11-25T10:30:00+01:00");
        assert_eq!(atom_time("2026-11-25T10:30:00"), "2026-11-25T10:30:00Z");
        assert_eq!(atom_time("2026-11-25 10:30"), "2026-11-25T00:00:00Z");
    }
}
