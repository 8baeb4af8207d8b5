//! Frontmatter: YAML between `---` lines or TOML between `+++` lines.

use serde::{Deserialize, Deserializer};

use std::path::Path;

use crate::report::Diagnostic;
use crate::util::text::unknown_field_hint;

/// Fields a page or section index may set in its frontmatter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title; falls back to the first `#` heading, then the file name.
    pub title: Option<String>,
    /// Meta description and summary in section listings.
    pub description: Option<String>,
    /// Position among siblings: lower first; pages without a weight go last.
    pub weight: Option<i64>,
    /// Publication date, `YYYY-MM-DD` with an optional time.
    #[serde(default, deserialize_with = "date")]
    pub date: Option<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Replaces the last URL segment (the file or directory name).
    pub slug: Option<String>,
    /// Template to render with instead of `page.html`/`section.html`.
    pub template: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free-form data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Runbooks: the alerts this page documents, each a heading on the page.
    #[serde(default)]
    pub alerts: Vec<AlertRef>,
    /// Runbooks: narrows which incident issues are shown.
    #[serde(default)]
    pub issues: Option<IssueFilter>,
}

/// An alert documented by a runbook: a name, or a name with an explicit anchor.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum AlertRef {
    /// `PVCFillingUp`: the anchor is the id of the heading with that text.
    Name(String),
    /// `{name: PVCFillingUp, anchor: pvc-filling-up}`.
    #[serde(rename_all = "snake_case")]
    Full {
        /// Alert name as in the rule's `alert:` field.
        name: String,
        /// Heading id on this page.
        anchor: String,
    },
}

/// `issues: {repo, labels}` on a runbook.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueFilter {
    /// `owner/repo` to look for incidents in instead of the site default.
    pub repo: Option<String>,
    /// Labels every incident must carry, besides the alert label.
    #[serde(default)]
    pub labels: Vec<String>,
}

/// Accepts a YAML/TOML string or a TOML datetime, and checks the shape.
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Str(String),
        Toml(toml::value::Datetime),
    }
    let s = match Raw::deserialize(d)? {
        Raw::Str(s) => s,
        Raw::Toml(t) => t.to_string(),
    };
    if is_date(&s) {
        Ok(Some(s))
    } else {
        Err(serde::de::Error::custom(format!("invalid date {s:?}: expected YYYY-MM-DD, optionally followed by a time")))
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (1..=12).contains(&((b[5] - b'0') * 10 + (b[6] - b'0')))
        && (1..=31).contains(&((b[8] - b'0') * 10 + (b[9] - b'0')))
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
}

/// A Markdown file split into frontmatter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// Parsed frontmatter (default when the file has none).
    pub front: FrontMatter,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// File lines of the keys whose values are checked after parsing.
    pub key_lines: KeyLines,
}

/// File lines of the frontmatter keys whose values later stages check
/// (0: not written). Fixed fields, so a page costs no allocation for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyLines([u32; LINED_KEYS.len()]);

/// The keys [`KeyLines`] records.
const LINED_KEYS: [&str; 5] = ["slug", "aliases", "template", "alerts", "issues"];

impl KeyLines {
    /// Line of `key` (0 when it is not written or not recorded).
    pub fn get(&self, key: &str) -> usize {
        LINED_KEYS.iter().position(|k| *k == key).map_or(0, |i| self.0[i] as usize)
    }
}

/// Splits `text` (the contents of `path`) and parses its frontmatter.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let first = text[..first_line_end].trim_end();
    let (delim, yaml) = match first {
        "---" => ("---", true),
        "+++" => ("+++", false),
        _ => {
            return Ok(Split {
                front: FrontMatter::default(),
                body: text,
                body_line: 1,
                key_lines: KeyLines::default(),
            });
        }
    };
    // Find the closing delimiter on a line of its own.
    let mut offset = first_line_end;
    let mut line_no = 2;
    let mut close = None;
    while offset < text.len() {
        let end = text[offset..].find('\n').map(|i| offset + i + 1).unwrap_or(text.len());
        let line = text[offset..end].trim_end();
        if line == delim || (yaml && line == "...") {
            close = Some((offset, end));
            break;
        }
        offset = end;
        line_no += 1;
    }
    let Some((close_start, body_start)) = close else {
        return Err(Diagnostic::new(path, 1, 1, format!("frontmatter opened with `{delim}` is never closed"))
            .hint(Some(format!("add a line `{delim}` where the frontmatter ends"))));
    };
    let raw = &text[first_line_end..close_start];
    let front = if yaml { parse_yaml(raw, path)? } else { parse_toml(raw, path)? };
    Ok(Split { front, body: &text[body_start..], body_line: line_no + 1, key_lines: key_lines(raw, yaml) })
}

/// File lines of the top-level keys in [`LINED_KEYS`] in the frontmatter
/// text `raw` (YAML `key:` or TOML `key =` at the start of a line), so that
/// a problem with a value found after parsing (a bad slug or alias) can
/// point at its line.
fn key_lines(raw: &str, yaml: bool) -> KeyLines {
    let sep = if yaml { ':' } else { '=' };
    let mut out = KeyLines::default();
    for (i, line) in raw.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-', '[']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(sep) {
            let key = key.trim().trim_matches(['"', '\'']);
            if let Some(k) = LINED_KEYS.iter().position(|k| *k == key)
                && out.0[k] == 0
            {
                out.0[k] = u32::try_from(i + 1 + FM_LINE_OFFSET).unwrap_or(0);
            }
        }
    }
    out
}

