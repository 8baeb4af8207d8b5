//! One pass over a document's Markdown events: GitHub-flavoured HTML with
//! GitHub heading ids, rewritten links, highlighted code and alert
//! callouts, and the facts found on the way.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::pieces::{
    Cut, alert_label, build_toc, fence_language, is_smart_punct, is_toc_marker, shortcode_kind, toc_html, write_parts,
};
use super::slug::Slugger;
use super::{Link, LinkTarget, ParseContext, ParsedDoc};
use crate::load::{Doc, DocId, Loaded};
use crate::report::Diagnostic;
use crate::util::pos::LineIndex;
use crate::util::refs;
use crate::util::{escape_attr, escape_html, markdown_options};

mod blocks;
#[cfg(test)]
mod tests;

/// Parses document `id` of `loaded`.
pub(super) fn parse(ctx: &ParseContext, loaded: &Loaded, id: DocId) -> ParsedDoc {
    let doc = loaded.doc(id);
    let mut p = Pass {
        ctx,
        doc,
        id,
        lines: LineIndex::new(&doc.body, doc.body_line),
        out: ParsedDoc::default(),
        slugger: Slugger::default(),
        events: Vec::new(),
        cuts: Vec::new(),
        code_ranges: Vec::new(),
        fence: Default::default(),
        dropped: Vec::new(),
        callouts: Vec::new(),
        tab_groups: 0,
        tab_code: None,
    };
    p.run();
    p.finish()
}

/// State of one pass over one document.
struct Pass<'a, 'c> {
    ctx: &'c ParseContext<'c>,
    doc: &'a Doc,
    id: DocId,
    lines: LineIndex,
    out: ParsedDoc,
    slugger: Slugger,
    events: Vec<Event<'a>>,
    /// Event positions where an issue's title and state go, in order.
    cuts: Vec<(usize, Cut)>,
    /// Line numbers and highlighted lines of the code block being read.
    fence: super::pieces::FenceOpts,
    /// Byte ranges of code in the body, where `{{…}}` is just text.
    code_ranges: Vec<std::ops::Range<usize>>,
    /// Per link or image open, whether it was dropped for its scheme (so
    /// its end is dropped too).
    dropped: Vec<bool>,
    /// How the callouts and tabs of other tools opened so far close.
    callouts: Vec<Closer>,
    /// Tab groups so far (their ids are numbered in the page).
    tab_groups: usize,
    /// The language of the code the open tab holds (Docsy's code tabs).
    tab_code: Option<String>,
}

/// How something the load stage's markers opened is closed.
enum Closer {
    Html(&'static str),
    Tab,
    Tabs(TabGroup),
}

/// A tab group being read: the event its tab list goes in, its number in
/// the page, its sync key, its tabs' labels, the one shown first, and
/// whether a tab outside any group opened it (and closes it).
struct TabGroup {
    at: usize,
    n: usize,
    group: String,
    labels: Vec<String>,
    selected: Option<usize>,
    implicit: bool,
}

/// Something in text that becomes a link.
enum Found {
    Issue(String, u64),
    Url(String),
}

#[derive(PartialEq, Eq)]
enum Summary {
    Looking,
    In,
    Done,
}

struct HeadingBuf<'a> {
    level: HeadingLevel,
    explicit: Option<String>,
    classes: Vec<String>,
    text: String,
    events: Vec<Event<'a>>,
    /// Body offset where it starts.
    at: usize,
}

/// An HTML block being collected: its text and, per piece, where the piece
/// starts in the text and in the body.
struct HtmlBlock {
    text: String,
    pieces: Vec<(usize, usize)>,
}

