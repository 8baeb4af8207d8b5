//! The runbook owners page, `<runbooks index>/owners/`: every runbook under
//! its owner (frontmatter `owner`), with its alerts and last review, so a
//! team finds what it keeps and what is due. Runbooks with no owner are
//! listed last, under their own heading.

use anyhow::Result;
use serde::Serialize;

use super::PageInputs;
use super::outputs::{Change, Output, OutputCtx};
use crate::write::OutFile;

/// What the owners page shows.
#[derive(Serialize)]
pub(super) struct OwnersView {
    /// Its output path, without `index.html`.
    #[serde(skip)]
    path: String,
    /// The owners page.
    pub(super) url: String,
    /// Owners in name order; the runbooks with none last (`owner` unset).
    groups: Vec<OwnerGroup>,
    /// `[runbooks] review_every` in days, when set.
    every: Option<i64>,
}

#[derive(Serialize)]
struct OwnerGroup {
    owner: Option<String>,
    runbooks: Vec<RunbookRow>,
    /// How many of them are due for review.
    due: usize,
}

#[derive(Serialize)]
struct RunbookRow {
    title: String,
    url: String,
    alerts: Vec<String>,
    reviewed: Option<String>,
    /// Days since the review.
    age: Option<i64>,
    /// Past `[runbooks] review_every` (never without it).
    due: bool,
}

impl PageInputs<'_> {
    /// The runbooks by owner; `None` when no page documents an alert.
    pub(super) fn owners_view(&self) -> Option<OwnersView> {
        let index = self.checked.runbooks_index()?;
        let mut groups: std::collections::BTreeMap<Option<String>, Vec<RunbookRow>> = Default::default();
        for (id, d) in self.loaded.docs() {
            let alerts = self.checked.alerts(id);
            if alerts.is_empty() {
                continue;
            }
            let review =
                self.review.map(|(every, today)| crate::check::review::review_of(self.loaded, id, every, today));
            let owner = d.front.owner.clone().filter(|o| !o.trim().is_empty());
            groups.entry(owner).or_default().push(RunbookRow {
                title: self.parsed.doc(id).title.clone(),
                url: self.url(id),
                alerts: alerts.iter().map(|a| a.name.clone()).collect(),
                reviewed: d.front.reviewed.clone(),
                age: review.as_ref().and_then(|r| r.age),
                due: review.is_some_and(|r| r.due),
            });
        }
        // `None` sorts first in a map; the runbooks nobody owns go last.
        let mut groups: Vec<OwnerGroup> = groups
            .into_iter()
            .map(|(owner, mut runbooks)| {
                runbooks.sort_by_key(|r| r.title.to_lowercase());
                let due = runbooks.iter().filter(|r| r.due).count();
                OwnerGroup { owner, runbooks, due }
            })
            .collect();
        if groups.first().is_some_and(|g| g.owner.is_none()) {
            groups.rotate_left(1);
        }
        let path = format!("{}owners/", self.loaded.doc(self.loaded.section(index).doc).path);
        Some(OwnersView { url: self.path_url(&path), path, groups, every: self.review.map(|(every, _)| every) })
    }
}

/// `<runbooks index>/owners/index.html`.
pub(super) struct OwnersPage;

impl Output for OwnersPage {
    fn name(&self) -> &'static str {
        "runbook owners"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text, Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let Some(view) = ctx.inputs.owners_view() else { return Ok(Vec::new()) };
        let title = ctx.tree.strings.get("owners", &[]);
        super::outputs::made_page(ctx, "owners.html", &format!("{}index.html", view.path), ("owners", title), &view)
    }
}
