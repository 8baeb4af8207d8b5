//! Between parse and render, issues: incidents opened by Alertmanager as GitHub issues, shown on
//! the runbook of their alert, and `#123` references shown with their title
//! and state.
//!
//! One batched pass per build fetches what the site needs. GitHub being slow,
//! down, rate-limited or sending garbage never breaks a build: cached data is
//! used (marked stale with its age), or references stay plain links.

pub(crate) mod github;
pub(crate) mod history;
pub(crate) mod timeline;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

use crate::config::IssuesConfig;
use crate::load::Loaded;
use crate::parse::Parsed;
use crate::util::dates;
use github::{CachedResponse, Client, FetchError, Issue};

/// How the pass may use the network.
#[derive(Debug, Clone, Default)]
pub(crate) struct FetchOptions {
    /// Use only the cache.
    pub offline: bool,
    /// Fail instead of falling back to the cache.
    pub strict: bool,
}

/// The incidents of one repository, as of `checked`.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Open issues with the alert label.
    pub issues: Vec<Issue>,
    /// Issues with the alert label closed recently (the newest first, back
    /// to [`history::WINDOW_DAYS`] days before `checked`).
    pub closed: Vec<Issue>,
    /// Unix seconds of the data.
    pub checked: u64,
    /// Served from the cache after a failed refresh.
    pub stale: bool,
    /// Whether the closed incidents could be read (fresh or cached).
    pub history: bool,
}

/// Everything one pass learned.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Incident listings by repository.
    pub listings: HashMap<String, Listing>,
    /// Referenced issues by (`owner/repo`, number).
    pub refs: HashMap<(String, u64), Issue>,
    /// The timelines of postmortems' incident issues.
    pub timelines: HashMap<(String, u64), Vec<timeline::TimelineEvent>>,
    /// One line for the terminal when something could not be refreshed.
    pub warning: Option<String>,
}

const CACHE_FILE: &str = "github.json";
const CACHE_VERSION: u32 = 1;
/// Total time the pass may spend on the network.
pub(crate) const PASS_BUDGET: Duration = Duration::from_secs(20);

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    responses: HashMap<String, CachedResponse>,
}

/// Fetches the incident listings of `repos` and the issues in `wanted`.
pub(crate) fn fetch(
    config: &IssuesConfig,
    opts: &FetchOptions,
    cache_dir: Option<&Path>,
    repos: &BTreeSet<String>,
    wanted: &BTreeSet<(String, u64)>,
    timelines: &BTreeSet<(String, u64)>,
) -> Result<Snapshot> {
    let cache = cache_dir.and_then(|d| std::fs::read_to_string(d.join(CACHE_FILE)).ok());
    let cache = cache
        .and_then(|t| serde_json::from_str::<CacheFile>(&t).ok())
        .filter(|c| c.version == CACHE_VERSION)
        .map(|c| c.responses)
        .unwrap_or_default();
    // OPSITE_ISSUES_TIMEOUT (seconds) shortens the pass, e.g. for slow CI.
    let budget = std::env::var("OPSITE_ISSUES_TIMEOUT")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| *v > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(PASS_BUDGET);
    let mut client = Client::new(budget, opts.offline, cache);
    let mut snapshot = Snapshot::default();
    let mut failures: Vec<FetchError> = Vec::new();
    let mut fell_back = false;

    for repo in repos {
        let (open, error) = listing_or_cache(&mut client, &config.incidents_url(repo), |_| false);
        failures.extend(error);
        let Some((issues, checked, stale)) = open else { continue };
        fell_back |= stale;
        let mut listing = Listing { issues, checked, stale, ..Listing::default() };
        // The history: closed incidents, newest first, paged only as far
        // back as the window. The URL stays the same from day to day, so
        // its pages revalidate with their ETags (a 304 costs no quota).
        let cutoff = listing.checked.saturating_sub(history::WINDOW_DAYS * 86_400);
        let older = |page: &[serde_json::Value]| {
            page.last()
                .and_then(|i| i.get("created_at")?.as_str().and_then(dates::parse_time))
                .is_some_and(|t| t < cutoff)
        };
        let (closed, error) = listing_or_cache(&mut client, &config.history_url(repo), older);
        failures.extend(error);
        if let Some((closed, _, stale)) = closed {
            (listing.closed, listing.history) = (closed, true);
            listing.stale |= stale;
            fell_back |= stale;
        }
        snapshot.listings.insert(repo.clone(), listing);
    }
    for (repo, number) in wanted {
        let url = format!("{}/repos/{repo}/issues/{number}", config.api());
        let got = client.get(&url).and_then(|r| parse_issue(r.body, &url));
        match got {
            Ok(issue) => {
                snapshot.refs.insert((repo.clone(), *number), issue);
            }
            Err(e) => {
                if let Some(c) = client.cache.get(&url)
                    && let Ok(issue) = parse_issue(c.body.clone(), &url)
                {
                    snapshot.refs.insert((repo.clone(), *number), issue);
                    fell_back = true;
                }
                failures.push(e);
            }
        }
    }
    for (repo, number) in timelines {
        let url = format!("{}/repos/{repo}/issues/{number}/timeline?per_page=100", config.api());
        let events = match client.get_all(&url, |_| false) {
            Ok(items) => Some(items),
            Err(e) => {
                let cached = client.cached_all(&url, |_| false).map(|(items, _)| items);
                fell_back |= cached.is_some();
                failures.push(e);
                cached
            }
        };
        if let Some(items) = events {
            snapshot.timelines.insert((repo.clone(), *number), timeline::parse(&items));
        }
    }

    if let Some(dir) = cache_dir {
        save_cache(dir, client.cache);
    }
    if let Some(first) =
        failures.iter().find(|f| !matches!(f, FetchError::Skipped(m) if m == "offline")).or(failures.first())
    {
        if opts.strict {
            bail!("GitHub issues could not be refreshed: {first} (--strict-issues)");
        }
        let message = match (opts.offline, fell_back) {
            (true, true) => "offline: showing cached issue data".to_string(),
            (true, false) => "offline and nothing is cached: issue references stay plain links".to_string(),
            (false, true) => {
                format!("GitHub issues could not be refreshed ({first}); showing cached data marked stale")
            }
            (false, false) => format!("GitHub issues could not be refreshed ({first}); showing plain links"),
        };
        snapshot.warning = Some(message);
    }
    Ok(snapshot)
}

