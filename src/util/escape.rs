//! HTML escaping with pulldown-cmark-escape (the escaper pulldown-cmark
//! itself uses), so text and attributes are escaped one way everywhere.

/// Escapes text for HTML element content or a double-quoted attribute:
/// `&`, `<`, `>` and `"`.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub(crate) fn escape_attr(s: &str) -> String {
    escape_html(s)
}

/// Text as Markdown that renders as exactly that text: every ASCII
/// punctuation character backslash-escaped (CommonMark allows it for all
/// of them), so `*`, `<b>` or `[x](y)` in data stay literal.
pub(crate) fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_text_stays_text() {
        assert_eq!(super::markdown_text("a *b* <i>"), "a \\*b\\* \\<i\\>");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(super::escape_html(r#"<a href="x">&</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
