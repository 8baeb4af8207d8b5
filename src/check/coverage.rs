//! Runbook coverage, both ways: for each alerting rule, where its runbook
//! is (or that it has none); the runbook alerts no rule defines; and the
//! runbooks that lack the sections people on call expect. `opsite check
//! --alerts` reports it for the rule files it is given, and the site's
//! coverage page shows it for `[runbooks] rules`.

use std::collections::BTreeSet;

use super::ResolvedAlert;
use super::alerts::pages_named_after;
use super::locate::{Located, SiteUrls, locate};
use crate::load::{DocId, Loaded};
use crate::parse::Parsed;
use crate::util::ids::IdVec;

/// A rule as coverage reads it.
pub(crate) struct RuleLink<'r> {
    /// `alert:` name.
    pub(crate) alert: &'r str,
    /// The runbook annotation, if any.
    pub(crate) runbook: Option<&'r str>,
}

/// Where a rule's runbook is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Runbook {
    /// Its link lands on this page.
    Linked(DocId),
    /// It has no link, but a page (or, `in_heading`, a heading of one) is
    /// named after the alert.
    Named { doc: DocId, anchor: String, in_heading: bool },
    /// Its link lands nowhere in the site.
    Broken(String),
    /// Its link goes to another site.
    Elsewhere,
    /// No link, and no page named after it.
    None,
}

/// Coverage of a set of rules.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    /// Each rule's runbook, in the order the rules were given.
    pub(crate) rules: Vec<Runbook>,
    /// Runbook alerts (page, alert) that none of the rules defines.
    pub(crate) undefined: Vec<(DocId, String)>,
    /// Runbooks and the sections they lack.
    pub(crate) incomplete: Vec<(DocId, Vec<String>)>,
    /// Alerts some runbook lists in its `alerts`.
    pub(crate) documented: BTreeSet<String>,
}

impl Coverage {
    /// Whether rule `i` (of the rules this was worked out for) has a
    /// runbook in this site: linked, named after, or listed by a runbook's
    /// `alerts`.
    pub(crate) fn covers(&self, i: usize, alert: &str) -> bool {
        match &self.rules[i] {
            Runbook::Linked(_) | Runbook::Named { .. } => true,
            Runbook::None => self.documented.contains(alert),
            Runbook::Broken(_) | Runbook::Elsewhere => false,
        }
    }
}

/// Works out the coverage of `rules` in the site. From `opts`: the
/// headings every runbook is expected to have (`sections`, compared without
/// case) and the alerts SLO specs generate (defined, with no rule file).
pub(crate) fn coverage(
    loaded: &Loaded,
    parsed: &Parsed,
    alerts: &IdVec<DocId, Vec<ResolvedAlert>>,
    urls: &SiteUrls,
    rules: &[RuleLink],
    opts: &super::CheckOptions,
) -> Coverage {
    let sections = &opts.sections;
    // Pages named after the alerts without a runbook link, in one pass.
    let named = pages_named_after(loaded, parsed, rules.iter().filter(|r| r.runbook.is_none()).map(|r| r.alert));
    // Pages the rules' runbook links land on: runbooks, frontmatter or not.
    let mut runbooks = BTreeSet::new();
    let found = rules
        .iter()
        .map(|rule| match rule.runbook {
            None => match named.first(rule.alert) {
                Some((page, in_heading)) => Runbook::Named { doc: page.doc, anchor: page.anchor.clone(), in_heading },
                None => Runbook::None,
            },
            Some(url) => match locate(loaded, parsed, urls, url) {
                Located::Elsewhere => Runbook::Elsewhere,
                Located::Ok(d) => {
                    // A folder's made-up listing is not a runbook.
                    if loaded.doc(d).has_file {
                        runbooks.insert(d);
                    }
                    Runbook::Linked(d)
                }
                Located::Broken(reason) => Runbook::Broken(reason),
            },
        })
        .collect();
    let defined: BTreeSet<&str> =
        rules.iter().map(|r| r.alert).chain(opts.generated.iter().map(String::as_str)).collect();
    let mut documented = BTreeSet::new();
    let mut undefined = Vec::new();
    for (d, a) in alerts.iter().flat_map(|(d, list)| list.iter().map(move |a| (d, a))) {
        runbooks.insert(d);
        if documented.insert(a.name.clone()) && !defined.contains(a.name.as_str()) {
            undefined.push((d, a.name.clone()));
        }
    }
    let mut incomplete = Vec::new();
    let lower = |s: &str| s.trim().to_lowercase();
    for d in runbooks {
        let heads = &parsed.doc(d).headings;
        let lacking = |under: &[&crate::parse::Heading]| -> Vec<&String> {
            let has: BTreeSet<String> = under.iter().map(|h| lower(&h.text)).collect();
            sections.iter().filter(|s| !has.contains(&lower(s))).collect()
        };
        // A page of several alerts with sections under each alert's heading
        // is checked alert by alert: one alert's Mitigation does not cover
        // another's.
        let mut missing = Vec::new();
        let mut by_alert = false;
        for a in alerts[d].iter().filter(|_| alerts[d].len() > 1) {
            let Some(i) = heads.iter().position(|h| h.id == a.anchor) else { continue };
            let under: Vec<&crate::parse::Heading> =
                heads[i + 1..].iter().take_while(|h| h.level > heads[i].level).collect();
            if !under.is_empty() {
                by_alert = true;
                missing.extend(lacking(&under).into_iter().map(|s| format!("{s} under {}", a.name)));
            }
        }
        if !by_alert {
            missing = lacking(&heads.iter().collect::<Vec<_>>()).into_iter().cloned().collect();
        }
        if !missing.is_empty() {
            incomplete.push((d, missing));
        }
    }
    Coverage { rules: found, undefined, incomplete, documented }
}
