//! Postmortems: a page with an `incident` (or a `started` time) shows the
//! incident's facts, time to detect and to resolve, the runbooks of its
//! alert, its action items with their issues' state, and a timeline merged
//! from the incident issue's events and the entries written by hand. The
//! open action items of every postmortem are listed at
//! `<postmortems section>/actions/`.

use anyhow::Result;
use serde::Serialize;

use super::PageInputs;
use super::context::Link;
use super::outputs::{Change, Output, OutputCtx};
use crate::issues::github::Issue;
use crate::load::DocId;
use crate::load::frontmatter::IssueRef;
use crate::util::dates::parse_time;
use crate::write::OutFile;

/// What a postmortem page shows besides its body.
#[derive(Serialize)]
pub(super) struct PostmortemView {
    incident: Option<IssueView>,
    severity: Option<String>,
    started: Option<String>,
    detected: Option<String>,
    resolved: Option<String>,
    /// From start to detection, and from start to resolution.
    time_to_detect: Option<String>,
    time_to_resolve: Option<String>,
    summary: Option<String>,
    impact: Option<String>,
    root_causes: Vec<String>,
    trigger: Option<String>,
    alert: Option<String>,
    /// The runbooks that document the alert.
    runbooks: Vec<Link>,
    action_items: Vec<ActionView>,
    timeline: Vec<TimelineRow>,
    /// The list of open action items.
    actions_url: Option<String>,
}

/// An issue as a postmortem shows it.
#[derive(Serialize, Clone)]
struct IssueView {
    label: String,
    url: String,
    title: Option<String>,
    /// `open`, `closed` or `merged`; `unknown` when it could not be read.
    state: String,
}

#[derive(Serialize, Clone)]
struct ActionView {
    title: String,
    owner: Option<String>,
    kind: Option<String>,
    issue: Option<IssueView>,
    /// Not known to be done: no issue, an open one, or one not read.
    open: bool,
    /// The postmortem it comes from (on the actions page).
    postmortem: Link,
}

#[derive(Serialize)]
struct TimelineRow {
    /// RFC 3339, and as people read it.
    at: String,
    shown: String,
    kind: String,
    actor: Option<String>,
    text: Option<String>,
    url: Option<String>,
}

/// A span of time with its two largest units (`1 hour 5 minutes`).
fn span(secs: u64) -> String {
    let units = [(86_400, "day"), (3600, "hour"), (60, "minute"), (1, "second")];
    let mut parts = Vec::new();
    let mut left = secs;
    for (size, name) in units {
        let n = left / size;
        if n > 0 && parts.len() < 2 {
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
            left -= n * size;
        } else if !parts.is_empty() {
            break;
        }
    }
    if parts.is_empty() { "0 seconds".into() } else { parts.join(" ") }
}

