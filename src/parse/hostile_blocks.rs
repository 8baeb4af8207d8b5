//! Generated code blocks of the kinds that make grammars loop or backtrack:
//! unclosed comments, strings, heredocs and templates after the lines that
//! lead into them, and deep nesting. Shared by the unit tests (a small set)
//! and `benches/highlight_blocks.rs` (a few thousand a language), which
//! includes this file by path; so it uses nothing but `std`.

/// What opens something a grammar then looks for the end of.
const OPENERS: &[&str] = &[
    "/*", "/**", "<!--", "(*", "{-", "#|", "--[[", "\"\"\"", "'''", "=begin", "<<EOF", "\"", "'", "`", "r#\"", "@\"",
    "${", "#{", "{{", "{%", "<?php", "<script>", "<style>", "$(", "[[", "%{", "\\begin{", "/", "<<-'X'", "```",
];

/// Lines before the opener: blank, indented, after a value, after a block
/// that just closed (the shape of the JavaScript loop), inside a block.
const LEADS: &[&str] = &[
    "",
    " ",
    "x ",
    "} ",
    " }\n ",
    "a = ",
    " export default () => {\n }\n ",
    "if (a) {\n  ",
    "key: ",
    "- ",
    "fn f() -> ",
    "<div ",
    "SELECT ",
    "def f(",
    "#!/bin/sh\n",
    "\t",
];

/// Generated blocks: `full` gives a few thousand, otherwise about 150.
pub(crate) fn blocks(full: bool) -> Vec<String> {
    let leads = if full { LEADS } else { &LEADS[..5] };
    let mut out = Vec::new();
    for lead in leads {
        for open in OPENERS {
            out.push(format!("{lead}{open}\n"));
            if full {
                out.push(format!("{lead}{open} text {open}\n  more\n"));
                out.push(format!("{lead}{open}{lead}{open}{lead}\n"));
                for other in OPENERS.iter().step_by(3) {
                    out.push(format!("{lead}{open} {other}\n{other}{lead}\n"));
                }
            }
        }
    }
    // Nesting on one line (kept under the 2,000 bytes past which lines are
    // not tokenised) and across lines.
    let (depth, lines) = if full { (280, 3000) } else { (60, 30) };
    for deep in ["(", "[", "{", "<a>", "\"(", "${", "/*(", "<", "{{", "((a|b)*"] {
        out.push(format!("{}\n", deep.repeat(depth)));
        out.push(format!("{deep}\n").repeat(lines));
        out.push(format!("{}{}\n", " ".repeat(depth), deep).repeat(lines / 10));
    }
    out.push(format!("x = {}\n", "a +".repeat(depth * 2)));
    out.push(format!("{}\n", "\\".repeat(depth * 6)));
    out.push(format!("{}\n", "ab ".repeat(depth * 2)));
    out.push(format!("{}\n", "a\"b'c`".repeat(depth)));
    // And one line far past the limit: shown plain, never slow.
    out.push(format!("{}\n", "ab ".repeat(10_000)));
    out
}
