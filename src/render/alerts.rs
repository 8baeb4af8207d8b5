//! Runbook alerts as templates see them: on the runbook (the rule, open
//! incidents, the firing history), in the runbooks index, on the incidents
//! page and in its Atom feed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::PageInputs;
use crate::issues::history::{HistoryView, history_for};
use crate::issues::{AlertView, IncidentView, incidents_for};
use crate::load::{DocId, HOME, SectionId};
use crate::util::escape_html;
use crate::util::url::{encode_path, query_encode};

/// Where the incidents page is written.
pub(super) const INCIDENTS_PAGE: &str = "incidents/";
/// Where its Atom feed is written.
pub(super) const INCIDENTS_FEED: &str = "incidents.xml";
/// Entries in the feed.
const FEED_ENTRIES: usize = 50;

/// A runbook alert as templates see it: its incidents, rules and history.
#[derive(Serialize)]
pub(super) struct AlertCtx {
    #[serde(flatten)]
    incidents: AlertView,
    /// Every rule that defines the alert (usually one).
    rules: Vec<RuleView>,
    /// How often it fired lately and how that ended.
    history: HistoryView,
}

/// One alerting rule on its runbook. Text from rule files is escaped by the
/// template engine like any value; Go template placeholders stay as written.
#[derive(Serialize)]
pub(super) struct RuleView {
    severity: Option<String>,
    duration: Option<String>,
    expr: String,
    /// The expression highlighted as PromQL (escaped by the highlighter).
    expr_html: Option<String>,
    labels: BTreeMap<String, String>,
    summary: Option<String>,
    description: Option<String>,
    file: String,
    group: String,
    graph_url: Option<String>,
    dashboard_url: Option<String>,
    silence_url: Option<String>,
}

/// One alert in the runbooks index and on the incidents page.
#[derive(Serialize, Clone)]
pub(super) struct IndexRow {
    name: String,
    severity: String,
    /// The runbook, with the alert's anchor.
    url: String,
    page_title: String,
    /// `owner/repo` and labels its incidents are looked up with.
    repo: String,
    labels: Vec<String>,
    known: bool,
    incidents: Vec<IncidentView>,
    /// The runbook's frontmatter `owner` and `reviewed`.
    owner: Option<String>,
    reviewed: Option<String>,
}

/// Alerts of one severity on the incidents page.
#[derive(Serialize)]
struct SeverityGroup {
    severity: String,
    open: usize,
    alerts: Vec<IndexRow>,
}

/// Severities from the most to the least urgent; others after, by name.
fn severity_rank(s: &str) -> (usize, &str) {
    let known = ["critical", "error", "high", "warning", "medium", "info", "low", "none"];
    (known.iter().position(|k| k.eq_ignore_ascii_case(s)).unwrap_or(known.len()), s)
}

