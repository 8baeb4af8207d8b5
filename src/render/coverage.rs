//! The runbook coverage page, `<runbooks index>/coverage/`: the alerts of
//! `[runbooks] rules` with no runbook, the runbook links that land nowhere,
//! the runbook alerts no rule defines, and the runbooks that lack the
//! sections `[runbooks] sections` names. The runbooks index shows its
//! percentage and links it.

use anyhow::Result;
use serde::Serialize;

use super::PageInputs;
use super::outputs::{Change, Output, OutputCtx};
use crate::check::coverage::Runbook;
use crate::write::OutFile;

/// What the coverage page and the runbooks index show.
#[derive(Serialize)]
pub(super) struct CoverageView {
    /// Its output path, without `index.html`.
    #[serde(skip)]
    path: String,
    /// The coverage page.
    pub(super) url: String,
    /// The runbooks by owner (`owners/` beside it).
    owners_url: String,
    /// The service level objectives, when `[slo] specs` has any.
    slo_url: Option<String>,
    /// Alerting rules in `[runbooks] rules`.
    alerts: usize,
    /// Of them, with a runbook in this site.
    covered: usize,
    /// `covered` in percent, rounded down (100 with no rules).
    percent: usize,
    without: Vec<RuleRow>,
    broken: Vec<RuleRow>,
    undefined: Vec<PageRow>,
    incomplete: Vec<PageRow>,
    /// The sections every runbook is expected to have.
    sections: Vec<String>,
}

/// A rule, for the page.
#[derive(Serialize)]
struct RuleRow {
    alert: String,
    file: String,
    runbook: Option<String>,
    reason: Option<String>,
}

/// A runbook page, for the page: its alert (undefined) or the sections it
/// lacks (incomplete).
#[derive(Serialize)]
struct PageRow {
    title: String,
    url: String,
    alert: Option<String>,
    missing: Vec<String>,
}

impl PageInputs<'_> {
    /// The coverage of `[runbooks] rules` by this site's runbooks; `None`
    /// when no page documents an alert (there is no runbooks index).
    pub(super) fn coverage_view(&self) -> Option<CoverageView> {
        let index = self.checked.runbooks_index()?;
        let rules = self.rules.all();
        let cov = self.checked.coverage();
        let covered = rules.iter().enumerate().filter(|(i, r)| cov.covers(*i, &r.alert)).count();
        let row = |i: usize, reason: Option<String>| RuleRow {
            alert: rules[i].alert.clone(),
            file: rules[i].file.display().to_string(),
            runbook: rules[i].runbook.clone(),
            reason,
        };
        let mut without = Vec::new();
        let mut broken = Vec::new();
        for (i, found) in cov.rules.iter().enumerate() {
            match found {
                Runbook::None if !cov.documented.contains(&rules[i].alert) => without.push(row(i, None)),
                Runbook::Broken(reason) => broken.push(row(i, Some(reason.clone()))),
                _ => {}
            }
        }
        let page =
            |d, alert, missing| PageRow { title: self.parsed.doc(d).title.clone(), url: self.url(d), alert, missing };
        let index_path = &self.loaded.doc(self.loaded.section(index).doc).path;
        let path = format!("{index_path}coverage/");
        Some(CoverageView {
            slo_url: self.slo_index_url(),
            owners_url: self.path_url(&format!("{index_path}owners/")),
            url: self.path_url(&path),
            path,
            alerts: rules.len(),
            covered,
            percent: (covered * 100).checked_div(rules.len()).unwrap_or(100),
            without,
            broken,
            undefined: cov.undefined.iter().map(|(d, a)| page(*d, Some(a.clone()), Vec::new())).collect(),
            incomplete: cov.incomplete.iter().map(|(d, m)| page(*d, None, m.clone())).collect(),
            sections: self.runbooks.sections.clone(),
        })
    }
}

/// `<runbooks index>/coverage/index.html`.
pub(super) struct CoveragePage;

impl Output for CoveragePage {
    fn name(&self) -> &'static str {
        "runbook coverage"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text, Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let Some(view) = ctx.inputs.coverage_view() else { return Ok(Vec::new()) };
        let title = ctx.tree.strings.get("coverage", &[]);
        super::outputs::made_page(ctx, "coverage.html", &format!("{}index.html", view.path), ("coverage", title), &view)
    }
}
