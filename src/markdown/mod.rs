//! Markdown → HTML: GitHub-flavoured, with GitHub heading ids, rewritten
//! links, highlighted code and alert callouts.

pub mod highlight;
pub mod links;
pub mod slug;

use std::collections::HashSet;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::content::{Content, DocId};
use crate::diagnostic::Diagnostic;
use highlight::{Highlighted, Highlighter};
use links::Resolver;
use slug::Slugger;

/// pulldown-cmark options for every document.
pub fn parser_options(smart_punctuation: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 2 to 4.
    pub level: u8,
    /// Heading id (the fragment to link to).
    pub id: String,
    /// Heading text.
    pub title: String,
    /// Deeper headings under this one.
    pub children: Vec<TocEntry>,
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
}

/// A link to a fragment of a document, checked after all pages render.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// 1-based line in the source file.
    pub line: usize,
    /// Document linked to.
    pub target: DocId,
    /// Fragment, percent-decoded.
    pub anchor: String,
    /// The link as written.
    pub written: String,
}

/// The HTML of one document and what the build needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Body HTML.
    pub html: String,
    /// h2–h4, nested.
    pub toc: Vec<TocEntry>,
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// Every id on the page (headings, footnotes, raw HTML ids).
    pub ids: HashSet<String>,
    /// Links whose fragment must exist on the target page.
    pub anchor_links: Vec<AnchorLink>,
    /// Id of the first `#` heading when it was lifted into the page title.
    pub title_id: Option<String>,
    /// Plain text of the first paragraph, for descriptions.
    pub summary: String,
    /// Issues referenced by this page, as (`owner/repo`, number).
    pub issue_refs: std::collections::BTreeSet<(String, u64)>,
    /// Broken links and other errors.
    pub errors: Vec<Diagnostic>,
    /// Things worth fixing that do not fail a build.
    pub warnings: Vec<Diagnostic>,
}

/// Shared, read-only state for rendering every document of a build.
pub struct MarkdownContext<'a> {
    /// The loaded content.
    pub content: &'a Content,
    /// Link lookups.
    pub resolver: &'a Resolver<'a>,
    /// Code highlighting.
    pub highlighter: &'a Highlighter,
    /// `[markdown] smart_punctuation`.
    pub smart_punctuation: bool,
    /// Turn issue references into links: `None` when `[issues]` is not
    /// configured; `Some(site_repo)` otherwise (what a bare `#123` means).
    pub issue_refs: Option<Option<&'a str>>,
}

