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

/// The shortcodes of a line made of several and nothing else
/// (`{{% /tab %}} {{% tab "B" %}}`), or `None`.
pub(super) fn several(line: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if !(rest.starts_with("{{<") || rest.starts_with("{{%")) {
            return None;
        }
        let close = if rest.starts_with("{{<") { ">}}" } else { "%}}" };
        let end = rest.find(close)? + 3;
        parts.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    (parts.len() > 1).then_some(parts)
}

/// `body` with each shortcode written over several lines (`{{% figure` …
/// `%}}`) joined on its last line, the lines before left blank so no line
/// moves; `None` when there is none. Code fences are left alone.
pub(super) fn join_multiline(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    // A shortcode still open: its text joined, its lines as written, and
    // how it closes.
    let mut open: Option<(String, String, &str)> = None;
    let mut fence: Option<char> = None;
    let mut changed = false;
    for raw in body.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        if let Some((text, written, close)) = open.as_mut() {
            text.push(' ');
            text.push_str(t);
            written.push_str(raw);
            if line.trim_end().ends_with(*close) {
                let (text, written, _) = open.take().unwrap_or_default();
                out.push_str(&"\n".repeat(written.lines().count().saturating_sub(1)));
                out.push_str(&text);
                out.push_str(&raw[line.len()..]);
                changed = true;
            } else if written.len() > 4096 {
                // Not a shortcode after all: its lines go back as written.
                out.push_str(&open.take().unwrap_or_default().1);
            }
            continue;
        }
        if let Some(c) = fence {
            if t.starts_with(&c.to_string().repeat(3)) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = t.chars().next();
        } else if let Some(close) = [("{{<", ">}}"), ("{{%", "%}}")].iter().find(|(o, _)| t.starts_with(o)).map(|p| p.1)
            && !line.contains(close)
        {
            open = Some((line.trim_end().to_string(), raw.to_string(), close));
            continue;
        }
        out.push_str(raw);
    }
    if let Some((_, written, _)) = open {
        out.push_str(&written);
    }
    changed.then_some(out)
}

/// Hugo's `{{< highlight go "linenos=table,hl_lines=2" >}}` alone on a
/// line: the info string of the fence it stands for (`go {linenos=…}`).
pub(super) fn highlight(line: &str) -> Option<String> {
    let (inner, _) = shortcode_inner(line)?;
    let mut words = split_args(inner);
    if words.next()? != "highlight" {
        return None;
    }
    let lang = words.next().unwrap_or_default().trim_matches('"').to_string();
    let opts: Vec<String> = words.map(|w| w.trim_matches('"').to_string()).collect();
    let opts = if opts.is_empty() { String::new() } else { format!(" {{{}}}", opts.join(",")) };
    Some(format!("{lang}{opts}").replace('`', ""))
}

/// A Docsy `{{< comment >}}` line: `Some(true)` when it also closes on
/// the line (`{{< comment >}} cSpell:disable {{< /comment >}}`),
/// `Some(false)` when it opens a comment that goes on.
pub(super) fn comment(line: &str) -> Option<bool> {
    let line = line.trim();
    let opens = ["{{< comment >}}", "{{% comment %}}"].iter().any(|o| line.starts_with(o));
    let closes = ["{{< /comment >}}", "{{% /comment %}}"].iter().any(|c| line.ends_with(c)) && line.len() > 15;
    opens.then_some(closes)
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

#[cfg(test)]
mod tests {
    #[test]
    fn several_shortcodes_on_a_line() {
        assert_eq!(
            super::several("{{% /tab %}} {{% tab \"B\" %}} {{< x >}}"),
            Some(vec!["{{% /tab %}}", "{{% tab \"B\" %}}", "{{< x >}}"])
        );
        assert_eq!(super::several("{{% /tab %}} text"), None);
        assert_eq!(super::several("{{% tab %}}"), None);
        assert_eq!(super::comment("{{< comment >}} cSpell:disable {{< /comment >}}"), Some(true));
        assert_eq!(super::comment("{{% comment %}}"), Some(false));
        assert_eq!(super::comment("{{< commentary >}}"), None);
        assert_eq!(
            super::highlight("{{< highlight go \"linenos=table,hl_lines=2\" >}}").as_deref(),
            Some("go {linenos=table,hl_lines=2}")
        );
        assert_eq!(super::highlight("{{< highlights >}}"), None);
        let body = "a\n{{% figure\nsrc=\"x.png\"\ncaption=\"C\" %}}\nb\n```\n{{< not\n```\n";
        assert_eq!(
            super::join_multiline(body).as_deref(),
            Some("a\n\n\n{{% figure src=\"x.png\" caption=\"C\" %}}\nb\n```\n{{< not\n```\n")
        );
    }
}
