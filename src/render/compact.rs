//! The built-in theme's templates without their layout whitespace.
//!
//! The templates are indented for people to read. Rendered as written,
//! every page carried that indentation, and a blank line for every
//! `{% if %}` that printed nothing: about 450 bytes of a 10,000-page site's
//! 11 KB pages. Jinja has `trim_blocks` and `lstrip_blocks` for this; Tera
//! has neither, so the default theme's sources are compacted once, when the
//! theme loads, and rendering costs nothing more. The same applies to a
//! theme of the site's own and its `templates/`, so an ejected theme
//! renders the same pages as the built-in one.

/// Where each part of a compacted template was in its file, so an error
/// names the line and column the author wrote.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// (line, column) in the compacted text where a piece starts, and
    /// (line, column) in the file where it came from; 1-based lines,
    /// 0-based columns in characters, in order. Empty: kept as written.
    pieces: Vec<((usize, usize), (usize, usize))>,
}

impl Positions {
    /// The file's (line, column) of `text`'s (line, column).
    pub fn source_position(&self, line: usize, col: usize) -> (usize, usize) {
        let at = self.pieces.partition_point(|&(start, _)| start <= (line, col));
        match at.checked_sub(1).map(|i| self.pieces[i]) {
            Some(((l, c), (src_line, src_col))) if l == line => (src_line, src_col + (col - c)),
            Some((_, (src_line, _))) => (src_line + (line - self.pieces[at - 1].0.0), col),
            None => (line, col),
        }
    }
}

/// The template `name` as it is compiled: an HTML template compacted, any
/// other (an XML feed, a text file) as written.
pub(super) fn template(name: &str, source: &str) -> (String, Positions) {
    match name.ends_with(".html") {
        true => compact(source),
        false => (source.to_string(), Positions::default()),
    }
}

/// `source` without what only lays it out for a reader:
///
/// - each line's indentation;
/// - lines left empty;
/// - the line break after a line that holds only `{% … %}` tags or
///   `{# … #}` comments (Jinja's `trim_blocks`).
///
/// Every other line break stays, so words never run together and a
/// script's line ends keep their meaning. Text inside `<pre>` and
/// `<textarea>`, and a template with a `{% raw %}` block, are left as they
/// are.
fn compact(source: &str) -> (String, Positions) {
    if source.contains("{% raw") || source.contains("{%- raw") {
        return (source.to_string(), Positions::default());
    }
    let (mut out, mut positions) = (String::with_capacity(source.len()), Positions::default());
    // Where the next piece starts in the output.
    let (mut line, mut col) = (1, 0);
    let (mut in_pre, mut in_comment) = (false, false);
    for (n, src) in source.split_inclusive('\n').enumerate() {
        let (kept, indent) = if in_pre {
            in_pre = still_in_pre(src, true);
            (src, 0)
        } else {
            let text = src.trim_start_matches([' ', '\t']);
            let body = text.trim_end_matches(['\n', '\r']);
            let indent = src.len() - text.len();
            // A comment over several lines is a line of tags once it ends.
            if in_comment || (body.starts_with("{#") && !body.contains("#}")) {
                let rest = body.find("#}").map(|i| body[i + 2..].trim());
                in_comment = rest.is_none();
                let tags_only = rest.is_some_and(|r| r.is_empty() || only_tags(r));
                positions.pieces.push(((line, col), (n + 1, indent)));
                let kept = if tags_only { body.trim_end() } else { text };
                out.push_str(kept);
                (line, col) = advance((line, col), kept);
                continue;
            }
            in_pre = still_in_pre(text, false);
            if body.trim().is_empty() && !in_pre {
                continue;
            }
            if !in_pre && only_tags(body.trim_end()) { (body.trim_end(), indent) } else { (text, indent) }
        };
        positions.pieces.push(((line, col), (n + 1, indent)));
        out.push_str(kept);
        (line, col) = advance((line, col), kept);
    }
    (out, positions)
}

