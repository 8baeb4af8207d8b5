//! MkDocs includes: pymdownx.snippets (`--8<-- "file.md"`, the block form
//! between two bare `--8<--` lines, `file.md:3:5` line ranges and
//! `--8<-- [start:name]` sections), markdown-include (`{!file.md!}`) and
//! MyST's ```` ```{include} path ```` directive.
//! They share `{{#include}}`'s root, cycle and size rules.
//!
//! MkDocs resolves them from the project root (`base_path`), not the page:
//! a path is looked up beside the page, then at the source's root, then in
//! its `docs/`. A missing file is a warning and nothing is included, as
//! MkDocs' default (`check_paths: false`) does.

use std::path::Path;

use super::directives::{Expansion, locate, select};
use crate::report::Diagnostic;

const SCISSORS: &str = "--8<--";

/// Whether `body` has anything for [`expand`] to do.
pub(super) fn present(body: &str) -> bool {
    super::markers::starts_a_line(body, &[SCISSORS, "{!", "```{include}", ":::{include}"])
}

/// MyST's ```` ```{include} path ````: the fence that closes it and the path.
fn myst_include(t: &str) -> Option<(String, &str)> {
    let c = t.chars().next().filter(|c| matches!(c, '`' | ':'))?;
    let fence: String = t.chars().take_while(|&x| x == c).collect();
    let path = t[fence.len()..].trim_start().strip_prefix("{include}")?.trim();
    (fence.len() >= 3 && !path.is_empty()).then_some((fence, path))
}

/// `body` with its snippet lines replaced by the files they name.
pub(super) fn expand(
    body: &str,
    abs: &Path,
    file: &Path,
    first_line: usize,
    boundary: &Path,
    ex: &mut Expansion,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(body.len());
    let mut block = false;
    let mut fence: Option<String> = None;
    // A MyST include being read: its fence, path and line.
    let mut myst: Option<(String, String, usize)> = None;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let t = line.trim();
        // Its options (`:start-after:`) are not read; the closing fence
        // brings the file in.
        if let Some((fence, path, at)) = &myst {
            if t.starts_with(fence.as_str()) && t.trim_start_matches(fence.chars().next().unwrap_or('`')).is_empty() {
                if let Some(text) = snippet(path, abs, file, *at, boundary, ex)? {
                    out.push_str(text.trim_end_matches('\n'));
                }
                out.push('\n');
                myst = None;
            }
            continue;
        }
        if fence.is_none()
            && let Some((f, path)) = myst_include(t)
        {
            myst = Some((f, path.to_string(), first_line + n));
            continue;
        }
        // Code shows snippet syntax as it is.
        if let Some(f) = &fence {
            if t.starts_with(f.as_str()) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(t.chars().take_while(|&c| c == '`' || c == '~').collect());
            out.push_str(line);
            continue;
        }
        let at = first_line + n;
        let path = if t == SCISSORS {
            block = !block;
            continue;
        } else if block {
            (!t.is_empty() && !t.starts_with(';')).then(|| t.trim_matches(['"', '\'']).to_string())
        } else if let Some(rest) = t.strip_prefix(SCISSORS).filter(|r| r.starts_with(' ')) {
            let rest = rest.trim();
            // `--8<-- [start:name]` marks a section in the included file.
            if rest.starts_with('[') {
                continue;
            }
            Some(rest.trim_matches(['"', '\'']).to_string())
        } else if let Some(inner) = t.strip_prefix("{!").and_then(|r| r.strip_suffix("!}")) {
            Some(inner.split('!').next().unwrap_or(inner).trim().to_string())
        } else {
            if let Some(escaped) = t.strip_prefix(';').filter(|r| r.starts_with(SCISSORS)) {
                out.push_str(&line.replacen(t, escaped, 1));
            } else {
                out.push_str(line);
            }
            continue;
        };
        let Some(path) = path.filter(|p| !p.is_empty()) else {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        match snippet(&path, abs, file, at, boundary, ex)? {
            Some(text) => {
                for l in text.lines() {
                    out.push_str(indent);
                    out.push_str(l);
                    out.push('\n');
                }
            }
            None => out.push('\n'),
        }
    }
    Ok(out)
}

/// The text a snippet path stands for (`None`: missing, warned).
fn snippet(
    path: &str,
    abs: &Path,
    file: &Path,
    line: usize,
    boundary: &Path,
    ex: &mut Expansion,
) -> Result<Option<String>, Diagnostic> {
    // `file.md:3:5` lines, `file.md:name` a section; a Windows-looking
    // `C:` is not a selector.
    let (name, selector) = match path.split_once(':') {
        Some((p, s)) if p.len() > 1 => (p, Some(s)),
        _ => (path, None),
    };
    let here = abs.parent().unwrap_or(Path::new("."));
    let bases = [here, boundary, &boundary.join("docs")];
    let target = match locate(&bases, name, boundary, &ex.stack) {
        Ok(t) => t,
        Err(why) => {
            ex.warnings.push(
                Diagnostic::new(file, line, 1, format!("snippet `{path}` is not included: {why}"))
                    .hint(Some("snippet paths start at the MkDocs project root, beside the page, or in docs/".into())),
            );
            return Ok(None);
        }
    };
    let text = std::fs::read_to_string(&target)
        .map_err(|e| Diagnostic::new(file, line, 1, format!("snippet `{path}`: {e}")))?;
    // pymdownx's sections are `--8<-- [start:name]` … `[end:name]`.
    let text = match selector {
        Some(s) if !s.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            let start = format!("[start:{s}]");
            let end = format!("[end:{s}]");
            let lines: Vec<&str> = text.lines().collect();
            let from = lines.iter().position(|l| l.contains(&start)).map_or(0, |i| i + 1);
            let to = lines[from..].iter().position(|l| l.contains(&end)).map_or(lines.len(), |i| from + i);
            lines[from..to].iter().map(|l| format!("{l}\n")).collect()
        }
        _ => select(&text, selector).unwrap_or_default(),
    };
    ex.spend(text.len()).map_err(|why| Diagnostic::new(file, line, 1, format!("snippet `{path}`: {why}")))?;
    // Snippets may hold snippets.
    if present(&text) {
        ex.stack.push(target);
        let nested = expand(&text, &ex.stack[ex.stack.len() - 1].clone(), file, line, boundary, ex)?;
        ex.stack.pop();
        return Ok(Some(nested));
    }
    Ok(Some(text))
}
