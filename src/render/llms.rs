//! llms.txt (llmstxt.org) and the Markdown of every page, for language
//! models. `/llms.txt` is the site's title and description, then an H2 per
//! top-level section listing its pages as `[title](url): description`.
//! `/llms-full.txt` is every listed page's Markdown, one after another.
//! Each page's Markdown is at its URL + `index.html.md`, the spec's rule
//! for directory URLs. It is the source after includes, with other tools'
//! admonitions and tabs made plain ([`crate::load::plain_markdown`]) and
//! links into the site made absolute. Pages left out of search are left
//! out here too.

use anyhow::Result;
use rayon::prelude::*;

use super::PageInputs;
use super::outputs::{Change, Output, OutputCtx, Sink};
use super::pages::bytes_file;
use crate::load::{DocId, HOME, SectionId, plain_markdown};
use crate::parse::Link;
use crate::write::OutFile;

/// `llms.txt`, `llms-full.txt` and each page's `index.html.md`.
pub(super) struct Llms;

impl Output for Llms {
    fn name(&self) -> &'static str {
        "llms.txt"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text]
    }
    // Nobody asks a model about a page the second after writing it: on a
    // large site, remaking every page's Markdown with each new page would
    // slow the page (60–80 ms at 10,000 pages).
    fn deferred(&self) -> bool {
        true
    }
    fn owns(&self, path: &str) -> bool {
        matches!(path, "llms.txt" | "llms-full.txt") || path.ends_with("index.html.md")
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        super::outputs::collect(|sink| self.stream(ctx, sink))
    }
    fn stream(&self, ctx: &OutputCtx, sink: &Sink) -> Result<()> {
        if !ctx.config.build.llms {
            return Ok(());
        }
        let inputs = &ctx.inputs;
        let loaded = inputs.loaded;
        let site = &ctx.config.site;
        let mut head = format!("# {}\n\n", one_line(&site.title));
        if !site.description.trim().is_empty() {
            head.push_str(&format!("> {}\n\n", one_line(&site.description)));
        }
        let listed = listed(inputs);
        let mut index = head.clone();
        let root_title = ctx.tree.strings.get("llms_root", &[]);
        for (title, group) in &listed {
            index.push_str(&format!("## {}\n\n", one_line(title.as_deref().unwrap_or(&root_title))));
            for &d in group {
                let description = one_line(&inputs.description(d));
                let sep = if description.is_empty() { "" } else { ": " };
                let title = one_line(&inputs.parsed.doc(d).title);
                index.push_str(&format!("- [{title}]({}){sep}{description}\n", markdown_url(inputs, d)));
            }
            index.push('\n');
        }
        sink(bytes_file("llms.txt", index.into_bytes()))?;
        // Every page's Markdown, listed pages first in display order (the
        // order of llms-full.txt), made and written a run at a time.
        let in_full: std::collections::HashSet<DocId> = listed.iter().flat_map(|(_, g)| g.iter().copied()).collect();
        let mut docs: Vec<DocId> = listed.into_iter().flat_map(|(_, g)| g).collect();
        docs.extend(loaded.docs().map(|(d, _)| d).filter(|d| loaded.searchable(*d) && !in_full.contains(d)));
        // Sized once from the sources: grown by doubling, llms-full.txt
        // left each outgrown copy with the allocator for a while (at
        // 100,000 pages, 240 MB more at the build's peak).
        let size: usize = in_full.iter().map(|&d| loaded.doc(d).body.len() + 256).sum();
        let mut full = String::with_capacity(head.len() + size + size / 8);
        full.push_str(&head);
        for run in docs.chunks(RUN) {
            let markdown: Vec<(DocId, String)> = run.par_iter().map(|&d| (d, page_markdown(inputs, d))).collect();
            for (d, text) in &markdown {
                if in_full.contains(d) {
                    full.push_str(text.trim_end());
                    full.push_str(&format!("\n\nSource: {}\n\n---\n\n", page_url(inputs, *d)));
                }
            }
            markdown.into_par_iter().try_for_each(|(d, text)| {
                sink(bytes_file(&format!("{}.md", loaded.doc(d).output_file()), text.into_bytes()))
            })?;
        }
        sink(bytes_file("llms-full.txt", full.into_bytes()))
    }
}

/// Pages whose Markdown is made before it is written.
const RUN: usize = 2048;

/// The URL of a page's Markdown.
fn markdown_url(inputs: &PageInputs, d: DocId) -> String {
    format!("{}index.html.md", page_url(inputs, d))
}

fn page_url(inputs: &PageInputs, d: DocId) -> String {
    inputs.permalink(&inputs.loaded.doc(d).path)
}

