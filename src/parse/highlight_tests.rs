//! Code nobody here reviewed, through every grammar: blocks that made a
//! grammar loop, and generated blocks of the kinds that do (unclosed
//! comments and strings, deep nesting), must each finish within the budget.

use std::time::Duration;

use super::highlight::{Highlighted, Highlighter, language_names};

fn highlighter(budget: Duration) -> Highlighter {
    Highlighter::new(None, "InspiredGitHub", "base16-ocean.dark").with_budget(budget)
}

/// The text of highlighted HTML (tags dropped, the escapes the highlighter
/// writes undone).
fn text_of(html: &str) -> String {
    let text: String = html.split('<').map(|p| p.split_once('>').map_or(p, |(_, t)| t)).collect();
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn highlighted(h: &Highlighter, lang: &str, code: &str) -> String {
    match h.highlight(lang, code) {
        Highlighted::Html(html) => html,
        Highlighted::GaveUp(took) => panic!("```{lang} gave up after {took:?} on {code:?}"),
        Highlighted::Plain => panic!("```{lang} failed on {code:?}"),
        Highlighted::Unknown => panic!("```{lang} is unknown"),
    }
}

#[test]
fn javascript_unclosed_jsdoc_after_a_closing_brace_is_highlighted() {
    // From Grafana Loki's docs: two JavaScript contexts `set` each other
    // at the same byte, and the build never ended.
    let h = highlighter(Duration::from_secs(10));
    for (lang, code) in [
        ("javascript", " export default () => {\n }\n /**\n"),
        ("js", "x /*\n"),
        ("typescript", " export default () => {\n }\n /**\n"),
        ("tsx", "i < 0 ? (l) : ([i + 1]);\n"),
    ] {
        let html = highlighted(&h, lang, code);
        assert_eq!(text_of(&html), code, "every character is shown once");
    }
    // The comment is still coloured as a comment: the loop is broken where
    // it starts, not by giving up on the line.
    let html = highlighted(&h, "javascript", " export default () => {\n }\n /**\n");
    let comment = html.rsplit("<span class=").next().unwrap();
    assert!(comment.contains("/**"), "{html}");
}

#[test]
fn a_block_past_its_budget_is_given_up_and_tried_again_next_time() {
    let code = "fn main() {\n    let x = 1;\n}\n";
    assert!(matches!(highlighter(Duration::ZERO).highlight("rust", code), Highlighted::GaveUp(_)));
    // Nothing of the give-up is kept: the same highlighter with time works.
    let h = highlighter(Duration::ZERO);
    let _ = h.highlight("rust", code);
    let h = h.with_budget(Duration::from_secs(10));
    assert_eq!(text_of(&highlighted(&h, "rust", code)), code);
}

#[test]
fn hostile_blocks_finish_in_every_grammar() {
    // A generous budget: a loop never finishes, a debug build is slow.
    let h = highlighter(Duration::from_secs(5));
    let blocks = super::hostile_blocks::blocks(false);
    let langs = language_names();
    assert!(langs.len() > 150, "every bundled grammar is covered: {}", langs.len());
    for lang in &langs {
        for code in &blocks {
            match h.highlight(lang, code) {
                Highlighted::GaveUp(took) => panic!("```{lang} gave up after {took:?} on {code:?}"),
                Highlighted::Html(html) => assert_eq!(text_of(&html), *code, "```{lang}"),
                Highlighted::Plain | Highlighted::Unknown => {}
            }
        }
    }
}
