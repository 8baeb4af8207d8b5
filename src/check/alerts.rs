//! Which page documents an alert that no page lists in `alerts:`. In this
//! order: the page the rule's own runbook link lands on; a page whose file
//! name or title is the alert's name; a heading of that name on a page.
//! Names compare case-insensitively, as runbook collections write them.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ResolvedAlert;
use super::locate::{Located, SiteUrls, locate};
use crate::alerts::RuleSet;
use crate::load::{DocId, Loaded};
use crate::parse::Parsed;
use crate::report::Diagnostic;
use crate::util::ids::IdVec;

/// A page that could document an alert, and where on it.
pub(crate) struct Candidate {
    /// The page.
    pub doc: DocId,
    /// The heading id (the title's, for a page named after the alert).
    pub anchor: String,
    /// Line of the heading (1 for the page itself).
    pub line: usize,
}

/// Pages named after alerts, in source order per alert: by file name or
/// title, and, for names no page is named after, by a heading.
pub(crate) struct NameMatches<'n> {
    /// Pages whose file name or title is the alert's name.
    pub by_name: BTreeMap<&'n str, Vec<Candidate>>,
    /// Pages with a heading of the alert's name.
    pub by_heading: BTreeMap<&'n str, Vec<Candidate>>,
}

impl NameMatches<'_> {
    /// The page that documents `name` by its name (the first in source
    /// order), and whether through a heading.
    pub(crate) fn first(&self, name: &str) -> Option<(&Candidate, bool)> {
        let by_name = self.by_name.get(name).and_then(|c| c.first()).map(|c| (c, false));
        by_name.or_else(|| self.by_heading.get(name).and_then(|c| c.first()).map(|c| (c, true)))
    }
}

/// Matches `names` to pages, case-insensitively: one pass over the pages,
/// and one over headings when some name is still unmatched.
pub(crate) fn pages_named_after<'n>(
    loaded: &Loaded,
    parsed: &Parsed,
    names: impl IntoIterator<Item = &'n str>,
) -> NameMatches<'n> {
    let left: HashMap<String, &'n str> = names.into_iter().map(|n| (n.to_lowercase(), n)).collect();
    let mut by_name: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
    // Every check asks (the coverage of `[runbooks] rules`), most with no
    // name to match: no pass over the pages for none.
    if left.is_empty() {
        return NameMatches { by_name, by_heading: BTreeMap::new() };
    }
    for (id, d) in loaded.docs() {
        let p = parsed.doc(id);
        let hit = left.get(&d.stem().to_lowercase()).or_else(|| left.get(&p.title.to_lowercase()));
        if let Some(name) = hit {
            let anchor = p.title_id.clone().unwrap_or_default();
            by_name.entry(name).or_default().push(Candidate { doc: id, anchor, line: 1 });
        }
    }
    let mut by_heading: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
    if by_name.len() < left.len() {
        for (id, p) in parsed.docs() {
            // The title's own heading was matched as the title.
            for h in p.headings.iter().filter(|h| p.title_id.as_deref() != Some(h.id.as_str())) {
                if let Some(name) = left.get(&h.text.to_lowercase()).filter(|n| !by_name.contains_key(*n)) {
                    let found = by_heading.entry(name).or_default();
                    // Several headings of one page are one candidate.
                    if found.last().is_none_or(|c| c.doc != id) {
                        found.push(Candidate { doc: id, anchor: h.id.clone(), line: h.line });
                    }
                }
            }
        }
    }
    NameMatches { by_name, by_heading }
}

/// The alerts of `rules` that `explicit` (frontmatter) leaves out, each with
/// the page that documents it. Two pages that match the same way are a
/// warning naming both; the first in source order is used.
pub(super) fn documented_by(
    loaded: &Loaded,
    parsed: &Parsed,
    rules: &RuleSet,
    urls: &SiteUrls,
    explicit: &IdVec<DocId, Vec<ResolvedAlert>>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(DocId, ResolvedAlert)> {
    let listed: HashSet<&str> = explicit.iter().flat_map(|(_, v)| v.iter().map(|a| a.name.as_str())).collect();
    let names: Vec<&str> = rules.names().into_iter().filter(|n| !listed.contains(n)).collect();
    if names.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut left: Vec<&str> = Vec::new();
    for name in names {
        // The rule's own link wins when it lands on a page of this site.
        let linked = rules.named(name).filter_map(|r| r.runbook.as_deref()).find_map(|url| {
            match locate(loaded, parsed, urls, url) {
                Located::Ok(d) => Some((d, url.split_once('#').map(|(_, f)| f.to_string()))),
                _ => None,
            }
        });
        match linked {
            Some((doc, frag)) => {
                let anchor = frag.filter(|f| !f.is_empty()).or_else(|| parsed.doc(doc).title_id.clone());
                out.push((
                    doc,
                    ResolvedAlert { name: name.to_string(), anchor: anchor.unwrap_or_default(), exists: true },
                ));
            }
            None => left.push(name),
        }
    }
    if left.is_empty() {
        return out;
    }
    let NameMatches { by_name, by_heading } = pages_named_after(loaded, parsed, left);
    for (how, found) in [("is named", by_name), ("has a heading", by_heading)] {
        for (name, candidates) in found {
            let first = &candidates[0];
            for other in &candidates[1..] {
                warnings.push(
                    Diagnostic::new(
                        loaded.doc(other.doc).source_path(),
                        other.line,
                        1,
                        format!(
                            "alert `{name}` is documented by this page and by {}; the runbook shown is {} (first in source order)",
                            loaded.doc(first.doc).source_path().display(),
                            loaded.doc(first.doc).source_path().display()
                        ),
                    )
                    .hint(Some(format!(
                        "each {how} after the alert; point the rule's runbook_url at one, or list the alert in `alerts:` on one"
                    ))),
                );
            }
            out.push((first.doc, ResolvedAlert { name: name.to_string(), anchor: first.anchor.clone(), exists: true }));
        }
    }
    out
}
