//! How often an alert fired and how that ended, from the incidents
//! Alertmanager opened as GitHub issues: open ones and those closed in the
//! last [`WINDOW_DAYS`] days.

use serde::Serialize;

use super::Listing;
use super::github::Issue;
use crate::util::dates;

/// How far back the history goes.
pub(crate) const WINDOW_DAYS: u64 = 90;
/// How many past incidents a runbook lists.
pub(crate) const RECENT: usize = 5;

/// One alert's firing history as templates see it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct HistoryView {
    /// Whether closed incidents could be read at all.
    pub known: bool,
    /// Incidents opened in the window.
    pub fired: usize,
    /// RFC 3339 time the newest incident was opened.
    pub last_fired: Option<String>,
    /// The same as "3 days ago".
    pub last_fired_age: String,
    /// Median time from opened to closed, "2 hours", over closed incidents.
    pub median_to_close: Option<String>,
    /// The newest incidents, at most [`RECENT`].
    pub recent: Vec<PastIncident>,
    /// The window in days.
    pub days: u64,
}

/// One incident in the history.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PastIncident {
    /// Issue number.
    pub number: u64,
    /// Link to the issue.
    pub url: String,
    /// RFC 3339 time it was opened.
    pub opened: String,
    /// `YYYY-MM-DD` of the same.
    pub opened_date: String,
    /// `open`, `resolved` (labelled so, still open) or `closed`.
    pub state: String,
    /// How long it took to close, "40 minutes".
    pub took: Option<String>,
}

/// Whether an issue is an incident of `alert`: titled with its name,
/// carrying the alert label and every extra label, not a pull request.
pub(crate) fn is_incident(i: &Issue, alert: &str, alert_label: &str, labels: &[String]) -> bool {
    i.pull_request.is_none()
        && i.title.trim() == alert.trim()
        && i.labels.iter().any(|l| l == alert_label)
        && labels.iter().all(|want| i.labels.contains(want))
}

/// The history of `alert` in `listing`, as of the listing's time.
pub(crate) fn history_for(listing: &Listing, alert: &str, alert_label: &str, labels: &[String]) -> HistoryView {
    let now = listing.checked;
    let cutoff = now.saturating_sub(WINDOW_DAYS * 86_400);
    let mut seen = std::collections::HashSet::new();
    // An issue reopened between the two listings could be in both: once.
    let mut all: Vec<(&Issue, u64)> = listing
        .issues
        .iter()
        .chain(&listing.closed)
        .filter(|i| is_incident(i, alert, alert_label, labels))
        .filter(|i| seen.insert(i.number))
        .filter_map(|i| Some((i, dates::parse_time(&i.created_at)?)))
        .collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.number.cmp(&a.0.number)));
    let last = all.first().map(|(i, t)| (i.created_at.clone(), super::age_between(*t, now)));
    let in_window: Vec<&(&Issue, u64)> = all.iter().filter(|(_, t)| *t >= cutoff).collect();
    let mut closes: Vec<u64> = in_window
        .iter()
        .filter(|(i, _)| i.state == "closed")
        .filter_map(|(i, t)| Some(dates::parse_time(i.closed_at.as_deref()?)?.saturating_sub(*t)))
        .collect();
    closes.sort_unstable();
    let median = match closes.len() {
        0 => None,
        n if n % 2 == 1 => Some(closes[n / 2]),
        n => Some((closes[n / 2 - 1] + closes[n / 2]) / 2),
    };
    let recent = in_window
        .iter()
        .take(RECENT)
        .map(|(i, t)| {
            let closed = i.closed_at.as_deref().and_then(dates::parse_time).filter(|_| i.state == "closed");
            let state = match (i.state.as_str(), i.labels.iter().any(|l| l == "resolved")) {
                ("closed", _) => "closed",
                (_, true) => "resolved",
                _ => "open",
            };
            PastIncident {
                number: i.number,
                url: crate::util::url::web_only(&i.html_url).to_string(),
                opened: i.created_at.clone(),
                opened_date: dates::format_time(*t).1[..10].to_string(),
                state: state.into(),
                took: closed.map(|c| duration(c.saturating_sub(*t))),
            }
        })
        .collect();
    HistoryView {
        known: listing.history,
        fired: in_window.len(),
        last_fired: last.as_ref().map(|l| l.0.clone()),
        last_fired_age: last.map(|l| l.1).unwrap_or_default(),
        median_to_close: median.map(duration),
        recent,
        days: WINDOW_DAYS,
    }
}

/// "45 seconds", "12 minutes", "3 hours", "2 days": the largest unit, rounded down.
pub(crate) fn duration(secs: u64) -> String {
    let (n, unit) = match secs {
        0..=59 => (secs, "second"),
        60..=3599 => (secs / 60, "minute"),
        3600..=86_399 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(number: u64, state: &str, opened: u64, closed: Option<u64>, labels: &[&str]) -> Issue {
        Issue {
            number,
            title: "DiskFull".into(),
            state: state.into(),
            html_url: format!("https://github.com/o/r/issues/{number}"),
            created_at: dates::format_time(opened).1,
            closed_at: closed.map(|c| dates::format_time(c).1),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            pull_request: None,
        }
    }

    const DAY: u64 = 86_400;
    const NOW: u64 = 1_800_000_000;

    #[test]
    fn counts_the_window_and_takes_the_median_of_closed_ones() {
        let listing = Listing {
            issues: vec![issue(9, "open", NOW - 3600, None, &["alert"])],
            closed: vec![
                issue(8, "closed", NOW - DAY, Some(NOW - DAY + 600), &["alert"]),
                issue(7, "closed", NOW - 2 * DAY, Some(NOW - 2 * DAY + 7200), &["alert"]),
                issue(6, "closed", NOW - 3 * DAY, Some(NOW - 3 * DAY + 3 * DAY), &["alert"]),
                // Outside the window, and without the label: not counted.
                issue(5, "closed", NOW - 100 * DAY, Some(NOW - 99 * DAY), &["alert"]),
                issue(4, "closed", NOW - DAY, Some(NOW), &["other"]),
            ],
            checked: NOW,
            stale: false,
            history: true,
        };
        let h = history_for(&listing, "DiskFull", "alert", &[]);
        assert_eq!(h.fired, 4);
        assert_eq!(h.last_fired_age, "1 hour ago");
        assert_eq!(h.median_to_close.as_deref(), Some("2 hours"));
        let numbers: Vec<u64> = h.recent.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [9, 8, 7, 6]);
        assert_eq!(h.recent[0].state, "open");
        assert_eq!(h.recent[1].took.as_deref(), Some("10 minutes"));
    }

    #[test]
    fn a_reopened_incident_counts_once_and_is_open() {
        let mut reopened = issue(3, "open", NOW - DAY, Some(NOW - DAY + 60), &["alert", "resolved"]);
        let listing = Listing {
            issues: vec![reopened.clone()],
            closed: {
                reopened.state = "closed".into();
                vec![reopened]
            },
            checked: NOW,
            stale: false,
            history: true,
        };
        let h = history_for(&listing, "DiskFull", "alert", &[]);
        assert_eq!(h.fired, 1);
        assert_eq!(h.recent[0].state, "resolved");
        assert_eq!(h.recent[0].took, None);
        assert_eq!(h.median_to_close, None);
    }

    #[test]
    fn durations() {
        assert_eq!(duration(59), "59 seconds");
        assert_eq!(duration(60), "1 minute");
        assert_eq!(duration(3 * 3600 + 5), "3 hours");
        assert_eq!(duration(86_400), "1 day");
    }
}
