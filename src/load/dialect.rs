//! Other tools' admonitions, rewritten before Markdown is read: MkDocs
//! `!!! note "Title"` / `??? note` (indented body), Docusaurus and VitePress
//! `:::note Title` … `:::`, MyST `:::{note}` and ```` ```{note} ````, and
//! the Hugo theme shortcodes `{{< hint >}}`, `{{% alert %}}`,
//! `{{< callout >}}`, `{{< admonition >}}`, `{{< details >}}`, `{{< note >}}`.
//!
//! Each opening line becomes a marker comment the Markdown pass turns into
//! the callout GitHub's `> [!NOTE]` gives, and each end a closing marker; the
//! body stays Markdown, so links, code and nested callouts in it work. Lines
//! keep their numbers (a marker takes the line of what it replaces, an
//! indented body's end takes the blank line after it), so messages about
//! the body still point at the right line.

use super::hugo::{closing_shortcode, other_shortcode, shortcode_inner, split_args};
use crate::util::text::{hex, unhex};

/// How every marker comment of the rewrite starts; the Markdown pass
/// reads such comments even where raw HTML is left out.
pub const PREFIX: &str = "<!--opsite:";
/// How a callout marker starts. Only the Markdown pass reads it, and it
/// treats one written by hand like ours: the title is hex, the kind one of
/// five, so nothing in it is markup.
pub const MARKER: &str = "<!--opsite:callout ";
/// The closing marker.
pub const END_MARKER: &str = "<!--opsite:/callout-->";
/// How an anchor marker starts (MyST `(label)=`); the label follows in hex.
pub const ANCHOR_MARKER: &str = "<!--opsite:anchor ";

/// The label of an anchor marker line.
pub fn anchor_label(line: &str) -> Option<String> {
    let hex = line.trim().strip_prefix(ANCHOR_MARKER)?.strip_suffix("-->")?;
    unhex(hex).filter(|l| !l.is_empty())
}

/// `(label)=` alone on a line: MyST's target for `{ref}` and `#label` links.
fn myst_label(line: &str) -> Option<&str> {
    let label = line.trim_end().strip_prefix('(')?.strip_suffix(")=")?;
    let ok = !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    ok.then_some(label)
}

/// A problem found rewriting: (line index in the body, column, message).
pub type Note = (usize, usize, String);

/// What ends an open container.
enum Ends {
    /// A non-blank line indented less than this (MkDocs).
    Dedent(usize),
    /// A line of at least this many colons and nothing else.
    Colons(usize),
    /// A line of at least this many of this fence character.
    Fence(char, usize),
    /// The Hugo closing shortcode of this name.
    Shortcode(String),
}

struct Open {
    ends: Ends,
    /// The indentation its markers are written at.
    indent: usize,
    /// Whether it writes markers (an unknown colon fence only hides its lines).
    marked: bool,
}