/// The frontmatter starts on line 2 of the file: every position is shifted by one.
const FM_LINE_OFFSET: usize = 1;

fn parse_yaml(raw: &str, path: &Path) -> Result<FrontMatter, Diagnostic> {
    if raw.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<Option<FrontMatter>>(raw, options).map(Option::unwrap_or_default).map_err(
        |e| {
            let (line, col) = e.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((1, 1));
            let message = yaml_message(&e.to_string());
            let hint = unknown_field_hint(&message).or_else(|| type_hint(&message));
            Diagnostic::new(path, line + FM_LINE_OFFSET, col, message).hint(hint)
        },
    )
}

/// serde-saphyr prefixes messages with their position; we print our own.
fn yaml_message(msg: &str) -> String {
    let msg = msg.lines().next().unwrap_or(msg).trim();
    let msg = msg.strip_prefix("error: ").unwrap_or(msg);
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    };
    let msg = msg
        .replace("invalid i64", "expected a whole number")
        .replace("invalid boolean", "expected true or false")
        .replace("invalid bool", "expected true or false")
        .replace("expected string scalar", "expected text");
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i].contains("column")
    {
        return format!("invalid frontmatter: {}", &rest[i + 2..]);
    }
    format!("invalid frontmatter: {msg}")
}

/// A hint for values of the wrong type, the usual cause being YAML reading
/// `[`, `{`, `:` or `#` in an unquoted value as syntax.
fn type_hint(message: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("expected true or false") {
        return Some("write `true` or `false`".into());
    }
    if m.contains("expected a whole number") {
        return Some("write a whole number, like `10`".into());
    }
    (m.contains("expected text") || m.contains("sequence") || m.contains("mapping") || m.contains("flow"))
        .then(|| "if the value is text, put it in double quotes: title: \"[draft] Access\"".into())
}

fn parse_toml(raw: &str, path: &Path) -> Result<FrontMatter, Diagnostic> {
    toml::from_str::<FrontMatter>(raw).map_err(|e| {
        let (line, col) = e.span().map(|s| crate::util::pos::line_col(raw, s.start)).unwrap_or((1, 1));
        let message = format!("invalid frontmatter: {}", e.message().trim().replace('\n', " "));
        let hint = unknown_field_hint(&message);
        Diagnostic::new(path, line + FM_LINE_OFFSET, col, message).hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.md")
    }

    #[test]
    fn no_frontmatter_is_fine() {
        let s = split("# Hi\n\ntext", p()).unwrap();
        assert_eq!(s.body, "# Hi\n\ntext");
        assert_eq!(s.body_line, 1);
        assert!(s.front.title.is_none());
    }

    #[test]
    fn yaml_and_toml_frontmatter() {
        let s = split("---\ntitle: A\nweight: 2\ndate: 2024-05-01\n---\nbody\n", p()).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("A"));
        assert_eq!(s.front.weight, Some(2));
        assert_eq!(s.front.date.as_deref(), Some("2024-05-01"));
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 6);
        let s = split("+++\ntitle = \"B\"\ndate = 2024-05-01\n+++\nbody", p()).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("B"));
        assert_eq!(s.front.date.as_deref(), Some("2024-05-01"));
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = split("---\ntitle: A\nweight: heavy\n---\n", p()).unwrap_err();
        assert_eq!((e.line, e.col), (3, 9), "{e}");
        let e = split("---\ntitle: A\ntittle: B\n---\n", p()).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("tittle"), "{e}");
        let e = split("+++\ntitle = \"A\"\nwieght = 1\n+++\n", p()).unwrap_err();
        assert_eq!((e.line, e.col), (3, 1), "{e}");
        let e = split("---\ntitle: A\n", p()).unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
    }

    #[test]
    fn messages_read_well() {
        let e = split("---\ndraft: maybe\n---\n", p()).unwrap_err();
        assert!(!e.message.contains("falseean"), "{e}");
        assert!(e.message.contains("expected true or false"), "{e}");
        let e = split("---\ntittle: B\n---\n", p()).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"), "{e}");
        let e = split("---\ntitle: [unclosed\n---\n", p()).unwrap_err();
        assert!(e.hint.as_deref().is_some_and(|h| h.contains("double quotes")), "{e}");
    }

    #[test]
    fn key_lines_point_at_keys() {
        let s = split("---\ntitle: A\nslug: x\naliases:\n  - /a/\n---\n", p()).unwrap();
        assert_eq!(s.key_lines.get("slug"), 3);
        assert_eq!(s.key_lines.get("aliases"), 4);
        assert_eq!(s.key_lines.get("template"), 0);
        let s = split("+++\ntitle = \"A\"\nslug = \"x\"\n+++\n", p()).unwrap();
        assert_eq!(s.key_lines.get("slug"), 3);
    }

    #[test]
    fn alerts_accept_names_and_maps() {
        let s = split("---\nalerts: [A, {name: B, anchor: b-x}]\n---\n", p()).unwrap();
        assert_eq!(
            s.front.alerts,
            vec![AlertRef::Name("A".into()), AlertRef::Full { name: "B".into(), anchor: "b-x".into() }]
        );
    }
}
