//! Pieces of the Markdown pass that need no pass state: writing events into
//! body parts, the table of contents, recognising other tools' syntax.

use std::cell::RefCell;

use pulldown_cmark::{BlockQuoteKind, Event};

use super::{Heading, Part, TocEntry};
use crate::util::{escape_attr, escape_html};

/// A place in the event stream where something is put that the writer
/// does not know: an issue's state (filled at render) or the table of
/// contents (known when the parse ends).
pub(super) enum Cut {
    Issue(String, u64),
    Toc,
}

/// Writes the events as HTML, cut into parts at each issue position.
pub(super) fn write_parts(events: Vec<Event>, cuts: Vec<(usize, Cut)>, toc: &str, size_hint: usize) -> Vec<Part> {
    if cuts.is_empty() {
        let mut html = String::with_capacity(size_hint * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        return vec![Part::Html(html)];
    }
    // pulldown-cmark writes each event before it asks for the next, so when
    // the iterator hands out event `i`, everything before it is written:
    // that is where the part ends. One writer keeps table and footnote state.
    let sink = RefCell::new((Vec::new(), String::with_capacity(size_hint * 3 / 2)));
    let mut cuts = cuts.into_iter().peekable();
    let iter = events.into_iter().enumerate().map(|(i, e)| {
        while let Some((_, cut)) = cuts.next_if(|c| c.0 == i) {
            let mut s = sink.borrow_mut();
            match cut {
                Cut::Issue(repo, number) => {
                    let html = std::mem::take(&mut s.1);
                    s.0.push(Part::Html(html));
                    s.0.push(Part::IssueState { repo, number });
                }
                // Known only once every heading was read: written here.
                Cut::Toc => s.1.push_str(toc),
            }
        }
        e
    });
    let _ = pulldown_cmark::html::write_html_fmt(SinkWriter(&sink), iter);
    let (mut parts, rest) = sink.into_inner();
    parts.push(Part::Html(rest));
    parts
}

struct SinkWriter<'s>(&'s RefCell<(Vec<Part>, String)>);

impl std::fmt::Write for SinkWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().1.push_str(s);
        Ok(())
    }
}

/// What kind of foreign template syntax starts `s`, if any.
pub(super) fn shortcode_kind(s: &str) -> Option<&'static str> {
    let ident_then = |rest: &str, next: char| {
        let rest = rest.trim_start();
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        name_len > 0 && rest[name_len..].trim_start().starts_with(next)
    };
    if s.starts_with("{{<") || s.starts_with("{{%") {
        Some("a Hugo shortcode")
    } else if s.starts_with("{{#") {
        Some("an mdBook directive")
    } else if let Some(rest) = s.strip_prefix("{{") {
        ident_then(rest, '(').then_some("a Zola shortcode")
    } else if let Some(rest) = s.strip_prefix("{%") {
        let rest = rest.trim_start_matches('-').trim_start();
        (rest.starts_with(|c: char| c.is_ascii_alphabetic())).then_some("a template tag")
    } else {
        None
    }
}

pub(super) fn is_toc_marker(source: &str) -> bool {
    matches!(source.trim(), "[[_TOC_]]" | "[TOC]" | "[[TOC]]")
}

/// The table of contents as a nested list, for `[[_TOC_]]`.
pub(super) fn toc_html(toc: &[TocEntry]) -> String {
    fn list(entries: &[TocEntry], out: &mut String) {
        out.push_str("<ul>");
        for e in entries {
            out.push_str(&format!("<li><a href=\"#{}\">{}</a>", escape_attr(e.id), escape_html(e.title)));
            if !e.children.is_empty() {
                list(&e.children, out);
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    let mut out = String::from("<nav class=\"toc-inline\" aria-label=\"Contents\">");
    list(toc, &mut out);
    out.push_str("</nav>\n");
    out
}

pub(super) fn build_toc(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    fn insert<'a>(list: &mut Vec<TocEntry<'a>>, entry: TocEntry<'a>) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut root = Vec::new();
    for h in headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        insert(&mut root, TocEntry { level: h.level, id: &h.id, title: &h.text, children: vec![] });
    }
    root
}

/// Line numbers and highlighted lines asked for in a fence's info string,
/// spelled the ways other tools spell them: Docusaurus `{2,4-6}` and
/// `showLineNumbers`, Hugo `{linenos=table,hl_lines=[2,"4-6"]}`, Zola
/// `linenos, hl_lines=2 4-6`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FenceOpts {
    pub(super) linenos: bool,
    pub(super) start: usize,
    pub(super) highlight: Vec<(usize, usize)>,
}

pub(super) fn fence_opts(info: &str) -> FenceOpts {
    let rest = info.trim().split_once(|c: char| c.is_whitespace() || c == ',' || c == '{').map_or("", |(_, r)| r);
    let rest = if info.trim_start().starts_with('{') { info } else { rest };
    let mut o = FenceOpts { start: 1, ..Default::default() };
    let lower = rest.to_ascii_lowercase();
    o.linenos = (lower.contains("linenos") && !lower.contains("linenos=false") && !lower.contains("linenos = false"))
        || lower.contains("showlinenumbers");
    let number_after = |key: &str| {
        let i = lower.find(key)? + key.len();
        let digits: String =
            lower[i..].trim_start_matches(['=', ' ', '"']).chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<usize>().ok()
    };
    if let Some(n) = number_after("linenostart").or_else(|| number_after("showlinenumbers=")) {
        o.start = n.max(1);
    }
    let ranges = |spec: &str| -> Vec<(usize, usize)> {
        spec.split([',', ' ', '[', ']', '"', '\''])
            .filter(|t| !t.is_empty())
            .filter_map(|t| match t.split_once('-') {
                Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
                None => t.parse().ok().map(|n| (n, n)),
            })
            .collect()
    };
    if let Some(i) = lower.find("hl_lines") {
        let v = lower[i + "hl_lines".len()..].trim_start_matches([' ', '=']);
        let spec = if let Some(list) = v.strip_prefix('[') {
            list.split(']').next().unwrap_or("")
        } else if let Some(q) = v.strip_prefix('"') {
            q.split('"').next().unwrap_or("")
        } else {
            v.split(|c: char| c.is_ascii_alphabetic() || c == '}').next().unwrap_or("")
        };
        o.highlight = ranges(spec);
    } else if let Some(open) = rest.find('{') {
        let inner = rest[open + 1..].split('}').next().unwrap_or("");
        if inner.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | ' ')) {
            o.highlight = ranges(inner);
        }
    }
    o
}