/// One pass for everything `loaded` and `parsed` show: the incident
/// listing of every runbook's repository and every referenced issue.
/// Returns the snapshot (none when `[issues]` is off or nothing is
/// wanted) and a warning about what could not be refreshed.
pub(crate) fn fetch_for(
    config: Option<&IssuesConfig>,
    opts: &FetchOptions,
    cache_dir: Option<&Path>,
    loaded: &Loaded,
    parsed: &Parsed,
    runbooks_by_name: bool,
) -> Result<(Option<Snapshot>, Option<String>)> {
    let Some(config) = config else { return Ok((None, None)) };
    // Pages named after a rule's alert are runbooks too: they use the
    // default repository.
    let by_name = runbooks_by_name.then(|| config.repo.clone());
    let repos: BTreeSet<String> =
        by_name
            .into_iter()
            .chain(loaded.docs().filter(|(_, d)| !d.front.alerts.is_empty()).map(|(_, d)| {
                d.front.issues.as_ref().and_then(|f| f.repo.clone()).unwrap_or_else(|| config.repo.clone())
            }))
            .collect();
    let mut wanted: BTreeSet<(String, u64)> = parsed.docs().flat_map(|(_, p)| p.issue_refs.iter().cloned()).collect();
    // Postmortems: their incident (and its timeline) and their action items.
    let full = |r: &crate::load::frontmatter::IssueRef| r.resolve(&config.repo);
    let timelines: BTreeSet<(String, u64)> =
        loaded.docs().filter_map(|(_, d)| d.front.pm().incident.as_ref().map(full)).collect();
    wanted.extend(timelines.iter().cloned());
    wanted.extend(
        loaded.docs().flat_map(|(_, d)| d.front.pm().action_items.iter().filter_map(|a| a.issue.as_ref().map(full))),
    );
    if repos.is_empty() && wanted.is_empty() {
        return Ok((None, None));
    }
    let mut snapshot = fetch(config, opts, cache_dir, &repos, &wanted, &timelines)?;
    let warning = snapshot.warning.take();
    Ok((Some(snapshot), warning))
}

/// A listing's issues, when they were checked, and whether they came from
/// the cache after a failed refresh.
type Fetched = (Vec<Issue>, u64, bool);

