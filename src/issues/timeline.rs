//! An incident issue's timeline (`GET /repos/{repo}/issues/{n}/timeline`):
//! the events a postmortem's timeline is built from. Every string in it is
//! someone's input: templates escape it, and comments are cut to their
//! first line as plain text.

use serde::Serialize;
use serde_json::Value;

/// One event of an issue's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    /// RFC 3339.
    pub at: String,
    /// `opened`, `labeled`, `unlabeled`, `commented`, `assigned`, `closed`,
    /// `reopened`, `renamed` or `referenced`.
    pub kind: String,
    /// Who did it (a GitHub login).
    pub actor: Option<String>,
    /// The label, the comment's first line, the new title, the referencing
    /// issue's title.
    pub text: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
}

const SHOWN: &[&str] =
    &["labeled", "unlabeled", "commented", "assigned", "closed", "reopened", "renamed", "cross-referenced"];

/// The events worth a line in a postmortem, oldest first.
pub(crate) fn parse(items: &[Value]) -> Vec<TimelineEvent> {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let login = |v: &Value, key: &str| s(v.get(key).and_then(|u| u.get("login")));
    let mut out: Vec<TimelineEvent> = items
        .iter()
        .filter_map(|e| {
            let kind = e.get("event")?.as_str()?;
            if !SHOWN.contains(&kind) {
                return None;
            }
            let at = s(e.get("created_at")).or_else(|| s(e.get("updated_at")))?;
            crate::util::dates::parse_time(&at)?;
            let (text, url) = match kind {
                "labeled" | "unlabeled" => (s(e.get("label").and_then(|l| l.get("name"))), None),
                "commented" => (s(e.get("body")).map(|b| first_line(&b)), s(e.get("html_url"))),
                "assigned" => (login(e, "assignee"), None),
                "renamed" => (s(e.get("rename").and_then(|r| r.get("to"))), None),
                "cross-referenced" => {
                    let issue = e.get("source").and_then(|src| src.get("issue"));
                    (s(issue.and_then(|i| i.get("title"))), s(issue.and_then(|i| i.get("html_url"))))
                }
                _ => (None, None),
            };
            let url = url.filter(|u| u.starts_with("https://") || u.starts_with("http://"));
            Some(TimelineEvent {
                at,
                kind: if kind == "cross-referenced" { "referenced".into() } else { kind.into() },
                actor: login(e, "actor").or_else(|| login(e, "user")),
                text,
                url,
            })
        })
        .collect();
    out.sort_by_cached_key(|e| crate::util::dates::parse_time(&e.at));
    out
}

/// A comment's first non-empty line, at most 200 characters.
fn first_line(body: &str) -> String {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    crate::util::text::truncate_words(line, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_kept_in_order_as_text_and_unsafe_urls_dropped() {
        let items: Vec<Value> = serde_json::from_str(
            r#"[
            {"event": "closed", "actor": {"login": "bot"}, "created_at": "2026-11-02T15:00:00Z"},
            {"event": "labeled", "actor": {"login": "alertmanager"}, "created_at": "2026-11-02T14:00:00Z", "label": {"name": "alert"}},
            {"event": "subscribed", "actor": {"login": "x"}, "created_at": "2026-11-02T14:01:00Z"},
            {"event": "commented", "user": {"login": "sre"}, "created_at": "2026-11-02T14:30:00Z",
             "body": "\n<img src=x onerror=alert(1)> restarted the hub\nsecond line", "html_url": "javascript:alert(1)"},
            {"event": "commented", "created_at": "not a time", "body": "dropped"}
        ]"#,
        )
        .unwrap();
        let e = parse(&items);
        let kinds: Vec<&str> = e.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["labeled", "commented", "closed"]);
        assert_eq!(e[1].text.as_deref(), Some("<img src=x onerror=alert(1)> restarted the hub"));
        assert_eq!(e[1].url, None);
        assert_eq!(e[1].actor.as_deref(), Some("sre"));
    }
}
