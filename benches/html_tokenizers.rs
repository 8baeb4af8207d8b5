//! lol_html against html5ever's tokenizer on the raw HTML a 10,000-page
//! docs site carries: what choosing the HTML reader costs on the hot path.
//!
//!     cargo bench --bench html_tokenizers
//!
//! Both read every fragment and collect `id`, `<a name>`, `src` and `href`;
//! lol_html also writes each fragment back with its `src`/`href` rewritten
//! (html5ever's tokenizer can only read, so a rewrite would need a
//! serializer on top). Results are in docs/decisions.md.
#![allow(clippy::print_stdout, missing_docs)]

use std::cell::RefCell;
use std::time::Instant;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use lol_html::{RewriteStrSettings, element, rewrite_str};

/// The raw HTML of one page: one block, as GitHub-flavoured docs write it,
/// and the inline tags pulldown-cmark hands over one by one.
fn fragments(i: usize) -> Vec<String> {
    vec![
        format!(
            "<div align=\"center\">\n<img src=\"img/shot-{i}.png\" width=\"300\" alt=\"Screenshot {i}\">\n\
             <p>Set src=logo.png in the config, then <a href=\"../other-{i}.md#usage\">read on</a>.</p>\n\
             <details id=\"more-{i}\"><summary>More</summary>\n<a name=\"legacy-{i}\"></a>text &amp; more\n</details>\n</div>\n"
        ),
        format!("<a href=\"page-{i}.md\">"),
        "</a>".to_string(),
        "<br>".to_string(),
        format!("<img src=\"icon-{i}.svg\" alt=\"\">"),
        "<kbd>".to_string(),
    ]
}

#[derive(Default)]
struct Collect(RefCell<Vec<String>>);

impl TokenSink for Collect {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(Tag { kind: TagKind::StartTag, attrs, .. }) = token {
            for a in attrs {
                if matches!(&*a.name.local, "id" | "name" | "src" | "href") {
                    self.0.borrow_mut().push(a.value.to_string());
                }
            }
        }
        TokenSinkResult::Continue
    }
}

fn html5ever_read(html: &str) -> usize {
    let tok = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tok.feed(&queue);
    tok.end();
    tok.sink.0.borrow().len()
}

fn lol_html_rewrite(html: &str) -> usize {
    let found = RefCell::new(0usize);
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("*", |el| {
                for attr in ["id", "name", "src", "href"] {
                    if let Some(v) = el.get_attribute(attr) {
                        *found.borrow_mut() += 1;
                        if attr == "src" || attr == "href" {
                            el.set_attribute(attr, &format!("/docs/{v}"))?;
                        }
                    }
                }
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    )
    .unwrap_or_default();
    std::hint::black_box(out);
    *found.borrow()
}

fn main() {
    let pages: Vec<Vec<String>> = (0..10_000).map(fragments).collect();
    let total: usize = pages.iter().flatten().map(String::len).sum();
    println!("10,000 pages, {} fragments, {} KB of raw HTML", pages.len() * 6, total / 1024);
    for round in 0..3 {
        let t = Instant::now();
        let n: usize = pages.iter().flatten().map(|f| html5ever_read(f)).sum();
        let h5 = t.elapsed();
        let t = Instant::now();
        let m: usize = pages.iter().flatten().map(|f| lol_html_rewrite(f)).sum();
        let lol = t.elapsed();
        // The pre-check opsite does first: fragments without `=` have no
        // attribute values and skip the tokenizer.
        let t = Instant::now();
        let k: usize = pages.iter().flatten().filter(|f| f.contains('=')).map(|f| lol_html_rewrite(f)).sum();
        let lol_skip = t.elapsed();
        println!(
            "round {round}: html5ever tokenizer (read only) {h5:.1?} [{n} attrs]; lol_html read+rewrite {lol:.1?} [{m}]; \
             lol_html with the `=` pre-check {lol_skip:.1?} [{k}]"
        );
    }
}