/// A listing fresh from the API, else from the cache, with why it was not
/// fresh.
fn listing_or_cache(
    client: &mut Client,
    url: &str,
    enough: impl Fn(&[serde_json::Value]) -> bool + Copy,
) -> (Option<Fetched>, Option<FetchError>) {
    match client.get_all(url, enough).and_then(|items| parse_issues(items, url)) {
        Ok(issues) => (Some((issues, github::now(), false)), None),
        Err(e) => {
            let cached = client
                .cached_all(url, enough)
                .and_then(|(items, checked)| Some((parse_issues(items, url).ok()?, checked, true)));
            (cached, Some(e))
        }
    }
}

fn parse_issues(items: Vec<serde_json::Value>, url: &str) -> Result<Vec<Issue>, FetchError> {
    items
        .into_iter()
        .map(|v| {
            serde_json::from_value::<Issue>(v)
                .map_err(|e| FetchError::Failed(format!("{url}: unexpected issue JSON: {e}")))
        })
        .collect()
}

fn parse_issue(v: serde_json::Value, url: &str) -> Result<Issue, FetchError> {
    serde_json::from_value(v).map_err(|e| FetchError::Failed(format!("{url}: unexpected issue JSON: {e}")))
}

fn save_cache(dir: &Path, responses: HashMap<String, CachedResponse>) {
    let file = CacheFile { version: CACHE_VERSION, responses };
    let tmp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
    if std::fs::create_dir_all(dir).is_ok()
        && let Ok(bytes) = serde_json::to_vec(&file)
        && std::fs::write(&tmp, bytes).is_ok()
    {
        let _ = std::fs::rename(&tmp, dir.join(CACHE_FILE));
    }
}

/// An incident as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IncidentView {
    /// Issue number.
    pub number: u64,
    /// Title (escaped by the template engine).
    pub title: String,
    /// Link to the issue.
    pub url: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// "3 days ago", relative to the data's time.
    pub age: String,
    /// Label names.
    pub labels: Vec<String>,
}

/// One alert of a runbook, with its incidents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlertView {
    /// Alert name.
    pub name: String,
    /// Heading id on the page.
    pub anchor: String,
    /// `owner/repo` searched.
    pub repo: String,
    /// Extra labels required.
    pub labels: Vec<String>,
    /// Open incidents, newest first.
    pub incidents: Vec<IncidentView>,
    /// Whether any data was available.
    pub known: bool,
    /// The data came from the cache after a failed refresh.
    pub stale: bool,
    /// When the data was checked, `YYYY-MM-DD HH:MM UTC`.
    pub checked: String,
    /// RFC 3339 of the same.
    pub checked_iso: String,
}

/// Open incidents for `alert` in `listing`: title equal to the alert name,
/// carrying the alert label and every `labels`, newest first.
pub(crate) fn incidents_for(listing: &Listing, alert: &str, alert_label: &str, labels: &[String]) -> Vec<IncidentView> {
    let mut found: Vec<&Issue> = listing
        .issues
        .iter()
        .filter(|i| i.state == "open" && history::is_incident(i, alert, alert_label, labels))
        .filter(|i| !i.labels.iter().any(|l| l == "resolved"))
        .collect();
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    found
        .into_iter()
        .map(|i| IncidentView {
            number: i.number,
            title: i.title.clone(),
            url: crate::util::url::web_only(&i.html_url).to_string(),
            created_at: i.created_at.clone(),
            age: age(&i.created_at, listing.checked),
            labels: i.labels.clone(),
        })
        .collect()
}

/// "5 minutes ago", "3 days ago" between an RFC 3339 time and unix `now`.
pub(crate) fn age(rfc3339: &str, now: u64) -> String {
    dates::parse_time(rfc3339).map(|t| age_between(t, now)).unwrap_or_default()
}

/// "3 days ago" from unix `then` to `now`.
pub(crate) fn age_between(then: u64, now: u64) -> String {
    let secs = now.saturating_sub(then);
    if secs < 60 { "just now".into() } else { format!("{} ago", history::duration(secs)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        let now = dates::parse_time("2024-01-04T00:00:00Z").unwrap();
        assert_eq!(age("2024-01-01T00:00:00Z", now), "3 days ago");
        assert_eq!(age("2024-01-03T23:00:00Z", now), "1 hour ago");
        assert_eq!(age("garbage", now), "");
    }
}
