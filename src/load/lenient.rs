//! How the load stage lets another tool's tree through: a frontmatter
//! block that is not YAML made blank (so the page builds without it), an
//! unknown key named once per build, and one warning naming the other
//! generators' keys found.

use std::collections::BTreeMap;

use super::Doc;
use crate::report::Diagnostic;

/// The documents' load warnings, an unknown frontmatter key named once per
/// build (at its first page, with how many more have it): a tree from
/// another tool repeats its keys on every page (argo-cd: 128 warnings).
pub(super) fn once_per_key<'a>(all: impl Iterator<Item = &'a Diagnostic>) -> Vec<Diagnostic> {
    crate::report::once_per_message(all.cloned(), |d| d.message.starts_with("unknown frontmatter key "))
}

/// `text` with its frontmatter block (`---` … `---`) made blank lines, so
/// the body keeps its line numbers; `None` when it has no such block.
pub(super) fn blank_front_block(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    let mut opened = false;
    for line in lines.by_ref() {
        let t = line.trim_start_matches('\u{feff}').trim();
        out.push('\n');
        if !opened {
            if t.is_empty() {
                continue;
            }
            if t != "---" {
                return None;
            }
            opened = true;
        } else if t == "---" || t == "..." {
            out.extend(lines);
            return Some(out);
        }
    }
    None
}

/// One warning for the whole build naming the other generators' keys found
/// (kept in `extra`), with how many pages use each.
pub(super) fn foreign_summary(docs: &[Doc], content: &str) -> Option<Diagnostic> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in docs {
        for k in &d.foreign {
            *counts.entry(k).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return None;
    }
    let list: Vec<String> =
        counts.iter().map(|(k, n)| format!("{k} ({n} page{})", if *n == 1 { "" } else { "s" })).collect();
    Some(
        Diagnostic::new(
            content,
            0,
            0,
            format!("frontmatter keys of other generators, kept in `extra` only: {}", list.join(", ")),
        )
        .hint(Some("templates can read them as page.extra.<key>; they change nothing else".into())),
    )
}
