//! The Markdown pass on its own: one document in, its HTML and facts out.

use std::collections::HashSet;

use crate::config::Config;
use crate::load::{LoadOptions, Loaded};
use crate::parse::{Highlighter, LinkTarget, ParseContext, ParsedDoc};

/// Loads a site of `files` (path under `content/`, text) from a temp dir
/// and parses the document at `path`.
fn parse_in(files: &[(&str, &str)], path: &str) -> ParsedDoc {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), "[site]\ntitle = \"T\"\nbase_url = \"https://e.org/\"\n").unwrap();
    for (p, text) in files {
        let file = dir.path().join("content").join(p);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let config = Config::load(dir.path()).unwrap();
    let loaded: Loaded =
        crate::load::load(dir.path(), &LoadOptions::from_config(&config.build), &Default::default()).unwrap();
    let highlighter = Highlighter::new(None, &config.markdown.highlight_theme, &config.markdown.highlight_theme_dark);
    let linkable = HashSet::new();
    let ctx = ParseContext::new(&config, &loaded, "/", &linkable, &highlighter);
    let (id, _) = loaded.docs().find(|(_, d)| d.src.rel() == path).expect("the document is loaded");
    super::parse(&ctx, &loaded, id)
}

fn parse_one(text: &str) -> ParsedDoc {
    parse_in(&[("a.md", text)], "a.md")
}

/// The body's HTML, without the issue states the render stage fills in.
fn html(doc: &ParsedDoc) -> String {
    doc.body.iter().filter_map(|p| if let crate::parse::Part::Html(h) = p { Some(h.as_str()) } else { None }).collect()
}

#[test]
fn the_opening_heading_is_the_title_and_not_in_the_body() {
    let doc = parse_one("# Access the *hub*\n\nText.\n");
    assert_eq!(doc.title, "Access the hub");
    assert!(!html(&doc).contains("<h1"), "{}", html(&doc));
    assert_eq!(doc.summary, "Text.");
}

#[test]
fn headings_get_github_ids_in_order_and_repeats_are_numbered() {
    let doc = parse_one("# T\n\n## Set up\n\n## Set up\n\n### Café & co.\n");
    let ids: Vec<&str> = doc.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["t", "set-up", "set-up-1", "café--co"]);
    assert!(doc.ids.contains("set-up-1"));
    assert_eq!(doc.toc().len(), 2, "h2 entries, the h3 nested");
}

#[test]
fn links_are_facts_with_their_line_and_column() {
    let doc = parse_in(
        &[("a.md", "# A\n\nSee\n  [b](b.md#part) and [out](https://x.org).\n"), ("b.md", "# B\n\n## Part\n")],
        "a.md",
    );
    let link = doc.links.iter().find(|l| l.written == "b.md#part").expect("the link is recorded");
    assert_eq!((link.line, link.col), (4, 3));
    assert!(matches!(&link.target, LinkTarget::Site(Some((_, part))) if part == "part"), "{:?}", link.target);
    assert!(html(&doc).contains("href=\"/b/#part\""), "{}", html(&doc));
}

#[test]
fn soft_breaks_separate_words_in_the_summary_and_the_search_text() {
    let doc = parse_one("# T\n\nComponent 5\nand links.\n");
    assert_eq!(doc.summary, "Component 5 and links.");
    assert!(doc.text.sections().collect::<String>().contains("5 and"), "{:?}", doc.text);
}

#[test]
fn the_sites_own_raw_html_is_kept_and_its_links_rewritten() {
    // Sources with `trusted = false` are sanitised: tests/testsuite/hostile.rs.
    let doc =
        parse_in(&[("a.md", "# T\n\n<div class=\"x\"><a href=\"b.md\">b</a></div>\n"), ("b.md", "# B\n")], "a.md");
    let out = html(&doc);
    assert!(out.contains("<div class=\"x\"><a href=\"/b/\">b</a></div>"), "{out}");
}

#[test]
fn code_is_highlighted_and_its_text_escaped() {
    let doc = parse_one("# T\n\n```yaml\nkey: \"<b>\"\n```\n");
    let out = html(&doc);
    assert!(out.contains("data-lang=\"yaml\""), "{out}");
    assert!(out.contains("&lt;b&gt;") && !out.contains("<b>"), "{out}");
}