/// Where text continues after `kept`, written at (line, column).
fn advance((line, col): (usize, usize), kept: &str) -> (usize, usize) {
    match kept.rfind('\n') {
        Some(i) => (line + kept.matches('\n').count(), kept[i + 1..].chars().count()),
        None => (line, col + kept.chars().count()),
    }
}

/// Whether a `<pre>` or `<textarea>` is still open after `line`.
fn still_in_pre(line: &str, open: bool) -> bool {
    let last = |a: &str, b: &str| line.rfind(a).max(line.rfind(b));
    let opened = last("<pre", "<textarea");
    let closed = last("</pre>", "</textarea>");
    match (opened, closed) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => open,
    }
}

/// Whether `line` is nothing but Tera statements and comments.
fn only_tags(mut line: &str) -> bool {
    if line.is_empty() {
        return false;
    }
    while !line.is_empty() {
        let close = if line.starts_with("{%") {
            "%}"
        } else if line.starts_with("{#") {
            "#}"
        } else {
            return false;
        };
        match line.find(close) {
            Some(end) => line = line[end + 2..].trim_start(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::compact;

    fn compact_text(s: &str) -> String {
        compact(s).0
    }

    #[test]
    fn indentation_and_empty_lines_go() {
        assert_eq!(
            compact_text("<ul>\n  <li>a</li>\n\n    <li>b</li>\n</ul>\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_line_of_tags_only_takes_no_line_of_its_own() {
        let t = "<p>\n  {% if x %}\n  <b>{{ x }}</b>\n  {% endif %} {# why #}\n</p>\n";
        assert_eq!(compact_text(t), "<p>\n{% if x %}<b>{{ x }}</b>\n{% endif %} {# why #}</p>\n");
    }

    #[test]
    fn an_expression_keeps_its_line_break_so_words_do_not_join() {
        assert_eq!(compact_text("  {{ a }}\n  {{ b }}\n"), "{{ a }}\n{{ b }}\n");
        assert_eq!(compact_text("{% if a %}x{% endif %} text\n"), "{% if a %}x{% endif %} text\n");
    }

    #[test]
    fn preformatted_text_and_raw_blocks_are_kept() {
        let pre = "<pre>\n  indented\n\n  {% if x %}\n</pre>\n  <p>\n";
        assert_eq!(compact_text(pre), "<pre>\n  indented\n\n  {% if x %}\n</pre>\n<p>\n");
        let area = "<textarea>\n  a\n\n</textarea>\n";
        assert_eq!(compact_text(area), area);
        let raw = "  {% raw %}\n  {{ x }}\n  {% endraw %}\n";
        assert_eq!(compact_text(raw), raw);
    }

    #[test]
    fn a_comment_over_several_lines_leaves_no_line() {
        let t = "<p>\n  {# one\n     two #}\n  <b>x</b>\n</p>\n";
        assert_eq!(compact_text(t), "<p>\n{# one\ntwo #}<b>x</b>\n</p>\n");
    }

    #[test]
    fn an_unclosed_tag_is_text() {
        assert_eq!(compact_text("  {% if\n"), "{% if\n");
    }

    #[test]
    fn positions_map_back_to_the_line_and_column_written() {
        let c = compact("<p>\n    {% if x %}\n      {{ a.b }}\n    {% endif %}\n</p>\n");
        assert_eq!(c.0, "<p>\n{% if x %}{{ a.b }}\n{% endif %}</p>\n");
        // `{{ a.b }}` is at line 2, column 10 of the text; line 3, column 6 of the file.
        let p = &c.1;
        assert_eq!(p.source_position(2, 10), (3, 6));
        assert_eq!(p.source_position(2, 3), (2, 7));
        assert_eq!(p.source_position(3, 0), (4, 4));
        assert_eq!(p.source_position(1, 1), (1, 1));
    }
}