/// The groups of llms.txt in display order: the root's pages (no title),
/// then each top-level section with every listed page under it, depth
/// first. Only searchable documents; empty groups left out.
fn listed(inputs: &PageInputs) -> Vec<(Option<String>, Vec<DocId>)> {
    let (loaded, order) = (inputs.loaded, inputs.parsed.order());
    let keep = |d: &DocId| loaded.searchable(*d);
    let mut groups = Vec::new();
    let home = loaded.section(HOME).doc;
    let root: Vec<DocId> = std::iter::once(home).chain(order.pages(HOME).iter().copied()).filter(keep).collect();
    groups.push((None, root));
    for &s in order.subsections(HOME) {
        let mut docs = Vec::new();
        below(inputs, s, &mut docs);
        docs.retain(keep);
        groups.push((Some(inputs.parsed.doc(loaded.section(s).doc).title.clone()), docs));
    }
    groups.retain(|(_, g)| !g.is_empty());
    groups
}

/// Section `s`'s page, its pages, then its subsections', in display order.
fn below(inputs: &PageInputs, s: SectionId, out: &mut Vec<DocId>) {
    let order = inputs.parsed.order();
    out.push(inputs.loaded.section(s).doc);
    out.extend(order.pages(s));
    for &c in order.subsections(s) {
        below(inputs, c, out);
    }
}

/// A page's Markdown: its title as an H1 unless its body starts with one,
/// then the body with links into the site absolute and markers plain.
pub(crate) fn page_markdown(inputs: &PageInputs, d: DocId) -> String {
    let (doc, parsed) = (inputs.loaded.doc(d), inputs.parsed.doc(d));
    let origin = origin(inputs.base_url, inputs.base_path);
    let body = plain_markdown(&absolute_links(&doc.body, &parsed.links, &origin));
    if parsed.title_id.is_some() {
        body
    } else {
        format!("# {}\n\n{}", one_line(&parsed.title), body.trim_start_matches('\n'))
    }
}

/// `https://x.org` of `https://x.org/docs/` with base path `/docs/`.
fn origin(base_url: &str, base_path: &str) -> String {
    let url = base_url.strip_suffix(base_path.trim_start_matches('/')).unwrap_or(base_url);
    url.trim_end_matches('/').to_string()
}

/// `body` with the destination of each link into the site (as the parse
/// found them, with where each is written) replaced by its absolute URL.
/// A destination not found where the link is written (a reference link's
/// is in its definition) is replaced in definitions of it.
fn absolute_links(body: &str, links: &[Link], origin: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for l in links {
        let Some(href) = l.href.as_deref().filter(|h| h.starts_with('/')) else { continue };
        if l.written.is_empty() || body.get(l.span.clone()).is_none() {
            continue;
        }
        let absolute = format!("{origin}{href}");
        let written = &body[l.span.clone()];
        // In `[text](dest "title")` the destination follows the last `](`.
        let from = written.rfind("](").map_or(0, |i| i + 2);
        match written[from..].find(l.written.as_str()) {
            Some(i) => {
                let at = l.span.start + from + i;
                edits.push((at, at + l.written.len(), absolute));
            }
            None => {
                let definition = format!("]: {}", l.written);
                for (i, _) in body.match_indices(&definition) {
                    let at = i + 3;
                    edits.push((at, at + l.written.len(), absolute.clone()));
                }
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(body.len() + edits.len() * origin.len());
    let mut at = 0;
    for (start, end, text) in edits {
        if start < at {
            continue;
        }
        out.push_str(&body[at..start]);
        out.push_str(&text);
        at = end;
    }
    out.push_str(&body[at..]);
    out
}

/// Data (a title, a description) as Markdown text on one line: what would
/// start markup inside a line is escaped (`*`, `_`, `` ` ``, `[`, `]`, `<`,
/// `\`), the rest kept readable (every punctuation escaped, as
/// `util::escape::markdown_text` does, is safe but hard to read).
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::LinkTarget;

    fn link(body: &str, written: &str, href: &str, nth: usize) -> Link {
        let start = body.match_indices('[').nth(nth).unwrap().0;
        let end = body[start..].find(')').map_or(body.len(), |i| start + i + 1);
        Link {
            line: 1,
            col: 1,
            span: start..end,
            written: written.into(),
            target: LinkTarget::Site(None),
            href: Some(href.into()),
        }
    }

    #[test]
    fn links_into_the_site_become_absolute_where_they_are_written() {
        let body = "See [a](a.md \"a.md\") and [![b](b.png)](b.md#x).\n\n[c]: c.md\n";
        let links = [
            link(body, "a.md", "/docs/a/", 0),
            link(body, "b.png", "/docs/b.png", 2),
            Link { span: body.find("[c]").unwrap()..body.len(), ..link(body, "c.md", "/docs/c/", 0) },
        ];
        assert_eq!(
            absolute_links(body, &links, "https://x.org"),
            "See [a](https://x.org/docs/a/ \"a.md\") and [![b](https://x.org/docs/b.png)](b.md#x).\n\n[c]: https://x.org/docs/c/\n"
        );
        assert_eq!(origin("https://x.org/docs/", "/docs/"), "https://x.org");
        assert_eq!(origin("https://x.org/", "/"), "https://x.org");
    }
}