impl<'a> Pass<'a, '_> {
    fn run(&mut self) {
        let body: &'a str = &self.doc.body;
        let strip = !self.ctx.keeps_raw_html(self.doc.src.origin());
        let parser = Parser::new_ext(body, markdown_options(self.ctx.smart_punctuation))
            .into_offset_iter()
            .map(move |(e, r)| (super::pieces::raw_html(e, strip), r));
        let mut heading: Option<HeadingBuf<'a>> = None;
        let mut code: Option<(String, usize, String)> = None; // (lang, offset, text)
        let mut html_block: Option<HtmlBlock> = None;
        let mut first_block = true;
        let mut summary = Summary::Looking;
        let mut in_link = 0usize;
        let mut html_links = 0usize;
        let mut skip_paragraph = false;
        let mut issue_link: Option<(String, u64)> = None;

        for (event, range) in parser {
            if let Some(h) = heading.as_mut() {
                match event {
                    Event::End(TagEnd::Heading(_)) => {
                        if let Some(h) = heading.take() {
                            self.finish_heading(h, first_block);
                        }
                        first_block = false;
                    }
                    Event::Text(ref t) => {
                        let raw = &body[range.clone()];
                        h.text.push_str(if self.ctx.smart_punctuation && is_smart_punct(t) { raw } else { t });
                        h.events.push(event);
                    }
                    Event::Code(ref t) => {
                        h.text.push_str(t);
                        h.events.push(event);
                    }
                    Event::Start(Tag::Link { ref dest_url, .. }) | Event::Start(Tag::Image { ref dest_url, .. })
                        if self.dangerous(dest_url, matches!(event, Event::Start(Tag::Image { .. })), range.start) => {}
                    Event::Start(Tag::Link { link_type, dest_url, title, id: link_id }) => {
                        let dest = self.rewrite(link_type, dest_url, range.clone());
                        h.events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id: link_id }));
                    }
                    Event::Start(Tag::Image { link_type, dest_url, title, id: img_id }) => {
                        let dest = self.rewrite(link_type, dest_url, range.clone());
                        h.events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id: img_id }));
                    }
                    Event::End(TagEnd::Link | TagEnd::Image) if self.dropped.pop().unwrap_or(false) => {}
                    // `## <a name="setup"></a>Setup`: ids in the heading's
                    // HTML are anchors too, as on GitHub.
                    Event::InlineHtml(ref html) => {
                        let html = self.raw_html(html, |at| range.start + at);
                        h.events.push(Event::InlineHtml(html.into()));
                    }
                    other => h.events.push(other),
                }
                continue;
            }
            if let Some((_, _, text)) = code.as_mut() {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, start, text) = code.take().unwrap_or_default();
                        self.out.add_block_text(&text);
                        let html = self.code_block(&lang, &text, start);
                        self.events.push(Event::Html(html.into()));
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(block) = html_block.as_mut() {
                match event {
                    Event::Html(h) => {
                        block.pieces.push((block.text.len(), range.start));
                        block.text.push_str(&h);
                    }
                    Event::End(TagEnd::HtmlBlock) => {
                        let block =
                            html_block.take().unwrap_or_else(|| HtmlBlock { text: String::new(), pieces: vec![] });
                        if block.text.trim_start().starts_with(crate::load::dialect::PREFIX) {
                            self.markers(block.text.trim());
                            self.events.push(event);
                            continue;
                        }
                        // A comment or an empty anchor before the page's `#`
                        // heading leaves it the first block.
                        if first_block {
                            first_block = super::pieces::is_invisible(&block.text);
                        }
                        let html = self.raw_html(&block.text, |at| {
                            let i = block.pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
                            block.pieces.get(i).map_or(0, |&(text_at, body_at)| body_at + (at - text_at))
                        });
                        self.events.push(Event::Html(html.into()));
                        self.events.push(event);
                    }
                    other => self.events.push(other),
                }
                continue;
            }
            if skip_paragraph {
                skip_paragraph = !matches!(event, Event::End(TagEnd::Paragraph));
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, id: explicit, classes, attrs: _ }) => {
                    heading = Some(HeadingBuf {
                        level,
                        explicit: explicit.map(|s| s.to_string()),
                        classes: classes.iter().map(|c| c.to_string()).collect(),
                        text: String::new(),
                        events: Vec::new(),
                        at: range.start,
                    });
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    first_block = false;
                    self.code_ranges.push(range.clone());
                    let mut fence = super::pieces::FenceOpts::default();
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            fence = super::pieces::fence_opts(&info);
                            fence_language(&info).to_string()
                        }
                        // A code tab's lines are indented code; the tab says the language.
                        CodeBlockKind::Indented => self.tab_code.take().unwrap_or_default(),
                    };
                    self.fence = fence;
                    code = Some((lang, range.start, String::new()));
                }
                Event::Start(Tag::HtmlBlock) => {
                    html_block = Some(HtmlBlock { text: String::new(), pieces: Vec::new() });
                    self.events.push(event);
                }
                Event::Start(Tag::Link { ref dest_url, .. }) if self.dangerous(dest_url, false, range.start) => {
                    in_link += 1;
                }
                Event::Start(Tag::Image { ref dest_url, .. }) if self.dangerous(dest_url, true, range.start) => {}
                Event::End(TagEnd::Link) if self.dropped.last() == Some(&true) => {
                    self.dropped.pop();
                    in_link -= 1;
                }
                Event::End(TagEnd::Image) if self.dropped.pop().unwrap_or(false) => {}
                Event::Start(Tag::Link { link_type, dest_url, title, id: link_id }) => {
                    in_link += 1;
                    if self.ctx.issue_refs.is_some()
                        && let Some((repo, n)) = refs::parse_url(&dest_url)
                    {
                        let title_attr = if title.is_empty() {
                            String::new()
                        } else {
                            format!(" title=\"{}\"", escape_attr(&title))
                        };
                        let html = format!(
                            "<a class=\"issue-ref\" href=\"{}\"{title_attr} data-issue=\"{repo}#{n}\">",
                            escape_attr(&dest_url)
                        );
                        self.events.push(Event::Html(html.into()));
                        self.out.issue_refs.insert((repo.clone(), n));
                        issue_link = Some((repo, n));
                        continue;
                    }
                    // `[](label)`: MyST writes the target's title in.
                    let text = body[range.clone()]
                        .starts_with("[]")
                        .then(|| self.ctx.resolver.link_text(self.id, &dest_url))
                        .flatten();
                    let dest = self.rewrite(link_type, dest_url, range.clone());
                    self.events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id: link_id }));
                    if let Some(text) = text {
                        self.out.add_text(&text);
                        self.events.push(Event::Text(text.into()));
                    }
                }
                Event::End(TagEnd::Link) => {
                    in_link -= 1;
                    self.dropped.pop();
                    match issue_link.take() {
                        Some((repo, n)) => {
                            self.cut(repo, n);
                            self.events.push(Event::Html("</a>".into()));
                        }
                        None => self.events.push(event),
                    }
                }
                Event::Text(t) if in_link == 0 && html_links == 0 => {
                    if summary == Summary::In && self.out.summary.len() < 300 {
                        self.out.summary.push_str(&t);
                    }
                    self.out.add_text(&t);
                    self.text(t, range.start);
                }
                Event::InlineMath(ref tex) => {
                    let html = self.math(tex, false, range.start);
                    self.events.push(Event::InlineHtml(html.into()));
                }
                Event::DisplayMath(ref tex) => {
                    let html = self.math(tex, true, range.start);
                    self.events.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id: img_id }) => {
                    let dest = self.rewrite(link_type, dest_url, range.clone());
                    self.events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id: img_id }));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    first_block = false;
                    let (class, label) = alert_label(kind);
                    self.events.push(Event::Html(super::pieces::callout_div(class, label).into()));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => self.events.push(Event::Html("</div>\n".into())),
                Event::Start(Tag::Table(aligns)) => {
                    first_block = false;
                    self.events.push(Event::Html("<div class=\"table-wrap\" tabindex=\"0\">".into()));
                    self.events.push(Event::Start(Tag::Table(aligns)));
                }
                Event::End(TagEnd::Table) => {
                    self.events.push(Event::End(TagEnd::Table));
                    self.events.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::FootnoteDefinition(ref name)) => {
                    self.out.ids.insert(name.to_string());
                    self.events.push(event);
                }
                Event::InlineHtml(ref h) => {
                    // Text inside an `<a>` written in HTML is not autolinked.
                    let tag = h.trim_start().to_ascii_lowercase();
                    if tag.starts_with("<a ") || tag == "<a>" {
                        html_links += 1;
                    } else if tag.starts_with("</a") {
                        html_links = html_links.saturating_sub(1);
                    }
                    let html = self.raw_html(h, |at| range.start + at);
                    self.events.push(Event::InlineHtml(html.into()));
                }
                // GitLab's `[[_TOC_]]` (and `[TOC]`): the table of contents.
                Event::Start(Tag::Paragraph) if is_toc_marker(&body[range.clone()]) => {
                    first_block = false;
                    skip_paragraph = true;
                    self.cuts.push((self.events.len(), Cut::Toc));
                    self.events.push(Event::InlineHtml(CowStr::Borrowed("")));
                }
                Event::Start(Tag::Paragraph) => {
                    first_block = false;
                    if summary == Summary::Looking {
                        summary = Summary::In;
                    }
                    self.events.push(event);
                }
                Event::End(TagEnd::Paragraph) => {
                    if summary == Summary::In {
                        summary = Summary::Done;
                    }
                    self.out.text_break();
                    self.events.push(event);
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    if matches!(event, Event::Code(_)) {
                        self.code_ranges.push(range.clone());
                    }
                    if summary == Summary::In && self.out.summary.len() < 300 {
                        self.out.summary.push_str(t);
                    }
                    self.out.add_text(t);
                    self.events.push(event);
                }
                // A line break is a space between words, in the summary and
                // in the search text ("component 5\nand" is not "5and").
                Event::SoftBreak | Event::HardBreak => {
                    if summary == Summary::In && self.out.summary.len() < 300 {
                        self.out.summary.push(' ');
                    }
                    self.out.add_text(" ");
                    self.events.push(event);
                }
                Event::Start(_) => {
                    first_block = false;
                    self.events.push(event);
                }
                other => {
                    self.out.break_after(&other);
                    self.events.push(other)
                }
            }
        }
        while !self.callouts.is_empty() {
            self.close_container();
        }
    }

    /// Text outside links (at body offset `at`): issue references and bare
    /// URLs become links, as GitHub shows them; anything else stays the
    /// text event it was.
    fn text(&mut self, text: CowStr<'a>, at: usize) {
        let t: &str = &text;
        let mut found: Vec<(usize, usize, Found)> = Vec::new();
        if self.ctx.issue_refs.is_some() {
            for f in refs::find(t, self.ctx.issue_refs.flatten()) {
                found.push((f.start, f.end, Found::Issue(f.repo, f.number)));
            }
        }
        // GitHub's extended autolinks. Nearly all text has no "://", "www."
        // or `@`: SIMD searches keep the finder off it.
        let b = t.as_bytes();
        if memchr::memmem::find(b, b"://").is_some()
            || memchr::memchr(b'@', b).is_some()
            || memchr::memmem::find(b, b"www.").is_some()
        {
            let mut finder = linkify::LinkFinder::new();
            finder.url_must_have_scheme(false);
            for l in finder.links(t) {
                if found.iter().any(|(s, e, _)| l.start() < *e && *s < l.end()) {
                    continue;
                }
                let href = match l.kind() {
                    linkify::LinkKind::Email => format!("mailto:{}", l.as_str()),
                    _ if !l.as_str().contains("://") => format!("http://{}", l.as_str()),
                    _ => l.as_str().to_string(),
                };
                let scheme_ok =
                    href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:");
                if scheme_ok {
                    found.push((l.start(), l.end(), Found::Url(href)));
                }
            }
        }
        if found.is_empty() {
            self.events.push(Event::Text(text));
            return;
        }
        found.sort_by_key(|f| f.0);
        let mut last = 0;
        for (start, end, what) in found {
            let before = escape_html(&t[last..start]);
            let text = escape_html(&t[start..end]);
            match what {
                Found::Issue(repo, n) => {
                    let html = format!(
                        "{before}<a class=\"issue-ref\" href=\"https://github.com/{repo}/issues/{n}\" data-issue=\"{repo}#{n}\">{text}"
                    );
                    self.events.push(Event::InlineHtml(html.into()));
                    self.out.issue_refs.insert((repo.clone(), n));
                    self.cut(repo, n);
                    self.events.push(Event::InlineHtml("</a>".into()));
                }
                Found::Url(href) => {
                    self.external(&href, at + start);
                    let html = format!("{before}<a href=\"{}\">{text}</a>", escape_attr(&href));
                    self.events.push(Event::InlineHtml(html.into()));
                }
            }
            last = end;
        }
        self.events.push(Event::InlineHtml(escape_html(&t[last..]).into()));
    }

    /// Marks the current position as the place of an issue's title and state.
    fn cut(&mut self, repo: String, number: u64) {
        self.cuts.push((self.events.len(), Cut::Issue(repo, number)));
        // An empty event, so the cut has a position of its own.
        self.events.push(Event::InlineHtml(CowStr::Borrowed("")));
    }

    /// Other tools' shortcodes and template tags outside code are shown
    /// as written: each is a warning, so none goes unnoticed.
    fn foreign_syntax(&mut self) {
        let body = self.doc.body.as_str();
        if !body.contains("{{") && !body.contains("{%") {
            return;
        }
        let mut from = 0;
        while let Some(i) = body[from..].find('{').map(|i| from + i) {
            from = i + 1;
            // Code ranges come in document order: the last one starting at
            // or before `i` is the only one that can hold it.
            let before = self.code_ranges.partition_point(|r| r.start <= i);
            if before > 0 && self.code_ranges[before - 1].contains(&i) {
                continue;
            }
            let Some(what) = shortcode_kind(&body[i..]) else { continue };
            let close = match body.as_bytes()[i..].get(..3) {
                Some(b"{{<") => ">}}",
                Some(b"{{%") => "%}}",
                Some([b'{', b'%', _]) => "%}",
                _ => "}}",
            };
            // A shortcode closes on its line, and within a few KB: looking
            // to the end of a 1 MB line for each of 100,000 shortcodes was
            // quadratic.
            let mut window = (i + 4096).min(body.len());
            while !body.is_char_boundary(window) {
                window -= 1;
            }
            let line_end = body[i..window].find('\n').map_or(window, |n| i + n);
            let end = body[i..line_end].find(close).map_or(line_end, |n| i + n + close.len());
            from = end.max(i + 1);
            let snippet: String = body[i..end].chars().take(60).collect();
            self.warn(
                i,
                format!("{what} `{}` is shown as written", snippet.trim_end()),
                Some("opsite runs mdBook includes, Hugo ref/relref and admonition shortcodes only; put it in backticks to show it as code"),
            );
        }
    }

    fn finish(mut self) -> ParsedDoc {
        self.foreign_syntax();
        self.out.title = match self.doc.front.title.clone() {
            Some(t) => t,
            None if self.out.title_id.is_some() => self.out.title.clone(),
            None => self.doc.name_title.clone(),
        };
        let events = std::mem::take(&mut self.events);
        // Only `[[_TOC_]]` puts it in the body.
        let toc = match self.cuts.iter().any(|(_, c)| matches!(c, Cut::Toc)) {
            true => toc_html(&build_toc(&self.out.headings)),
            false => String::new(),
        };
        self.out.body = write_parts(events, std::mem::take(&mut self.cuts), &toc, self.doc.body.len());
        self.out.words = self.out.text.sections().map(|t| t.split_whitespace().count()).sum();
        self.out.text = self.out.text.exact();
        let out = &mut self.out;
        out.links = crate::util::exact(std::mem::take(&mut out.links));
        out.headings = crate::util::exact(std::mem::take(&mut out.headings));
        out.external = crate::util::exact(std::mem::take(&mut out.external));
        self.out
    }

    /// Resolves a Markdown link or image written at `span` of the body and
    /// records it.
    fn rewrite<'e>(&mut self, link_type: LinkType, dest: CowStr<'e>, span: Range<usize>) -> CowStr<'e> {
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            self.external(&dest, span.start);
            return dest;
        }
        match self.record(&dest, span) {
            Some(href) => href.into(),
            None => dest,
        }
    }

    /// A warning at body offset `at` of this document.
    fn warn(&mut self, at: usize, message: String, hint: Option<&str>) {
        let (line, col) = self.position(at);
        let d = Diagnostic::new(self.doc.source_path(), line, col, message).hint(hint.map(str::to_string));
        self.out.warnings.push(d);
    }

    /// Line and column in the source file of body offset `at` (0, 0 where
    /// the body is not the file's text, as for a notebook).
    fn position(&self, at: usize) -> (usize, usize) {
        if self.doc.has_lines() { self.lines.line_col(&self.doc.body, at) } else { (0, 0) }
    }

    /// Resolves `dest` (written at `span` of the body), records the link,
    /// and returns the href to write
    /// (`None`: keep it as written).
    fn record(&mut self, dest: &str, span: Range<usize>) -> Option<String> {
        self.external(dest, span.start);
        let (line, col) = self.position(span.start);
        let (target, href) = match self.ctx.resolver.resolve(self.id, dest) {
            Ok(None) => return None,
            Ok(Some(r)) => (LinkTarget::Site(r.anchor), Some(r.href)),
            Err((message, hint)) => (LinkTarget::Broken { message, hint }, None),
        };
        self.out.links.push(Link { line, col, span, written: dest.to_string(), target, href: href.clone() });
        href
    }
}