/// Renders document `id`.
pub fn render(ctx: &MarkdownContext, id: DocId) -> Rendered {
    let doc = &ctx.content.docs[id];
    let body = doc.body.as_str();
    let lines = LineIndex::new(body, doc.body_line);
    let mut r = Rendered::default();
    let mut slugger = Slugger::default();
    let mut events: Vec<Event> = Vec::new();
    let parser = Parser::new_ext(body, parser_options(ctx.smart_punctuation)).into_offset_iter();
    let source_path = doc.source_path();

    let mut heading: Option<HeadingBuf> = None;
    let mut code: Option<(String, usize, String)> = None; // (lang, line, text)
    let mut first_block = true;
    let mut summary_state = SummaryState::Looking;
    let mut in_link = 0usize;
    let mut issue_link: Option<String> = None;

    for (event, range) in parser {
        let line = lines.line(range.start);
        if let Some(h) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        finish_heading(h, doc, &mut slugger, &mut r, &mut events, first_block);
                    }
                    first_block = false;
                }
                Event::Text(ref t) => {
                    let raw = &body[range.clone()];
                    h.text.push_str(if ctx.smart_punctuation && is_smart_punct(t) { raw } else { t });
                    h.events.push(event);
                }
                Event::Code(ref t) => {
                    h.text.push_str(t);
                    h.events.push(event);
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id: link_id }) => {
                    let dest = rewrite(ctx, id, &source_path, link_type, dest_url, line, &mut r);
                    h.events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id: link_id }));
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
                    events.push(Event::Html(code_block(ctx, &lang, &text, &source_path, start, &mut r).into()));
                }
                _ => {}
            }
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
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                first_block = false;
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, line, String::new()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id: link_id }) => {
                in_link += 1;
                if ctx.issue_refs.is_some()
                    && let Some((repo, n)) = crate::issues::refs::parse_url(&dest_url)
                {
                    let title_attr =
                        if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape_attr(&title)) };
                    events.push(Event::Html(
                        format!(
                            "<a class=\"issue-ref\" href=\"{}\"{title_attr} data-issue=\"{repo}#{n}\">",
                            escape_attr(&dest_url)
                        )
                        .into(),
                    ));
                    issue_link = Some(crate::issues::refs::marker(&repo, n));
                    r.issue_refs.insert((repo, n));
                    continue;
                }
                let dest = rewrite(ctx, id, &source_path, link_type, dest_url, line, &mut r);
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id: link_id }));
            }
            Event::End(TagEnd::Link) => {
                in_link -= 1;
                match issue_link.take() {
                    Some(marker) => events.push(Event::Html(format!("{marker}</a>").into())),
                    None => events.push(event),
                }
            }
            Event::Text(ref t) if in_link == 0 && ctx.issue_refs.is_some() => {
                if summary_state == SummaryState::In && r.summary.len() < 300 {
                    r.summary.push_str(t);
                }
                let site_repo = ctx.issue_refs.flatten();
                let found = crate::issues::refs::find(t, site_repo);
                if found.is_empty() {
                    events.push(event);
                    continue;
                }
                let mut last = 0;
                let mut html = String::new();
                for f in &found {
                    html.push_str(&escape_html(&t[last..f.start]));
                    html.push_str(&crate::issues::refs::link(f, &t[f.start..f.end]));
                    r.issue_refs.insert((f.repo.clone(), f.number));
                    last = f.end;
                }
                html.push_str(&escape_html(&t[last..]));
                events.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id: img_id }) => {
                let dest = rewrite(ctx, id, &source_path, link_type, dest_url, line, &mut r);
                events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id: img_id }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                first_block = false;
                let (class, label) = alert_label(kind);
                events.push(Event::Html(
                    format!(
                        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::Table(aligns)) => {
                first_block = false;
                events.push(Event::Html("<div class=\"table-wrap\" tabindex=\"0\">".into()));
                events.push(Event::Start(Tag::Table(aligns)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                r.ids.insert(name.to_string());
                events.push(event);
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                collect_html_ids(h, &mut r.ids);
                match rewrite_html_urls(ctx, id, &source_path, h, line, &mut r) {
                    Some(fixed) if matches!(event, Event::Html(_)) => events.push(Event::Html(fixed.into())),
                    Some(fixed) => events.push(Event::InlineHtml(fixed.into())),
                    None => events.push(event),
                }
            }
            Event::Start(Tag::Paragraph) => {
                first_block = false;
                if summary_state == SummaryState::Looking {
                    summary_state = SummaryState::In;
                }
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                if summary_state == SummaryState::In {
                    summary_state = SummaryState::Done;
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if summary_state == SummaryState::In && r.summary.len() < 300 {
                    r.summary.push_str(t);
                }
                events.push(event);
            }
            Event::Start(_) => {
                first_block = false;
                events.push(event);
            }
            other => events.push(other),
        }
    }
    r.toc = build_toc(&r.headings);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    r.html = html;
    r
}

#[derive(PartialEq, Eq)]
enum SummaryState {
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
}

fn finish_heading<'a>(
    h: HeadingBuf<'a>,
    doc: &crate::content::Doc,
    slugger: &mut Slugger,
    r: &mut Rendered,
    events: &mut Vec<Event<'a>>,
    first_block: bool,
) {
    let level = h.level as u8;
    let id = match h.explicit {
        Some(explicit) => slugger.unique(explicit),
        None => slugger.slug(&h.text),
    };
    let text = h.text.trim().to_string();
    r.ids.insert(id.clone());
    r.headings.push(Heading { level, id: id.clone(), text: text.clone() });
    // The first `#` heading becomes the page title; the template shows it.
    let is_first_h1 = level == 1 && !r.headings[..r.headings.len() - 1].iter().any(|h| h.level == 1);
    if is_first_h1 && (doc.title_from_heading || (first_block && doc.title == text)) {
        r.title_id = Some(id);
        return;
    }
    let id_attr = escape_attr(&id);
    let class_attr =
        if h.classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape_attr(&h.classes.join(" "))) };
    events.push(Event::Html(format!("<h{level} id=\"{id_attr}\"{class_attr}>").into()));
    events.extend(h.events);
    events.push(Event::Html(
        format!("<a class=\"anchor\" href=\"#{id_attr}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n")
            .into(),
    ));
}

/// Smart punctuation replaces `'`, `"`, `--`, `...`; GitHub's ids are made
/// from what the author typed.
fn is_smart_punct(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '‘' | '’' | '“' | '”' | '–' | '—' | '…'))
}

