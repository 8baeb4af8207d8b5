//! Directives other tools expand before Markdown is read, expanded here the
//! same way: mdBook's `{{#include file}}` and `{{#rustdoc_include file}}`
//! (with line ranges and anchors), `{{#playground file}}` (the file as a
//! Rust block) and `{{#title …}}`, and Hugo's `{{< ref "page.md" >}}` /
//! `relref` (a path the link check then follows), and the include
//! shortcodes Hugo sites add (`readfile`, `include`, Grafana's
//! `docs/shared`). Other shortcodes are left for the parse stage to report.

use std::path::{Path, PathBuf};

use crate::report::Diagnostic;

/// Includes may nest this deep (a cycle is reported before that).
const MAX_DEPTH: usize = 8;
/// Includes one page may expand: depth alone does not bound the work, since
/// eight levels that each include the next ten times are 10^8 includes.
const MAX_INCLUDES: usize = 10_000;
/// Bytes one page's includes may add.
const MAX_INCLUDED_BYTES: usize = 16 << 20;

/// The files being expanded (canonical), and what the page has used of
/// its budget.
pub(super) struct Expansion {
    pub(super) stack: Vec<PathBuf>,
    includes: usize,
    bytes: usize,
    /// mdBook's `{{#title …}}`.
    title: Option<String>,
    /// Problems that do not stop the page (a missing MkDocs snippet).
    pub(super) warnings: Vec<Diagnostic>,
    /// What Hugo's `{{% param %}}` reads: the page's own values (title,
    /// description) first, then the site's.
    page: Vec<(&'static str, String)>,
    params: std::sync::Arc<toml::Table>,
}

impl Expansion {
    /// Counts an include of `len` bytes against the page's budget.
    pub(super) fn spend(&mut self, len: usize) -> Result<(), String> {
        self.includes += 1;
        self.bytes += len;
        if self.includes > MAX_INCLUDES || self.bytes > MAX_INCLUDED_BYTES {
            return Err(format!(
                "this page's includes expand past {MAX_INCLUDES} includes or {} MB",
                MAX_INCLUDED_BYTES >> 20
            ));
        }
        Ok(())
    }
}

/// A body with its directives expanded.
#[derive(Debug, Default)]
pub(super) struct Expanded {
    /// The new body, when anything changed.
    pub body: Option<String>,
    /// The title `{{#title …}}` gives the page.
    pub title: Option<String>,
    /// Problems that do not stop the page.
    pub warnings: Vec<Diagnostic>,
}

/// Expands the directives in `body` of the file `abs` (named `file` in
/// messages; `first_line` is the file line `body` starts on). Files may
/// only be included from inside `boundary`.
pub(super) fn expand(
    body: &str,
    abs: &Path,
    file: &Path,
    first_line: usize,
    boundary: &Path,
    params: &std::sync::Arc<toml::Table>,
    page: [(&'static str, Option<&str>); 2],
) -> Result<Expanded, Diagnostic> {
    let snippets = super::snippets::present(body);
    if !body.contains("{{") && !snippets {
        return Ok(Expanded::default());
    }
    // Canonical paths, so a cycle is found however its links are written.
    let stack = vec![std::fs::canonicalize(abs).unwrap_or_else(|_| abs.to_path_buf())];
    let page = page.iter().filter_map(|&(k, v)| Some((k, v?.to_string()))).collect();
    let params = params.clone();
    let mut ex = Expansion { stack, includes: 0, bytes: 0, title: None, warnings: Vec::new(), page, params };
    let snipped =
        if snippets { Some(super::snippets::expand(body, abs, file, first_line, boundary, &mut ex)?) } else { None };
    let body_now = snipped.as_deref().unwrap_or(body);
    let out = if body_now.contains("{{") {
        expand_in(body_now, abs, file, first_line, boundary, &mut ex)?
    } else {
        body_now.to_string()
    };
    Ok(Expanded { body: (out != body).then_some(out), title: ex.title, warnings: ex.warnings })
}

/// The mdBook directives that include a file: the directive's name, and
/// whether the file becomes a Rust block of its own.
const INCLUDES: [(&str, bool); 3] = [("{{#include ", false), ("{{#rustdoc_include ", false), ("{{#playground ", true)];

fn expand_in(
    body: &str,
    abs: &Path,
    file: &Path,
    first_line: usize,
    boundary: &Path,
    ex: &mut Expansion,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut consumed = 0;
    // One index for the body: finding each `{{`'s line from the start made
    // a page of many shortcodes quadratic.
    let lines = crate::util::pos::LineIndex::new(body, 1);
    while let Some(i) = rest.find("{{") {
        let at = consumed + i;
        let (line, col) = lines.line_col(body, at);
        let line = line + first_line.saturating_sub(1);
        let here = |message: String| Diagnostic::new(file, line, col, message);
        // `\{{#include x}}` is written out as it is, without the backslash.
        if rest[..i].ends_with('\\') {
            out.push_str(&rest[..i - 1]);
            out.push_str("{{");
            rest = &rest[i + 2..];
            consumed = at + 2;
            continue;
        }
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let directive = INCLUDES.iter().find_map(|&(name, block)| {
            let rest = after.strip_prefix(name)?;
            Some((name, block, &rest[..directive_end(rest, "}}")?]))
        });
        if let Some((name, block, arg)) = directive {
            // `{{#playground file.rs editable}}`: the file, then attributes.
            let (path_arg, attrs) =
                if block { arg.trim().split_once(' ').unwrap_or((arg.trim(), "")) } else { (arg.trim(), "") };
            let (target, text) = include(path_arg, abs, boundary, &ex.stack).map_err(&here)?;
            if let Err(why) = ex.spend(text.len()) {
                return Err(here(format!("{{{{#include {}}}}}: {why}", arg.trim()))
                    .hint(Some("an included file includes others many times over; include each part once".into())));
            }
            let nested = ex.stack.len() < MAX_DEPTH && text.contains("{{#");
            let text = if nested {
                ex.stack.push(target.clone());
                let expanded = expand_in(&text, &target, file, line, boundary, ex)?;
                ex.stack.pop();
                expanded
            } else {
                text
            };
            if block {
                let attrs: String = attrs.split_whitespace().map(|a| format!(",{a}")).collect();
                out.push_str(&format!("```rust{attrs}\n{}\n```", text.trim_end_matches('\n')));
            } else {
                out.push_str(text.trim_end_matches('\n'));
            }
            let len = name.len() + arg.len() + 2;
            rest = &after[len..];
            consumed = at + len;
        } else if let Some((title, len)) = after
            .strip_prefix("{{#title ")
            .and_then(|a| Some(&a[..directive_end(a, "}}")?]))
            .map(|t| (t.trim().to_string(), "{{#title ".len() + t.len() + 2))
        {
            ex.title.get_or_insert(title);
            rest = &after[len..];
            consumed = at + len;
        } else if let Some((target, len)) = hugo_ref(after) {
            out.push_str(&target);
            rest = &after[len..];
            consumed = at + len;
        } else if let Some((value, len)) = hugo_param(after, &ex.page, &ex.params) {
            out.push_str(&value);
            rest = &after[len..];
            consumed = at + len;
        } else if let Some((kind, path, len)) = hugo_include(after) {
            // Hugo has no include of its own; themes and sites add one
            // (Docsy's `readfile`, Grafana's `docs/shared`). A missing file
            // is left out with a warning, as the shortcode is not Hugo's.
            let here_dir = abs.parent().unwrap_or(Path::new("."));
            let bases: Vec<PathBuf> = match kind {
                // `docs/shared` looks the file up in a `shared` folder above.
                HugoInclude::Shared => here_dir.ancestors().take(16).map(|d| d.join("shared")).collect(),
                // `/x` is from the project root (or its content folder).
                HugoInclude::File if path.starts_with('/') => vec![boundary.to_path_buf(), boundary.join("content")],
                HugoInclude::File => vec![here_dir.to_path_buf(), boundary.to_path_buf()],
            };
            let bases: Vec<&Path> = bases.iter().map(PathBuf::as_path).collect();
            let shortcode = after[..len].to_string();
            match locate(&bases, path.trim_start_matches('/'), boundary, &ex.stack) {
                Ok(target) => {
                    let text = std::fs::read_to_string(&target).map_err(|e| here(format!("{shortcode}: {path}: {e}")))?;
                    ex.spend(text.len()).map_err(|why| here(format!("{shortcode}: {why}")))?;
                    let text = without_frontmatter(&text);
                    out.push_str(text.trim_end_matches('\n'));
                }
                Err(why) => ex.warnings.push(
                    here(format!("{shortcode} is left out: {why}"))
                        .hint(Some("opsite reads `readfile` and `docs/shared` from the page's folder or a `shared` folder above it".into())),
                ),
            }
            rest = &after[len..];
            consumed = at + len;
        } else {
            out.push_str("{{");
            rest = &after[2..];
            consumed = at + 2;
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The file `{{#include path[:range-or-anchor]}}` names (canonical) and
/// the text it stands for. `stack`: the canonical files being expanded.
fn include(arg: &str, abs: &Path, boundary: &Path, stack: &[PathBuf]) -> Result<(PathBuf, String), String> {
    let (path, selector) = match arg.split_once(':') {
        Some((p, s)) => (p, Some(s)),
        None => (arg, None),
    };
    let here = abs.parent().unwrap_or(Path::new("."));
    let canon = locate(&[here], path, boundary, stack).map_err(|why| format!("{{{{#include {arg}}}}}: {why}"))?;
    let text = std::fs::read_to_string(&canon).map_err(|e| format!("{{{{#include {arg}}}}}: {path}: {e}"))?;
    let selected = select(&text, selector)
        .ok_or_else(|| format!("{{{{#include {arg}}}}}: {path} has no anchor `{}`", selector.unwrap_or("")))?;
    Ok((canon, selected))
}

/// `path` found from `bases` in turn (canonical), if it is inside
/// `boundary` and not being expanded already.
pub(super) fn locate(bases: &[&Path], path: &str, boundary: &Path, stack: &[PathBuf]) -> Result<PathBuf, String> {
    let mut missing = format!("{path}: no such file");
    let canon = bases
        .iter()
        .find_map(|b| std::fs::canonicalize(b.join(path)).map_err(|e| missing = format!("{path}: {e}")).ok())
        .ok_or(missing)?;
    if !canon.starts_with(boundary) {
        return Err(format!("{path} is outside the site or its source"));
    }
    if stack.contains(&canon) {
        return Err(format!("{path} includes itself (an include cycle)"));
    }
    if stack.len() >= MAX_DEPTH {
        return Err(format!("includes nest more than {MAX_DEPTH} deep"));
    }
    Ok(canon)
}

/// mdBook's selectors: `:N` one line, `:A:B`/`:A:`/`::B` a range (1-based,
/// inclusive), `:name` the lines between `ANCHOR: name` and `ANCHOR_END: name`.
pub(super) fn select(text: &str, selector: Option<&str>) -> Option<String> {
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return Some(strip_anchors(text.lines()));
    };
    let lines: Vec<&str> = text.lines().collect();
    let num = |s: &str| s.trim().parse::<usize>().ok();
    let range = match sel.split_once(':') {
        Some((a, b)) => {
            let start = if a.is_empty() { 1 } else { num(a)? };
            let end = if b.is_empty() { lines.len() } else { num(b)? };
            Some((start, end))
        }
        None => num(sel).map(|n| (n, n)),
    };
    if let Some((start, end)) = range {
        let (s, e) = (start.max(1) - 1, end.min(lines.len()));
        return Some(strip_anchors(lines.get(s..e).unwrap_or_default().iter().copied()));
    }
    let begin = lines.iter().position(|l| anchor_is(l, "ANCHOR:", sel))?;
    let end = lines[begin..].iter().position(|l| anchor_is(l, "ANCHOR_END:", sel)).map_or(lines.len(), |e| begin + e);
    Some(strip_anchors(lines[begin + 1..end].iter().copied()))
}

fn anchor_is(line: &str, marker: &str, name: &str) -> bool {
    line.split_once(marker).is_some_and(|(_, n)| n.trim().trim_end_matches("-->").trim_end_matches("*/").trim() == name)
}

/// The lines without `ANCHOR` marker lines, as mdBook shows them.
fn strip_anchors<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines.filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:")) {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// An included page without its YAML or TOML frontmatter (Grafana's shared
/// files carry `headless: true`).
fn without_frontmatter(text: &str) -> &str {
    for fence in ["---", "+++"] {
        if let Some(rest) = text.strip_prefix(fence).filter(|r| r.starts_with(['\n', '\r']))
            && let Some(end) = rest.find(&format!("\n{fence}"))
        {
            let after = &rest[end + 1 + fence.len()..];
            return after.strip_prefix("\r").unwrap_or(after).strip_prefix('\n').unwrap_or(after);
        }
    }
    text
}

/// Hugo's `{{% param "a.b" %}}` (or `{{< param a.b >}}`, `name="a.b"`)
/// when `params` has the value: the value as text, and how many bytes the
/// shortcode took. A value it does not have stays, for the parse stage to
/// report.
fn hugo_param(s: &str, page: &[(&str, String)], params: &toml::Table) -> Option<(String, usize)> {
    let (inner, len) = shortcode(s)?;
    let arg = inner.strip_prefix("param")?.strip_prefix(char::is_whitespace)?.trim();
    let key = arg.strip_prefix("name=").unwrap_or(arg).trim_matches(['"', '\'']);
    // The page's own value first, as Hugo's `.Param` has it.
    if let Some((_, v)) = page.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
        return Some((v.clone(), len));
    }
    let mut value: Option<&toml::Value> = None;
    let mut table = params;
    for part in key.split('.') {
        // Hugo's keys are case-insensitive.
        let v = table.iter().find(|(k, _)| k.eq_ignore_ascii_case(part)).map(|(_, v)| v)?;
        value = Some(v);
        if let toml::Value::Table(t) = v {
            table = t;
        }
    }
    let text = match value? {
        toml::Value::String(s) => s.trim_end().to_string(),
        toml::Value::Integer(_) | toml::Value::Float(_) | toml::Value::Boolean(_) | toml::Value::Datetime(_) => {
            value?.to_string()
        }
        _ => return None,
    };
    Some((text, len))
}

/// Which include shortcode a site uses.
#[derive(Debug, PartialEq, Eq)]
enum HugoInclude {
    /// `readfile`, `include`: a file path.
    File,
    /// Grafana's `docs/shared lookup="x.md"`: a file in a `shared` folder.
    Shared,
}

/// `{{< readfile file="x.md" >}}`, `{{% readfile "x.md" %}}`,
/// `{{< include "x.md" >}}`, `{{< docs/shared lookup="x.md" … >}}`: which,
/// the path, and how many bytes the shortcode took.
fn hugo_include(s: &str) -> Option<(HugoInclude, String, usize)> {
    let (inner, len) = shortcode(s)?;
    let (name, args) = inner.split_once(char::is_whitespace)?;
    let kind = match name {
        "readfile" | "include" | "readFile" => HugoInclude::File,
        "docs/shared" => HugoInclude::Shared,
        _ => return None,
    };
    let named = |key: &str| {
        args.split_whitespace()
            .find_map(|a| a.strip_prefix(key)?.strip_prefix('='))
            .map(|v| v.trim_matches(['"', '\'']).to_string())
    };
    let positional =
        || args.split_whitespace().next().filter(|a| !a.contains('=')).map(|a| a.trim_matches(['"', '\'']).to_string());
    let path = match kind {
        HugoInclude::Shared => named("lookup"),
        HugoInclude::File => named("file").or_else(positional),
    }?;
    (!path.is_empty() && !path.starts_with('-')).then_some((kind, path, len))
}

/// `{{< ref "x.md" >}}`, `{{< relref "x.md#a" >}}` (and `{{% … %}}`): the
/// path, and how many bytes the shortcode took.
fn hugo_ref(s: &str) -> Option<(String, usize)> {
    let (inner, len) = shortcode(s)?;
    let arg = inner.strip_prefix("relref").or_else(|| inner.strip_prefix("ref"))?;
    if !arg.starts_with(char::is_whitespace) {
        return None;
    }
    let path = arg.trim().trim_matches('"').trim_matches('\'');
    Some((path.to_string(), len))
}

/// The Hugo shortcode `s` starts with (`{{< … >}}` or `{{% … %}}`): its
/// inside, trimmed, and how many bytes it takes.
fn shortcode(s: &str) -> Option<(&str, usize)> {
    let close = match s.get(..3)? {
        "{{<" => ">}}",
        "{{%" => "%}}",
        _ => return None,
    };
    let end = directive_end(s, close)?;
    Some((s[3..end].trim(), end + close.len()))
}

/// Where `close` is in the directive or shortcode `s` starts with, looked
/// for in its first kilobyte (the window ends on a character): directives
/// are short, and looking to the end of the page for every `{{` made a
/// page of unclosed ones quadratic (a 1 MB page: 24 s).
fn directive_end(s: &str, close: &str) -> Option<usize> {
    let mut window = s.len().min(1024);
    while !s.is_char_boundary(window) {
        window -= 1;
    }
    s[..window].find(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        let t = "a\nb\n// ANCHOR: part\nc\nd\n// ANCHOR_END: part\ne\n";
        assert_eq!(select(t, None).unwrap(), "a\nb\nc\nd\ne\n");
        assert_eq!(select(t, Some("2")).unwrap(), "b\n");
        assert_eq!(select(t, Some("1:2")).unwrap(), "a\nb\n");
        assert_eq!(select(t, Some("6:")).unwrap(), "e\n");
        assert_eq!(select(t, Some("part")).unwrap(), "c\nd\n");
        assert_eq!(select(t, Some("nope")), None);
    }

    #[test]
    fn regression_unclosed_directives_are_looked_at_within_a_kilobyte() {
        // Each `{{` of a page of unclosed ones searched to the page's end.
        let far = format!("{{{{< ref \"x.md\" {}>}}}}", "é".repeat(600));
        assert_eq!(hugo_ref(&far), None);
        assert_eq!(directive_end(&format!("{{{{#title {}}}}}", "a".repeat(2000)), "}}"), None);
        assert_eq!(directive_end("{{#title A}} rest", "}}"), Some(10));
    }

    #[test]
    fn hugo_refs() {
        assert_eq!(hugo_ref("{{< ref \"a/b.md\" >}}) x"), Some(("a/b.md".into(), 20)));
        assert_eq!(hugo_ref("{{% relref \"x.md#y\" %}}"), Some(("x.md#y".into(), 23)));
        assert_eq!(hugo_ref("{{< param \"x\" >}}"), None);
        assert_eq!(
            hugo_include("{{< docs/shared source=\"loki\" lookup=\"a/b.md\" version=\"x\" >}} after"),
            Some((HugoInclude::Shared, "a/b.md".into(), 61))
        );
        assert_eq!(hugo_include("{{% readfile \"/x/y.md\" %}}").map(|h| h.1), Some("/x/y.md".into()));
        assert_eq!(hugo_include("{{< readfile file=\"z.md\" markdown=\"true\" >}}").map(|h| h.1), Some("z.md".into()));
        assert_eq!(hugo_include("{{< figure src=\"z.png\" >}}"), None);
        let params: toml::Table =
            toml::from_str("[notes]\ndocker-compose-v2 = \"Use **v2**.\\n\"\n[x]\nn = 3\n").unwrap();
        assert_eq!(
            hugo_param("{{% param notes.docker-compose-v2 %}} after", &[], &params),
            Some(("Use **v2**.".into(), 37))
        );
        assert_eq!(
            hugo_param("{{< param \"X.N\" >}}", &[], &params).map(|p| p.0),
            Some("3".into()),
            "keys ignore case"
        );
        assert_eq!(hugo_param("{{% param notes.missing %}}", &[], &params), None);
        assert_eq!(hugo_param("{{% parameter x %}}", &[], &params), None);
        // Regression: a window cut inside a character panicked (opentelemetry.io).
        let long = format!("{{{{% x {}─ %}}}}", "a".repeat(1016));
        assert_eq!(hugo_include(&long), None);
        assert_eq!(without_frontmatter("---\nheadless: true\n---\nBody\n"), "Body\n");
        assert_eq!(without_frontmatter("Body\n---\n"), "Body\n---\n");
    }
}