impl PageInputs<'_> {
    /// Where the incidents of alerts on `doc` are looked up: its
    /// frontmatter's `issues`, else `[issues]`.
    fn incident_source(&self, doc: DocId) -> (String, Vec<String>) {
        let filter = self.loaded.doc(doc).front.issues.as_ref();
        let repo =
            filter.and_then(|f| f.repo.clone()).or_else(|| self.issues.map(|c| c.repo.clone())).unwrap_or_default();
        (repo, filter.map(|f| f.labels.clone()).unwrap_or_default())
    }

    pub(super) fn alert_views(&self, doc: DocId) -> Vec<AlertCtx> {
        let (repo, labels) = self.incident_source(doc);
        let listing = self.snapshot.and_then(|s| s.listings.get(&repo));
        let label = self.issues.map(|c| c.alert_label.as_str()).unwrap_or_default();
        let (checked, checked_iso) = listing.map(|l| crate::util::dates::format_time(l.checked)).unwrap_or_default();
        self.checked
            .alerts(doc)
            .iter()
            .map(|a| {
                let rules = self.rules.named(&a.name).map(|r| self.rule_view(r)).collect();
                let history = listing.map(|l| history_for(l, &a.name, label, &labels)).unwrap_or_default();
                let incidents = AlertView {
                    incidents: listing.map(|l| incidents_for(l, &a.name, label, &labels)).unwrap_or_default(),
                    known: listing.is_some(),
                    stale: listing.is_some_and(|l| l.stale),
                    checked: checked.clone(),
                    checked_iso: checked_iso.clone(),
                    name: a.name.clone(),
                    anchor: a.anchor.clone(),
                    repo: repo.clone(),
                    labels: labels.clone(),
                };
                AlertCtx { incidents, rules, history }
            })
            .collect()
    }

    /// A rule with links to graph its expression, open its dashboard and
    /// silence it, where `[runbooks]` says where those services are.
    fn rule_view(&self, r: &crate::alerts::Rule) -> RuleView {
        let base = |u: &Option<String>| u.as_deref().map(|u| u.trim_end_matches('/').to_string());
        let graph_url = base(&self.runbooks.prometheus_url)
            .map(|p| format!("{p}/graph?g0.expr={}&g0.tab=0", query_encode(&r.expr)));
        let uid = r.labels.get("__dashboardUid__").cloned();
        let dashboard_url = r.dashboard.clone().or_else(|| {
            let g = base(&self.runbooks.grafana_url)?;
            let panel =
                r.labels.get("__panelId__").map(|p| format!("?viewPanel={}", query_encode(p))).unwrap_or_default();
            Some(format!("{g}/d/{}{panel}", query_encode(&uid?)))
        });
        // A silence matching the alert's name and its fixed labels.
        let silence_url = base(&self.runbooks.alertmanager_url).map(|am| {
            let quote = |v: &str| v.replace('\\', "\\\\").replace('"', "\\\"");
            let mut matchers = vec![format!("alertname=\"{}\"", quote(&r.alert))];
            matchers.extend(
                r.labels.iter().filter(|(k, _)| !k.starts_with("__")).map(|(k, v)| format!("{k}=\"{}\"", quote(v))),
            );
            format!("{am}/#/silences/new?filter={}", query_encode(&format!("{{{}}}", matchers.join(","))))
        });
        RuleView {
            severity: r.severity.clone(),
            duration: r.duration.clone(),
            expr: r.expr.clone(),
            expr_html: self.expr_html.get(&r.expr).cloned(),
            labels: r
                .labels
                .iter()
                .filter(|(k, _)| !k.starts_with("__"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            summary: r.summary.clone(),
            description: r.description.clone(),
            file: r.file.display().to_string(),
            group: r.group.clone(),
            graph_url,
            dashboard_url,
            silence_url,
        }
    }

    /// Every documented alert with its runbook, severity and open incidents,
    /// by name.
    fn index_rows(&self, within: Option<SectionId>) -> Vec<IndexRow> {
        let label = self.issues.map(|c| c.alert_label.as_str()).unwrap_or_default();
        let mut rows: Vec<IndexRow> = self
            .checked
            .all_alerts()
            .filter(|(d, _)| within.is_none_or(|s| self.loaded.sections_of(*d).contains(&s)))
            .map(|(d, a)| {
                let (repo, labels) = self.incident_source(d);
                let listing = self.snapshot.and_then(|s| s.listings.get(&repo));
                // A page named after the alert is linked as a page, not to its title.
                let is_title = self.parsed.doc(d).title_id.as_deref() == Some(a.anchor.as_str());
                let anchor = if is_title { String::new() } else { a.fragment() };
                IndexRow {
                    name: a.name.clone(),
                    severity: self.rules.named(&a.name).find_map(|r| r.severity.clone()).unwrap_or_default(),
                    url: format!("{}{anchor}", self.url(d)),
                    page_title: self.parsed.doc(d).title.clone(),
                    incidents: listing.map(|l| incidents_for(l, &a.name, label, &labels)).unwrap_or_default(),
                    known: listing.is_some(),
                    repo,
                    labels,
                    owner: self.loaded.doc(d).front.owner.clone(),
                    reviewed: self.loaded.doc(d).front.reviewed.clone(),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.url.cmp(&b.url)));
        rows
    }

    /// The alerts a section's page lists: on the runbooks index (the
    /// deepest section holding every runbook) and the sections below it
    /// that hold runbooks, never on the home page.
    pub(super) fn alert_index(&self, section: SectionId) -> Vec<IndexRow> {
        let Some(index) = self.checked.runbooks_index() else { return Vec::new() };
        if section == HOME || !self.loaded.sections_of(self.loaded.section(section).doc).contains(&index) {
            return Vec::new();
        }
        self.index_rows(Some(section))
    }

    /// The incidents page's URL, when the site has one.
    pub(super) fn incidents_page_url(&self) -> Option<String> {
        self.has_incidents_page().then(|| format!("{}{INCIDENTS_PAGE}", self.base_path))
    }

    /// Whether the site gets an incidents page and feed: incidents are
    /// looked up and some page documents an alert.
    pub(super) fn has_incidents_page(&self) -> bool {
        self.issues.is_some() && self.checked.all_alerts().next().is_some()
    }

    /// The `page` of the incidents page: every alert grouped by severity,
    /// most urgent first, with its open incidents.
    pub(super) fn incidents_page_value(&self, title: &str, description: &str) -> serde_json::Value {
        let mut groups: BTreeMap<(usize, String), Vec<IndexRow>> = BTreeMap::new();
        for row in self.index_rows(None) {
            let sev = if row.severity.is_empty() { "none".to_string() } else { row.severity.to_lowercase() };
            let (rank, _) = severity_rank(&sev);
            groups.entry((rank, sev)).or_default().push(row);
        }
        let groups: Vec<SeverityGroup> = groups
            .into_iter()
            .map(|((_, severity), alerts)| SeverityGroup {
                open: alerts.iter().map(|a| a.incidents.len()).sum(),
                severity,
                alerts,
            })
            .collect();
        let listing = self.snapshot.and_then(|s| s.listings.values().next());
        let (checked, checked_iso) = listing.map(|l| crate::util::dates::format_time(l.checked)).unwrap_or_default();
        // Recently closed incidents, each with its postmortem where one
        // names it.
        let postmortems = self.postmortems_by_incident();
        let mut closed: Vec<(String, serde_json::Value)> = self
            .snapshot
            .iter()
            .flat_map(|s| s.listings.iter())
            .flat_map(|(repo, l)| l.closed.iter().filter(|i| i.pull_request.is_none()).map(move |i| (repo, i)))
            .map(|(repo, i)| {
                let when = i.closed_at.clone().unwrap_or_default();
                let value = serde_json::json!({
                    "number": i.number, "title": i.title, "url": crate::util::url::web_only(&i.html_url), "closed_at": when,
                    "closed": crate::util::dates::parse_time(&when).map(|t| crate::util::dates::format_time(t).0),
                    "postmortem": postmortems.get(&(repo.clone(), i.number)),
                });
                (when, value)
            })
            .collect();
        closed.sort_by(|a, b| b.0.cmp(&a.0));
        closed.truncate(50);
        serde_json::json!({
            "closed": closed.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            "title": title, "kind": "incidents",
            "url": format!("{}{INCIDENTS_PAGE}", self.base_path),
            "permalink": format!("{}{INCIDENTS_PAGE}", self.base_url),
            "description": description,
            "groups": groups,
            "open": groups.iter().map(|g| g.open).sum::<usize>(),
            "known": listing.is_some(),
            "stale": self.snapshot.is_some_and(|s| s.listings.values().any(|l| l.stale)),
            "checked": checked, "checked_iso": checked_iso,
            "feed": format!("{}{INCIDENTS_FEED}", self.base_path), "feed_title": title,
            "incidents_api": self.issues.map(|c| serde_json::json!({"api": c.api(), "label": c.alert_label})),
        })
    }

    /// An Atom feed of the incidents of documented alerts, open and
    /// recently closed, the newest first.
    pub(super) fn incidents_feed(&self, title: &str, site_title: &str) -> String {
        let label = self.issues.map(|c| c.alert_label.as_str()).unwrap_or_default();
        let mut entries = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (d, a) in self.checked.all_alerts() {
            let (repo, labels) = self.incident_source(d);
            let Some(listing) = self.snapshot.and_then(|s| s.listings.get(&repo)) else { continue };
            for i in listing.issues.iter().chain(&listing.closed) {
                if crate::issues::history::is_incident(i, &a.name, label, &labels) && seen.insert(&i.html_url) {
                    entries.push((i, d, a));
                }
            }
        }
        entries.sort_by(|a, b| b.0.created_at.cmp(&a.0.created_at));
        let updated = self
            .snapshot
            .and_then(|s| s.listings.values().map(|l| l.checked).max())
            .map(|t| crate::util::dates::format_time(t).1)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let feed_url = format!("{}{INCIDENTS_FEED}", self.base_url);
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
             <title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}{INCIDENTS_PAGE}\"/>\n<updated>{updated}</updated>\n\
             <author><name>{}</name></author>\n",
            escape_html(title),
            escape_html(&feed_url),
            escape_html(&feed_url),
            escape_html(self.base_url),
            escape_html(site_title),
        );
        for (i, d, a) in entries.into_iter().take(FEED_ENTRIES) {
            let closed = i.closed_at.as_deref().filter(|_| i.state == "closed");
            let state = if closed.is_some() { "closed" } else { "open" };
            let anchor = a.fragment();
            let runbook = format!("{}{}{anchor}", self.base_url, encode_path(&self.loaded.doc(d).path));
            let link = crate::util::url::web_only(&i.html_url);
            let id = if link.is_empty() { format!("{feed_url}#{}", i.number) } else { link.to_string() };
            let link = if link.is_empty() { runbook.clone() } else { link.to_string() };
            xml.push_str(&format!(
                "<entry>\n<title>{} #{} ({state})</title>\n<id>{}</id>\n<link href=\"{}\"/>\n\
                 <published>{}</published>\n<updated>{}</updated>\n\
                 <summary>Opened {}{}. Runbook: {}</summary>\n</entry>\n",
                escape_html(&a.name),
                i.number,
                escape_html(&id),
                escape_html(&link),
                escape_html(&i.created_at),
                escape_html(closed.unwrap_or(&i.created_at)),
                escape_html(&i.created_at),
                closed.map(|c| format!(", closed {}", escape_html(c))).unwrap_or_default(),
                escape_html(&runbook),
            ));
        }
        xml.push_str("</feed>\n");
        xml
    }
}