/// The body with other tools' admonitions rewritten into markers, and what
/// could not be, or `None` when there is nothing to rewrite.
pub fn rewrite(body: &str) -> Option<(String, Vec<Note>)> {
    if !starts_a_line(body, &["!!!", "???", ":::", "```{", "~~~{", "{{<", "{{%", "("]) {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // A fenced code block: (char, length, containers open when it began).
    let mut code: Option<(char, usize, usize)> = None;
    let mut changed = false;
    // Shortcodes already warned about (a set: a page may name thousands).
    let mut warned: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (n, raw) in body.split_inclusive('\n').enumerate() {
        let (line, eol) = match raw.strip_suffix('\n') {
            Some(l) => (l.strip_suffix('\r').unwrap_or(l), &raw[l.len()..]),
            None => (raw, ""),
        };
        let blank = line.trim().is_empty();
        // Indented bodies end at the first line indented less.
        if !blank {
            let indent = indent_of(line);
            while let Some(Open { ends: Ends::Dedent(at), .. }) = open.last() {
                if indent >= *at {
                    break;
                }
                let o = open.pop().unwrap_or_else(|| unreachable!());
                close(&mut out, o.indent, true);
                if code.is_some_and(|(_, _, depth)| depth > open.len()) {
                    code = None;
                }
            }
        }
        let dedent = 4 * open.iter().filter(|o| matches!(o.ends, Ends::Dedent(_))).count();
        let line = strip_columns(line, dedent);
        if dedent > 0 {
            changed = true;
        }
        let trimmed = line.trim_start();
        let indent = indent_of(line);

        if let Some((c, len, _)) = code {
            if fence_run(trimmed, c) >= len && trimmed.trim_start_matches(c).trim().is_empty() {
                code = None;
            }
            out.push(format!("{line}{eol}"));
            continue;
        }
        // The end of a fenced or shortcode container.
        if let Some(o) = open.last() {
            let ends = match &o.ends {
                Ends::Colons(k) => fence_run(trimmed, ':') >= *k && trimmed.trim_start_matches(':').trim().is_empty(),
                Ends::Fence(c, k) => fence_run(trimmed, *c) >= *k && trimmed.trim_start_matches(*c).trim().is_empty(),
                Ends::Shortcode(name) => closing_shortcode(trimmed).is_some_and(|c| c == *name),
                Ends::Dedent(_) => false,
            };
            if ends {
                let o = open.pop().unwrap_or_else(|| unreachable!());
                out.push(if o.marked { format!("{}{END_MARKER}{eol}", " ".repeat(o.indent)) } else { eol.to_string() });
                changed = true;
                continue;
            }
        }
        // MyST's `(label)=` target: an anchor where it stands.
        if let Some(label) = myst_label(trimmed) {
            changed = true;
            out.push(format!("{}{ANCHOR_MARKER}{}-->{eol}", " ".repeat(indent), hex(label)));
            continue;
        }
        if let Some(opener) = opener(trimmed) {
            changed = true;
            let ends = match opener.ends {
                OpenEnds::Dedent => Ends::Dedent(indent + 4),
                OpenEnds::Colons(k) => Ends::Colons(k),
                OpenEnds::Fence(c, k) => Ends::Fence(c, k),
                OpenEnds::Shortcode(name) => Ends::Shortcode(name),
            };
            match opener.callout {
                Some(c) => {
                    out.push(format!("{}{}{eol}", " ".repeat(indent), c.marker()));
                    open.push(Open { ends, indent, marked: true });
                }
                None => {
                    notes.push((
                        n,
                        indent + 1,
                        format!(
                            "`{}` is not an admonition opsite knows: its content is shown as it is",
                            trimmed.trim_end()
                        ),
                    ));
                    out.push(eol.to_string());
                    open.push(Open { ends, indent, marked: false });
                }
            }
            // MyST options (`:class: dropdown`) come right after the opening.
            continue;
        }
        if let Some(Open { marked: true, .. }) = open.last()
            && let Some(opt) = trimmed.strip_prefix(':').and_then(|r| r.split_once(':'))
            && out.last().is_some_and(|l| l.trim_start().starts_with(MARKER))
            && !opt.0.contains(' ')
        {
            // `:class: dropdown` makes it collapsible; other options go.
            if opt.0 == "class"
                && opt.1.split_whitespace().any(|c| c == "dropdown")
                && let Some(last) = out.last_mut()
            {
                *last = last.replacen(" div ", " details ", 1);
            }
            out.push(eol.to_string());
            continue;
        }
        // Any other Hugo shortcode alone on its line: figures and videos
        // become Markdown, the rest leave their content to show, with one
        // warning per shortcode and page.
        if let Some((name, markdown)) = other_shortcode(trimmed) {
            changed = true;
            if markdown.is_empty() && !warned.contains(&name) {
                notes.push((
                    n,
                    indent + 1,
                    format!("the Hugo shortcode `{name}` is not run: its content is shown as it is"),
                ));
                warned.insert(name);
            }
            out.push(format!("{}{markdown}{eol}", " ".repeat(indent)));
            continue;
        }
        let f = fence_run(trimmed, '`').max(fence_run(trimmed, '~'));
        if f >= 3 && indent < 4 + dedent {
            let c = if trimmed.starts_with('`') { '`' } else { '~' };
            code = Some((c, f, open.len()));
        }
        out.push(format!("{line}{eol}"));
    }
    // The last line, where containers never closed end (counted once: a
    // page can leave thousands open).
    let last = body.lines().count().saturating_sub(1);
    while let Some(o) = open.pop() {
        if !matches!(o.ends, Ends::Dedent(_)) {
            let what = match &o.ends {
                Ends::Shortcode(name) => format!("the shortcode `{name}`"),
                _ => "a fenced admonition".to_string(),
            };
            notes.push((last, 1, format!("{what} is never closed: it ends with the page")));
        }
        if o.marked {
            close(&mut out, o.indent, false);
        }
    }
    changed.then(|| (out.concat(), notes))
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

/// Writes a closing marker: over the blank line just written when there is
/// one (so no line moves), else on a line of its own.
fn close(out: &mut Vec<String>, indent: usize, reuse_blank: bool) {
    let marker = format!("{}{END_MARKER}\n", " ".repeat(indent));
    match out.last_mut() {
        Some(last) if reuse_blank && last.trim().is_empty() && last.ends_with('\n') => *last = marker,
        Some(last) if !last.ends_with('\n') => {
            last.push('\n');
            out.push(marker);
        }
        _ => out.push(marker),
    }
}

/// What an opening line says.
struct Opener {
    ends: OpenEnds,
    /// `None`: a container opsite does not know.
    callout: Option<Callout>,
}

enum OpenEnds {
    Dedent,
    Colons(usize),
    Fence(char, usize),
    Shortcode(String),
}

/// One callout: its class (GitHub's five), title, and whether it folds.
#[derive(Debug, PartialEq, Eq)]
pub struct Callout {
    /// `note`, `tip`, `important`, `warning` or `caution`.
    pub class: &'static str,
    /// The title shown (may be empty: no title).
    pub title: String,
    /// `Some(open)`: a `<details>`, open or not.
    pub fold: Option<bool>,
}

impl Callout {
    fn marker(&self) -> String {
        let fold = match self.fold {
            None => "div",
            Some(true) => "details open",
            Some(false) => "details",
        };
        format!("{MARKER}{} {fold} {}-->", self.class, hex(&self.title))
    }

    /// The callout a marker line stands for (`None`: not one of ours).
    pub fn from_marker(line: &str) -> Option<Callout> {
        let inner = line.trim().strip_prefix(MARKER)?.strip_suffix("-->")?;
        let mut parts = inner.split(' ');
        let name = parts.next()?;
        let class = ["note", "tip", "important", "warning", "caution"].into_iter().find(|&k| k == name)?;
        let fold = match parts.next()? {
            "div" => None,
            "details" => match parts.clone().next() {
                Some("open") => {
                    parts.next();
                    Some(true)
                }
                _ => Some(false),
            },
            _ => return None,
        };
        let title = unhex(parts.next().unwrap_or(""))?;
        Some(Callout { class, title, fold })
    }
}

/// The class and default title of an admonition type, in any of the tools'
/// spellings; `None` for a name that is not one.
fn kind(name: &str) -> Option<(&'static str, String)> {
    let lower = name.to_ascii_lowercase();
    let class = match lower.as_str() {
        "note" | "info" | "information" | "seealso" | "abstract" | "summary" | "tldr" | "todo" | "question"
        | "help" | "faq" | "example" | "quote" | "cite" | "primary" | "secondary" | "admonition" | "details"
        | "dropdown" => "note",
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "caution" | "attention" | "warn" => "warning",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "caution",
        _ => return None,
    };
    let title = match lower.as_str() {
        "seealso" => "See also".to_string(),
        "tldr" => "TL;DR".to_string(),
        "todo" => "To do".to_string(),
        "faq" => "FAQ".to_string(),
        _ => capitalized(&lower),
    };
    Some((class, title))
}

fn opener(line: &str) -> Option<Opener> {
    // MkDocs: `!!! type "Title"`, `??? type` (folded), `???+ type` (open).
    for (prefix, fold) in [("!!!", None), ("???+", Some(true)), ("???", Some(false))] {
        if let Some(rest) = line.strip_prefix(prefix).filter(|r| r.starts_with(' ')) {
            let rest = rest.trim();
            let (name, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            // `!!! note inline end "Title"`: the position words go.
            let title = title.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
            let (class, default) = kind(name).unwrap_or(("note", capitalized(name)));
            let title = quoted(title).unwrap_or(default);
            return Some(Opener { ends: OpenEnds::Dedent, callout: Some(Callout { class, title, fold }) });
        }
    }
    // Colon fences: `:::note Title`, `:::note[Title]`, `::: tip`, `:::{note}`.
    let colons = fence_run(line, ':');
    if colons >= 3 {
        let rest = line[colons..].trim();
        if rest.is_empty() {
            return None;
        }
        let (name, title) = directive_name(rest);
        let callout = kind(&name).map(|(class, default)| {
            let fold = matches!(name.as_str(), "details" | "dropdown").then_some(false);
            let title = if title.is_empty() { default } else { title };
            Callout { class, title, fold }
        });
        return Some(Opener { ends: OpenEnds::Colons(colons), callout });
    }
    // MyST: ```` ```{note} ```` (only admonition names: other directives
    // are code as far as opsite knows).
    for c in ['`', '~'] {
        let n = fence_run(line, c);
        if n >= 3 && line[n..].trim_start().starts_with('{') {
            let (name, title) = directive_name(line[n..].trim());
            let (class, default) = kind(&name)?;
            let fold = matches!(name.as_str(), "dropdown").then_some(false);
            let title = if title.is_empty() { default } else { title };
            return Some(Opener { ends: OpenEnds::Fence(c, n), callout: Some(Callout { class, title, fold }) });
        }
    }
    shortcode(line)
}

/// `{name} Title`, `name[Title]`, `name Title`: the name and the title.
fn directive_name(rest: &str) -> (String, String) {
    let (name, title) = if let Some(r) = rest.strip_prefix('{') {
        let (n, t) = r.split_once('}').unwrap_or((r, ""));
        (n.to_string(), t.trim().to_string())
    } else if let Some((n, t)) = rest.split_once('[') {
        (n.trim().to_string(), t.rsplit_once(']').map_or(t, |(t, _)| t).trim().to_string())
    } else {
        let (n, t) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        (n.to_string(), t.trim().to_string())
    };
    // `{admonition} Title` with `:class: tip` is a note until the class says otherwise.
    (name.trim_start_matches('{').to_ascii_lowercase(), quoted(&title).unwrap_or(title))
}

/// A Hugo admonition shortcode alone on its line.
fn shortcode(line: &str) -> Option<Opener> {
    let (inner, _) = shortcode_inner(line)?;
    if inner.starts_with('/') {
        return None;
    }
    let mut words = split_args(inner);
    let name = words.next()?.to_ascii_lowercase();
    let args: Vec<String> = words.collect();
    let named = |key: &str| {
        args.iter().find_map(|a| a.strip_prefix(key)?.strip_prefix('=').map(|v| v.trim_matches('"').to_string()))
    };
    let positional: Vec<&String> = args.iter().filter(|a| !a.contains('=')).collect();
    let (class, default, fold) = match name.as_str() {
        "hint" | "callout" | "admonition" | "alert" => {
            let t = named("type").or_else(|| named("color")).or_else(|| positional.first().map(|s| s.to_string()));
            let (class, default) = t.as_deref().and_then(kind).unwrap_or(("note", capitalized(&name)));
            (class, default, None)
        }
        "details" => ("note", "Details".to_string(), Some(named("open").is_some_and(|v| v == "true"))),
        other => {
            let (class, default) = kind(other)?;
            (class, default, None)
        }
    };
    let title = named("title").or_else(|| named("summary")).unwrap_or_else(|| {
        // `{{< admonition tip "Title" >}}`, `{{< details "Summary" >}}`.
        let second = if name == "details" { positional.first() } else { positional.get(1) };
        second.map_or(default, |s| s.trim_matches('"').to_string())
    });
    Some(Opener { ends: OpenEnds::Shortcode(name), callout: Some(Callout { class, title, fold }) })
}

/// `"Title"` or `'Title'` without its quotes.
fn quoted(s: &str) -> Option<String> {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return Some(inner.to_string());
        }
    }
    None
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// How many `c` the line starts with.
fn fence_run(line: &str, c: char) -> usize {
    line.chars().take_while(|&x| x == c).count()
}

/// Leading whitespace in columns (a tab counts 4).
fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// `line` without its first `n` columns of leading whitespace.
fn strip_columns(line: &str, n: usize) -> &str {
    let mut cols = 0;
    for (i, c) in line.char_indices() {
        if cols >= n || !(c == ' ' || c == '\t') {
            return &line[i..];
        }
        cols += if c == '\t' { 4 } else { 1 };
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(body: &str) -> Vec<String> {
        rewrite(body).map(|(t, _)| t.lines().map(str::to_string).collect()).unwrap_or_default()
    }

    #[test]
    fn mkdocs_body_is_dedented_and_lines_keep_their_numbers() {
        let out = markers("!!! warning \"Mind the gap\"\n    Body *one*.\n\n    More.\n\nAfter.\n");
        assert_eq!(out.len(), 6);
        assert_eq!(Callout::from_marker(&out[0]).unwrap().title, "Mind the gap");
        assert_eq!(out[1..4], ["Body *one*.", "", "More."]);
        assert_eq!(out[4], END_MARKER);
        assert_eq!(out[5], "After.");
    }

    #[test]
    fn kinds_and_titles() {
        let c = |l: &str| opener(l).and_then(|o| o.callout);
        assert_eq!(c("!!! danger").unwrap(), Callout { class: "caution", title: "Danger".into(), fold: None });
        assert_eq!(c("??? tip \"T\"").unwrap().fold, Some(false));
        assert_eq!(c("???+ note").unwrap().fold, Some(true));
        assert_eq!(c(":::note[Read me]").unwrap().title, "Read me");
        assert_eq!(
            c("::: warning Careful").unwrap(),
            Callout { class: "warning", title: "Careful".into(), fold: None }
        );
        assert_eq!(c(":::{seealso}").unwrap().class, "note");
        assert_eq!(c("```{hint}").unwrap().class, "tip");
        assert!(opener("```{code-cell} python").is_none(), "not an admonition: code");
        assert_eq!(c("{{< hint danger >}}").unwrap().class, "caution");
        assert_eq!(c("{{% alert title=\"Heads up\" color=\"warning\" %}}").unwrap().title, "Heads up");
        assert_eq!(c("{{< admonition type=\"tip\" title=\"x y\" >}}").unwrap().title, "x y");
        assert!(opener("{{< tabs >}}").is_none());
        assert!(opener(":::unknownthing").unwrap().callout.is_none());
    }

    #[test]
    fn markers_round_trip_and_reject_forgeries() {
        let c = Callout { class: "tip", title: "a --> <b>\"".into(), fold: Some(true) };
        assert_eq!(Callout::from_marker(&c.marker()), Some(c));
        for class in ["note", "tip", "important", "warning", "caution"] {
            let c = Callout { class, title: String::new(), fold: None };
            assert_eq!(Callout::from_marker(&c.marker()), Some(c), "the class comes back as it went");
        }
        assert_eq!(Callout::from_marker("<!--opsite:callout evil div 41-->"), None);
        assert_eq!(Callout::from_marker("<!--opsite:callout note div zz-->"), None);
    }

    #[test]
    fn code_fences_are_left_alone() {
        assert_eq!(rewrite("```\n!!! note\n    x\n:::tip\n```\n"), None);
    }

    #[test]
    fn colon_fences_nest_and_myst_options_go() {
        let out = markers("::::{note}\n:class: dropdown\n:::{tip}\nx\n:::\n::::\n");
        assert_eq!(Callout::from_marker(&out[0]).unwrap().fold, Some(false));
        assert_eq!(out[1], "");
        assert_eq!(Callout::from_marker(&out[2]).unwrap().class, "tip");
        assert_eq!(out[4..], [END_MARKER, END_MARKER]);
    }
}
