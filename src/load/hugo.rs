//! Hugo shortcodes as the admonition rewrite reads them: a shortcode alone
//! on its line, its name and arguments, and what a shortcode opsite does
//! not run leaves behind (figures and videos become Markdown).

/// A shortcode line the admonition rewrite does not take: its name, and the
/// Markdown it stands for (empty: the line goes, its content stays).
pub(super) fn other_shortcode(line: &str) -> Option<(String, String)> {
    let (inner, _) = shortcode_inner(line)?;
    let inner = inner.trim_end_matches('/').trim();
    let closing = inner.starts_with('/');
    let mut words = split_args(inner.trim_start_matches('/'));
    let name = words.next()?.to_ascii_lowercase();
    let args: Vec<String> = words.collect();
    let named = |key: &str| {
        args.iter().find_map(|a| a.strip_prefix(key)?.strip_prefix('=').map(|v| v.trim_matches('"').to_string()))
    };
    // `ref`/`relref` are links the directives stage already wrote.
    if matches!(name.as_str(), "ref" | "relref") {
        return None;
    }
    let markdown = match name.as_str() {
        _ if closing => String::new(),
        "figure" => {
            let src = named("src").unwrap_or_default();
            let alt = named("alt").or_else(|| named("caption")).or_else(|| named("title")).unwrap_or_default();
            if src.is_empty() {
                String::new()
            } else {
                format!("![{}](<{}>)", alt.replace(['[', ']'], ""), src.replace('>', "%3E"))
            }
        }
        "youtube" => {
            let id = named("id").or_else(|| args.first().map(|a| a.trim_matches('"').to_string())).unwrap_or_default();
            let id: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
            if id.is_empty() {
                String::new()
            } else {
                format!("[A video on YouTube](https://www.youtube.com/watch?v={id})")
            }
        }
        _ => String::new(),
    };
    Some((name, markdown))
}

/// The name of a closing shortcode alone on its line (`{{< /hint >}}`).
pub(super) fn closing_shortcode(line: &str) -> Option<String> {
    let (inner, _) = shortcode_inner(line)?;
    Some(inner.strip_prefix('/')?.trim().to_ascii_lowercase())
}

/// The inside of `{{< … >}}` or `{{% … %}}` that is all of `line`.
pub(super) fn shortcode_inner(line: &str) -> Option<(&str, char)> {
    let line = line.trim();
    for (open, close, c) in [("{{<", ">}}", '<'), ("{{%", "%}}", '%')] {
        if let Some(inner) = line.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if inner.contains("}}") {
                return None;
            }
            return Some((inner.trim(), c));
        }
    }
    None
}

/// Shortcode arguments: words, with `"quoted strings"` kept whole.
pub(super) fn split_args(s: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = s.trim();
    std::iter::from_fn(move || {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                c if c.is_whitespace() && !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let word = rest[..end].to_string();
        rest = &rest[end..];
        Some(word)
    })
}