fn rewrite<'a>(
    ctx: &MarkdownContext,
    from: DocId,
    source: &std::path::Path,
    link_type: LinkType,
    dest: CowStr<'a>,
    line: usize,
    r: &mut Rendered,
) -> CowStr<'a> {
    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
        return dest;
    }
    match ctx.resolver.resolve(from, &dest) {
        Ok(None) => dest,
        Ok(Some(resolved)) => {
            if let Some((target, anchor)) = resolved.anchor {
                r.anchor_links.push(AnchorLink { line, target, anchor, written: dest.to_string() });
            }
            resolved.href.into()
        }
        Err(message) => {
            r.errors.push(Diagnostic::new(source, line, 0, format!("broken link: {message}")));
            dest
        }
    }
}

/// Rewrites relative `src` and `href` attributes in raw HTML the way Markdown
/// links are rewritten (`<img src="img/a.png" width=300>` is common in
/// GitHub docs). `None` when nothing changed.
fn rewrite_html_urls(
    ctx: &MarkdownContext,
    from: DocId,
    source: &std::path::Path,
    html: &str,
    line: usize,
    r: &mut Rendered,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = html;
    let mut changed = false;
    loop {
        let lower = rest.to_ascii_lowercase();
        let next = [" src=", " href="].iter().filter_map(|a| lower.find(a).map(|i| (i, a.len()))).min();
        let Some((i, len)) = next else { break };
        let value_start = i + len;
        let quote = rest[value_start..].chars().next();
        let (start, end) = match quote {
            Some(q @ ('"' | '\'')) => match rest[value_start + 1..].find(q) {
                Some(e) => (value_start + 1, value_start + 1 + e),
                None => break,
            },
            _ => {
                let e = rest[value_start..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len() - value_start);
                (value_start, value_start + e)
            }
        };
        out.push_str(&rest[..start]);
        let value = &rest[start..end];
        let decoded = value.replace("&amp;", "&");
        match ctx.resolver.resolve(from, &decoded) {
            Ok(Some(resolved)) => {
                if let Some((target, anchor)) = resolved.anchor {
                    r.anchor_links.push(AnchorLink { line, target, anchor, written: decoded.clone() });
                }
                out.push_str(&escape_attr(&resolved.href));
                changed = true;
            }
            Ok(None) => out.push_str(value),
            Err(message) => {
                r.errors.push(Diagnostic::new(source, line, 0, format!("broken link: {message}")));
                out.push_str(value);
            }
        }
        rest = &rest[end..];
    }
    if !changed {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

fn fence_language(info: &str) -> &str {
    let info = info.trim();
    let end = info.find(|c: char| c.is_whitespace() || c == ',' || c == '{').unwrap_or(info.len());
    info[..end].trim_start_matches('.')
}

fn code_block(
    ctx: &MarkdownContext,
    lang: &str,
    code: &str,
    source: &std::path::Path,
    line: usize,
    r: &mut Rendered,
) -> String {
    let lang_attr = escape_attr(lang);
    let inner = match ctx.highlighter.highlight(lang, code) {
        Highlighted::Html(html) => html,
        Highlighted::Plain => escape_html(code),
        Highlighted::Unknown => {
            r.warnings.push(Diagnostic::new(
                source,
                line,
                0,
                format!("unknown code language `{lang}`: shown as plain text"),
            ));
            escape_html(code)
        }
    };
    if lang.is_empty() {
        format!("<pre class=\"code\" tabindex=\"0\"><code>{inner}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{inner}</code></pre>\n"
        )
    }
}

fn alert_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Records `id="…"` and `name="…"` attributes of raw HTML as anchors.
fn collect_html_ids(html: &str, ids: &mut HashSet<String>) {
    for attr in [" id=", " name="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let quote = rest.chars().next();
            let value = match quote {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                ids.insert(v.to_string());
            }
        }
    }
}

fn build_toc(headings: &[Heading]) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut root = Vec::new();
    for h in headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        insert(&mut root, TocEntry { level: h.level, id: h.id.clone(), title: h.text.clone(), children: vec![] });
    }
    root
}

/// Escapes text for HTML element content.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    escape_html(s)
}

/// Maps byte offsets of a body to 1-based file lines.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(body: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0).chain(memchr_newlines(body)).collect();
        LineIndex { starts, first_line }
    }

    fn line(&self, offset: usize) -> usize {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        self.first_line + i
    }
}

fn memchr_newlines(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1)
}
