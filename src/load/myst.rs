//! MyST roles (`{ref}`label``, `{doc}`path``, `{math}`x``, …) written as
//! the Markdown they mean, before the one parse. Cross-references become
//! links with no text, `[](label)`; the link stage finds the label or page
//! and writes its title in.

/// A MyST directive that is Markdown in disguise.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Directive {
    /// `{code-block} lang`, `{code}`, `{code-cell}`, `{math}`: a fenced
    /// code block of this language (`math` for display math).
    Code(String),
    /// `{figure} path`, `{image} path`: an image, then the caption.
    Image(String),
}

/// The directive a fence line opens (```` ```{code-block} python ````,
/// `:::{figure} a.png`), with its fence: (character, length).
pub(super) fn directive(line: &str) -> Option<(Directive, char, usize)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~' | ':'))?;
    let n = line.chars().take_while(|&x| x == c).count();
    let (name, arg) = line[n..].trim_start().strip_prefix('{')?.split_once('}')?;
    if n < 3 {
        return None;
    }
    let arg = arg.trim();
    let d = match name.trim() {
        "code-block" | "code" | "sourcecode" | "code-cell" => {
            let lang = arg.split_whitespace().next().unwrap_or("");
            Directive::Code(if lang == "ipython3" || lang == "ipython" { "python".into() } else { lang.into() })
        }
        "math" => Directive::Code("math".into()),
        "figure" | "image" if !arg.is_empty() => Directive::Image(arg.to_string()),
        _ => return None,
    };
    Some((d, c, n))
}

/// What a code directive's option line (`:linenos:`) adds to the fence's
/// info string (`None`: not an option line).
pub(super) fn code_option(line: &str) -> Option<String> {
    let (key, value) = line.trim().strip_prefix(':')?.split_once(':')?;
    if key.contains(' ') {
        return None;
    }
    let value = value.trim();
    Some(match key {
        "linenos" | "number-lines" => " showLineNumbers".to_string(),
        "lineno-start" => format!(" showLineNumbers={value}"),
        "emphasize-lines" => format!(" {{{}}}", value.replace(' ', "")),
        _ => String::new(),
    })
}

/// A role opsite does not know: (column, name), for one warning each.
pub(super) type Unknown = (usize, String);

