//! The marker lines the rewrite writes, and the line arithmetic that keeps
//! every line of a page where it was: closing markers over blank lines or
//! beside the next marker, shortcodes of one line on one line.

use crate::util::text::unhex;

/// How every marker comment of the rewrite starts; the Markdown pass
/// reads such comments even where raw HTML is left out.
pub(crate) const PREFIX: &str = "<!--opsite:";
/// The closing marker: it ends what was opened last.
pub(crate) const END_MARKER: &str = "<!--opsite:end-->";
/// How an anchor marker starts (MyST `(label)=`); the label follows in hex.
pub(crate) const ANCHOR_MARKER: &str = "<!--opsite:anchor ";

/// The label of an anchor marker line.
pub(crate) fn anchor_label(line: &str) -> Option<String> {
    let hex = line.trim().strip_prefix(ANCHOR_MARKER)?.strip_suffix("-->")?;
    unhex(hex).filter(|l| !l.is_empty())
}

/// `(label)=` alone on a line: MyST's target for `{ref}` and `#label` links.
pub(super) fn myst_label(line: &str) -> Option<&str> {
    let label = line.trim_end().strip_prefix('(')?.strip_suffix(")=")?;
    let ok = !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    ok.then_some(label)
}

/// Whether a line of `body` starts (after its indentation) with one of
/// `prefixes`. Every page is asked, so it looks at line starts only, not at
/// every byte for each prefix (seven substring searches of every page cost
/// 1% of a build's instructions).
pub(super) fn starts_a_line(body: &str, prefixes: &[&str]) -> bool {
    body.lines().any(|l| {
        let t = l.trim_start_matches([' ', '\t', ';']);
        t.len() >= 2 && prefixes.iter().any(|p| t.starts_with(p))
    })
}

/// Closes a container whose indented body ended: its `count` markers take
/// the blank line just written when there is one (so no line moves), else
/// wait in `ends` for the line that ended it.
pub(super) fn close(out: &mut [String], ends: &mut String, indent: usize, count: usize) {
    if count == 0 {
        return;
    }
    match out.last_mut() {
        Some(last) if ends.is_empty() && last.trim().is_empty() && last.ends_with('\n') => {
            *last = format!("{}{}\n", " ".repeat(indent), END_MARKER.repeat(count));
        }
        // Nested bodies that end together share the line.
        Some(last) if ends.is_empty() && last.trim_end().ends_with(END_MARKER) && last.ends_with('\n') => {
            last.insert_str(last.trim_end().len(), &END_MARKER.repeat(count));
        }
        _ => ends.push_str(&END_MARKER.repeat(count)),
    }
}

/// Joins the lines written from `at` on into one when each is a marker or
/// blank (the shortcodes of one line), so no line moves.
pub(super) fn join_markers(out: &mut Vec<String>, at: usize, eol: &str) {
    let written = out.get(at..).unwrap_or_default();
    if written.len() > 1 && written.iter().all(|l| l.trim().is_empty() || l.trim_start().starts_with(PREFIX)) {
        let joined: String = written.iter().map(|l| l.trim()).collect();
        out.truncate(at);
        out.push(format!("{joined}{eol}"));
    }
}

/// Puts closing markers before the line written at `at`: on it when it is a
/// marker line (a tab or admonition right after the body), else on a line
/// of their own (then `true`: a line was added).
pub(super) fn put_ends(out: &mut Vec<String>, at: usize, ends: String) -> bool {
    match out.get_mut(at) {
        Some(line) if line.trim_start().starts_with(PREFIX) => {
            let indent = line.len() - line.trim_start().len();
            line.insert_str(indent, &ends);
            false
        }
        _ => {
            out.insert(at.min(out.len()), ends + "\n");
            true
        }
    }
}

/// Leading whitespace in columns (a tab counts 4).
pub(super) fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// `line` without its first `n` columns of leading whitespace.
pub(super) fn strip_columns(line: &str, n: usize) -> &str {
    let mut cols = 0;
    for (i, c) in line.char_indices() {
        if cols >= n || !(c == ' ' || c == '\t') {
            return &line[i..];
        }
        cols += if c == '\t' { 4 } else { 1 };
    }
    ""
}