impl PageInputs<'_> {
    fn issue_view(&self, r: &IssueRef) -> Option<IssueView> {
        let config = self.issues?;
        let key = r.resolve(&config.repo);
        let issue: Option<&Issue> = self.snapshot.and_then(|s| s.refs.get(&key));
        let (repo, _) = key;
        Some(IssueView {
            label: format!("{repo}#{}", r.number),
            url: issue
                .map(|i| crate::util::url::web_only(&i.html_url).to_string())
                .filter(|u| !u.is_empty() && u != "#")
                .unwrap_or_else(|| format!("https://github.com/{repo}/issues/{}", r.number)),
            title: issue.map(|i| i.title.clone()),
            state: issue.map_or_else(|| "unknown".into(), |i| i.display_state().to_string()),
        })
    }

    /// Where the open action items are listed: `actions/` under the
    /// section of the first postmortem.
    fn actions_path(&self) -> Option<String> {
        let (id, _) = self.loaded.docs().find(|(_, d)| d.front.is_postmortem())?;
        let section = self.loaded.section_chain(id).last().copied()?;
        Some(format!("{}actions/", self.loaded.doc(self.loaded.section(section).doc).path))
    }

    fn action_views(&self, id: DocId) -> Vec<ActionView> {
        let postmortem = self.link(id);
        self.loaded
            .doc(id)
            .front
            .pm()
            .action_items
            .iter()
            .map(|a| {
                let issue = a.issue.as_ref().and_then(|r| self.issue_view(r));
                ActionView {
                    title: a.title.clone(),
                    owner: a.owner.clone(),
                    kind: a.kind.clone(),
                    open: issue.as_ref().is_none_or(|i| i.state == "open" || i.state == "unknown"),
                    issue,
                    postmortem: postmortem.clone(),
                }
            })
            .collect()
    }

    /// The `page.postmortem` of a document, when it is one.
    pub(super) fn postmortem_view(&self, id: DocId) -> Option<PostmortemView> {
        let d = self.loaded.doc(id);
        if !d.front.is_postmortem() {
            return None;
        }
        let f = d.front.pm();
        let key = f.incident.as_ref().zip(self.issues).map(|(r, c)| r.resolve(&c.repo));
        let incident_issue = key.as_ref().and_then(|k| self.snapshot?.refs.get(k));
        // The alert: named, else the incident issue's title when it carries
        // the alert label (how Alertmanager opens incidents).
        let alert = f.alert.clone().or_else(|| {
            let label = &self.issues?.alert_label;
            incident_issue.filter(|i| i.labels.contains(label)).map(|i| i.title.trim().to_string())
        });
        let runbooks = alert
            .as_deref()
            .map(|a| {
                self.checked
                    .all_alerts()
                    .filter(|(_, found)| found.name == a)
                    .map(|(doc, found)| {
                        let link = self.link(doc);
                        Link { title: link.title, url: format!("{}{}", link.url, found.fragment()) }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let t = |s: &Option<String>| s.as_deref().and_then(parse_time);
        let between = |a: Option<u64>, b: Option<u64>| Some(span(b?.checked_sub(a?)?));
        let mut timeline: Vec<(u64, TimelineRow)> = Vec::new();
        let row = |at: u64, kind: &str, actor: Option<String>, text: Option<String>, url: Option<String>| {
            let (shown, rfc) = crate::util::dates::format_time(at);
            (at, TimelineRow { at: rfc, shown, kind: kind.into(), actor, text, url })
        };
        if let Some(issue) = incident_issue
            && let Some(at) = crate::util::dates::parse_time(&issue.created_at)
        {
            timeline.push(row(at, "opened", None, Some(issue.title.clone()), None));
        }
        if let Some(events) = key.as_ref().and_then(|k| self.snapshot?.timelines.get(k)) {
            for e in events {
                if let Some(at) = crate::util::dates::parse_time(&e.at) {
                    timeline.push(row(at, &e.kind, e.actor.clone(), e.text.clone(), e.url.clone()));
                }
            }
        }
        for e in &f.timeline {
            if let Some(at) = parse_time(&e.at) {
                timeline.push(row(at, "note", None, Some(e.text.clone()), None));
            }
        }
        for (field, kind) in [(&f.started, "started"), (&f.detected, "detected"), (&f.resolved, "resolved")] {
            if let Some(at) = t(field) {
                timeline.push(row(at, kind, None, None, None));
            }
        }
        timeline.sort_by_key(|(at, _)| *at);
        Some(PostmortemView {
            incident: f.incident.as_ref().and_then(|r| self.issue_view(r)),
            severity: f.severity.clone(),
            started: f.started.clone(),
            detected: f.detected.clone(),
            resolved: f.resolved.clone(),
            time_to_detect: between(t(&f.started), t(&f.detected)),
            time_to_resolve: between(t(&f.started), t(&f.resolved)),
            // `summary` is Hugo's key too: it is kept in `extra`.
            summary: d.front.extra.get("summary").and_then(|v| v.as_str()).map(str::to_string),
            impact: f.impact.clone(),
            root_causes: f.root_causes.clone(),
            trigger: f.trigger.clone(),
            alert,
            runbooks,
            action_items: self.action_views(id),
            timeline: timeline.into_iter().map(|(_, r)| r).collect(),
            actions_url: self.actions_path().map(|p| self.path_url(&p)),
        })
    }

    /// Postmortem URLs by incident issue (`owner/repo`, number), for the
    /// incidents page.
    pub(super) fn postmortems_by_incident(&self) -> std::collections::HashMap<(String, u64), String> {
        let Some(config) = self.issues else { return Default::default() };
        self.loaded
            .docs()
            .filter_map(|(id, d)| {
                let r = d.front.pm().incident.as_ref()?;
                Some((r.resolve(&config.repo), self.url(id)))
            })
            .collect()
    }
}

/// `<postmortems section>/actions/index.html`: the open action items of
/// every postmortem (an item whose issue could not be read counts as open).
pub(super) struct ActionsPage;

impl Output for ActionsPage {
    fn name(&self) -> &'static str {
        "postmortem actions"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text, Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let inputs = &ctx.inputs;
        let Some(path) = inputs.actions_path() else { return Ok(Vec::new()) };
        let items: Vec<ActionView> = inputs
            .loaded
            .docs()
            .filter(|(_, d)| d.front.is_postmortem())
            .flat_map(|(id, _)| inputs.action_views(id))
            .filter(|a| a.open)
            .collect();
        let page = serde_json::json!({ "items": items });
        let title = ctx.tree.strings.get("actions", &[]);
        super::outputs::made_page(ctx, "actions.html", &format!("{path}index.html"), ("actions", title), &page)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spans_show_their_two_largest_units() {
        assert_eq!(super::span(0), "0 seconds");
        assert_eq!(super::span(61), "1 minute 1 second");
        assert_eq!(super::span(3_900), "1 hour 5 minutes");
        assert_eq!(super::span(90_061), "1 day 1 hour");
        assert_eq!(super::span(7_200), "2 hours");
    }
}