/// `line` with its roles rewritten, and the roles it did not know, or
/// `None` when it has none.
pub(super) fn roles(line: &str) -> Option<(String, Vec<Unknown>)> {
    if !line.contains("}`") {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut unknown = Vec::new();
    let mut rest = line;
    let mut changed = false;
    let mut col = 0;
    while let Some(open) = rest.find(['{', '`']) {
        // A code span is code: `https://x/{version}` is no role.
        if rest[open..].starts_with('`') {
            let ticks = rest[open..].chars().take_while(|&c| c == '`').count();
            let fence = &rest[open..open + ticks];
            let end = rest[open + ticks..].find(fence).map_or(open + ticks, |e| open + ticks + e + ticks);
            out.push_str(&rest[..end]);
            col += end;
            rest = &rest[end..];
            continue;
        }
        let Some((name, content, len)) = role_at(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            col += open + 1;
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        let (text, target) = split_target(content);
        let written = match name {
            // Links keep the role's width where they can (spaces before
            // the `)`), so columns after them on the line stay right.
            "ref" | "numref" | "doc" | "download" | "any" => {
                padded(format!("[{}]({})", escape_text(text.unwrap_or("")), destination(target)), len)
            }
            "eq" => padded(format!("[]({})", destination(&format!("#{target}"))), len),
            "math" => format!("${content}$"),
            "term" | "abbr" | "sub" | "sup" | "guilabel" | "menuselection" => {
                escape_text(text.unwrap_or(target).split(" (").next().unwrap_or(target))
            }
            // Sphinx's literal roles, and domain roles (`{py:func}`),
            // are code.
            "kbd" | "code" | "command" | "file" | "samp" | "envvar" | "program" | "option" | "literal" | "mimetype"
            | "makevar" | "regexp" => code_span(content),
            _ if name.contains(':') => code_span(split_target(content).1),
            _ => {
                unknown.push((col + open, name.to_string()));
                code_span(content)
            }
        };
        out.push_str(&written);
        changed = true;
        col += open + len;
        rest = &rest[open + len..];
    }
    out.push_str(rest);
    changed.then_some((out, unknown))
}

/// `{name}`content`` at the start of `s`: the name, the content, and the
/// length of the whole role.
fn role_at(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find('}')?;
    let name = &s[1..close];
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if !ok {
        return None;
    }
    let after = &s[close + 1..];
    let ticks = after.chars().take_while(|&c| c == '`').count();
    if ticks == 0 {
        return None;
    }
    let fence = &after[..ticks];
    let body = &after[ticks..];
    let end = body.find(fence)?;
    let content = &body[..end];
    (!content.is_empty()).then_some((name, content, close + 1 + ticks + end + ticks))
}

/// A link destination: in angle brackets only when it needs them.
fn destination(target: &str) -> String {
    if target.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", target.replace('>', "%3E"))
    } else {
        target.to_string()
    }
}

/// A link `[…](…)` with spaces before its `)` up to `width` bytes.
fn padded(mut link: String, width: usize) -> String {
    if link.len() < width && link.ends_with(')') {
        link.insert_str(link.len() - 1, &" ".repeat(width - link.len()));
    }
    link
}

/// `Text <target>` → (Some(text), target); `target` → (None, target).
fn split_target(content: &str) -> (Option<&str>, &str) {
    if let Some(inner) = content.trim_end().strip_suffix('>')
        && let Some((text, target)) = inner.rsplit_once('<')
        && !text.trim().is_empty()
    {
        return (Some(text.trim()), target.trim());
    }
    (None, content.trim())
}

/// Text that stays text inside a link's brackets.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '\\' | '<' | '>' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `content` as a code span, with a fence longer than any run of
/// backticks in it.
fn code_span(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {content} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> String {
        roles(line).map_or_else(|| line.to_string(), |(s, _)| s)
    }

    #[test]
    fn directives_that_are_code_math_or_images() {
        let d = directive;
        assert_eq!(d("```{code-block} python"), Some((Directive::Code("python".into()), '`', 3)));
        assert_eq!(d("````{code-cell} ipython3"), Some((Directive::Code("python".into()), '`', 4)));
        assert_eq!(d(":::{math}"), Some((Directive::Code("math".into()), ':', 3)));
        assert_eq!(d("```{figure} ../img/a.png"), Some((Directive::Image("../img/a.png".into()), '`', 3)));
        assert_eq!(d("```{note}"), None);
        assert_eq!(d("``{code} x"), None);
        assert_eq!(code_option(":emphasize-lines: 2, 4-5"), Some(" {2,4-5}".into()));
        assert_eq!(code_option(":caption: A caption"), Some(String::new()));
        assert_eq!(code_option("x = {a: 1}"), None);
    }

    #[test]
    fn cross_references_become_links_with_or_without_text() {
        assert_eq!(r("See {ref}`setup-steps`."), "See [](setup-steps   ).");
        assert_eq!(r("See {ref}`the *steps* <setup-steps>`."), "See [the \\*steps\\*](setup-steps    ).");
        assert_eq!(r("{doc}`../a b` and {numref}`fig-1`"), "[](<../a b> ) and [](fig-1      )");
        assert_eq!(r("By {eq}`euler`"), "By [](#euler )");
        assert_eq!(r("{math}`a^2` and {term}`Pod <pod>`"), "$a^2$ and Pod");
    }

    #[test]
    fn unknown_roles_are_code_and_named_and_other_braces_stay() {
        let (out, unknown) = roles("Press {kbd}`Ctrl+C`, see {py:func}`run <pkg.run>` and {wiki}`Foo`").unwrap();
        assert_eq!(out, "Press ` Ctrl+C `, see ` pkg.run ` and ` Foo `");
        assert_eq!(unknown, [(54, "wiki".to_string())], "the column in the line as written");
        assert_eq!(roles("a {b} `c` {not a role}`x`"), None);
        assert_eq!(roles("json {\"a\": 1}`"), None);
        assert_eq!(roles("`https://x/{version}` and `y`"), None, "code spans are code");
        assert_eq!(r("{ref}``a`b``"), "[](a`b     )");
    }
}