/// Smart punctuation replaces `'`, `"`, `--`, `...`; GitHub's ids are made
/// from what the author typed.
pub(super) fn is_smart_punct(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '‘' | '’' | '“' | '”' | '–' | '—' | '…'))
}

pub(super) fn fence_language(info: &str) -> &str {
    let info = info.trim();
    let end = info.find(|c: char| c.is_whitespace() || c == ',' || c == '{').unwrap_or(info.len());
    info[..end].trim_start_matches('.')
}

pub(super) fn alert_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The opening of a callout: GitHub's `> [!NOTE]` and every other tool's
/// admonition. `title` is HTML (escaped by the caller); empty, no title.
pub(super) fn callout_div(class: &str, title: &str) -> String {
    let title = if title.is_empty() { String::new() } else { format!("<p class=\"callout-title\">{title}</p>") };
    format!("<div class=\"callout callout-{class}\" role=\"note\">{title}\n")
}

/// Raw HTML from the source left out: a block becomes a comment saying so,
/// inline HTML nothing (`[markdown] unsafe_html = false`, untrusted sources).
/// The ids it gave stay, as empty elements with nothing but an escaped id:
/// `## Setup<a id='setup'></a>` is how notebooks and GitHub READMEs make
/// anchors, and links to them must still land.
pub(super) fn raw_html(e: pulldown_cmark::Event<'_>, strip: bool) -> pulldown_cmark::Event<'_> {
    use pulldown_cmark::Event;
    let anchors = |html: &str| -> String {
        super::html::anchor_ids(html)
            .iter()
            .map(|id| format!("<a id=\"{}\"></a>", crate::util::escape::escape_attr(id)))
            .collect()
    };
    match e {
        // A callout marker the load stage wrote (or one written by hand,
        // which renders the same escaped callout and nothing else).
        Event::Html(h) if h.trim_start().starts_with(crate::load::dialect::PREFIX) => Event::Html(h),
        Event::Html(h) if strip => Event::Html(format!("{}<!-- raw HTML omitted -->\n", anchors(&h)).into()),
        Event::InlineHtml(h) if strip => Event::InlineHtml(anchors(&h).into()),
        other => other,
    }
}

/// Raw HTML that shows nothing: comments, and empty anchors
/// (`<a id="top"></a>`, `<a name="x"></a>`).
pub(super) fn is_invisible(html: &str) -> bool {
    let mut rest = html.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            let Some(end) = r.find("-->") else { return false };
            rest = r[end + 3..].trim_start();
        } else if rest.starts_with("<a ") || rest.starts_with("<span ") {
            let Some(open) = rest.find('>') else { return false };
            let close = if rest.starts_with("<a ") { "</a>" } else { "</span>" };
            match rest[open + 1..].trim_start().strip_prefix(close) {
                Some(r) => rest = r.trim_start(),
                None => return false,
            }
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod fence_tests {
    use super::*;

    #[test]
    fn spellings() {
        let f = |s: &str| fence_opts(s);
        assert_eq!(f("rust {2,4-6}").highlight, [(2, 2), (4, 6)]);
        assert!(f("js showLineNumbers").linenos);
        assert_eq!(f("js showLineNumbers=5").start, 5);
        let h = f("go {linenos=table,hl_lines=[2,\"4-6\"],linenostart=10}");
        assert_eq!((h.linenos, h.start, h.highlight), (true, 10, vec![(2, 2), (4, 6)]));
        let z = f("rust,linenos,hl_lines=1 3-5");
        assert_eq!((z.linenos, z.highlight), (true, vec![(1, 1), (3, 5)]));
        assert_eq!(f("bash"), FenceOpts { start: 1, ..Default::default() });
        assert!(!f("py {linenos=false}").linenos);
    }
}
