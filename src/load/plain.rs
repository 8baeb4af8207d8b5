//! A document's body as plain Markdown, for readers other than the Markdown
//! pass (llms.txt): the marker lines the rewrite wrote for other tools'
//! admonitions and tabs become what any Markdown reader shows. A callout
//! becomes a quote that starts `**Note:**`, a tab a heading, and an anchor
//! nothing.

use super::admonition::Callout;
use super::markers::{END_MARKER, PREFIX};
use super::tabs::{Tab, group_from_marker};

/// What a marker opened.
enum Open {
    Callout,
    Other,
}

/// `body` with every marker line made plain Markdown. Lines inside fenced
/// code are left as they are.
pub(crate) fn plain_markdown(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut open: Vec<Open> = Vec::new();
    let mut fence: Option<String> = None;
    for line in body.split_inclusive('\n') {
        let quote = "> ".repeat(open.iter().filter(|o| matches!(o, Open::Callout)).count());
        let trimmed = line.trim();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if let Some(f) = fence_opened(trimmed) {
            fence = Some(f);
        } else if trimmed.starts_with(PREFIX) {
            let rest = markers(trimmed, &mut open, &mut out, &quote);
            if !rest.is_empty() {
                out.push_str(&"> ".repeat(open.iter().filter(|o| matches!(o, Open::Callout)).count()));
                out.push_str(rest);
                out.push('\n');
            }
            continue;
        }
        if quote.is_empty() {
            out.push_str(line);
        } else if trimmed.is_empty() {
            out.push_str(quote.trim_end());
            out.push('\n');
        } else {
            out.push_str(&quote);
            out.push_str(line.trim_start());
        }
    }
    out
}

/// The fence a line opens (its run of backticks or tildes).
fn fence_opened(line: &str) -> Option<String> {
    let c = line.chars().next().filter(|&c| c == '`' || c == '~')?;
    let run: String = line.chars().take_while(|&x| x == c).collect();
    (run.len() >= 3).then_some(run)
}

/// Writes what each marker at the start of `line` stands for; returns the
/// text after them.
fn markers<'l>(line: &'l str, open: &mut Vec<Open>, out: &mut String, quote: &str) -> &'l str {
    let mut rest = line;
    while rest.starts_with(PREFIX) {
        let Some(end) = rest.find("-->") else { break };
        let marker = &rest[..end + 3];
        rest = rest[end + 3..].trim_start();
        if marker == END_MARKER {
            open.pop();
        } else if let Some(c) = Callout::from_marker(marker) {
            out.push_str(&format!("{quote}> {}\n{quote}>\n", callout_label(&c)));
            open.push(Open::Callout);
        } else if let Some(tab) = Tab::from_marker(marker) {
            out.push_str(&format!("{quote}#### {}\n\n", tab.label));
            open.push(Open::Other);
        } else if group_from_marker(marker).is_some() {
            open.push(Open::Other);
        }
        // An anchor marker stands for nothing readers see.
    }
    rest
}

/// `**Warning:** Mind the gap`; a title that only names a kind (MkDocs'
/// and Docusaurus' own default titles, `Caution`, `Info`) is the label.
fn callout_label(c: &Callout) -> String {
    const KINDS: &[&str] = &[
        "note",
        "info",
        "tip",
        "hint",
        "important",
        "warning",
        "caution",
        "danger",
        "attention",
        "error",
        "success",
        "question",
        "example",
        "quote",
        "abstract",
        "summary",
        "todo",
        "failure",
        "bug",
        "seealso",
        "see also",
    ];
    let title = c.title.trim();
    if KINDS.contains(&title.to_lowercase().as_str()) {
        return format!("**{title}:**");
    }
    let mut kind = c.class.to_string();
    kind[..1].make_ascii_uppercase();
    if title.is_empty() { format!("**{kind}:**") } else { format!("**{kind}:** {title}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tabs::group_marker;

    #[test]
    fn a_title_that_names_a_kind_is_the_label() {
        let c = |class, title: &str| callout_label(&Callout { class, title: title.into(), fold: None });
        assert_eq!(c("warning", "Caution"), "**Caution:**");
        assert_eq!(c("note", "Info"), "**Info:**");
        assert_eq!(c("note", ""), "**Note:**");
        assert_eq!(c("tip", "Use pip"), "**Tip:** Use pip");
    }

    #[test]
    fn callouts_become_quotes_and_tabs_headings() {
        let note = Callout { class: "warning", title: "Mind the gap".into(), fold: None }.marker();
        let tab = |l: &str| Tab { label: l.into(), selected: false, code: None }.marker();
        let body = format!(
            "Intro.\n\n{note}\nFirst line.\n\nSecond.\n{END_MARKER}\n{}{}\nUse pip.\n{END_MARKER}{}\n```\n{END_MARKER}\n```\n{END_MARKER}{END_MARKER}\nAfter.\n",
            group_marker("os"),
            tab("Linux"),
            tab("macOS"),
        );
        assert_eq!(
            plain_markdown(&body),
            "Intro.\n\n> **Warning:** Mind the gap\n>\n> First line.\n>\n> Second.\n#### Linux\n\nUse pip.\n#### macOS\n\n```\n<!--opsite:end-->\n```\nAfter.\n"
        );
    }
}
