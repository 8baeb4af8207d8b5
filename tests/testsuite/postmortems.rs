//! Postmortems: facts and times from frontmatter, a timeline from the
//! incident issue's events (a loopback GitHub) merged with hand-written
//! entries, action items with their issues' state, the open ones across
//! postmortems, and `opsite new postmortem` filled in from the issue.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::support::{BOOK, Site};

const HOSTILE: &str = "<img src=x onerror=\"window.__xss=1\">";

/// A loopback API answering fixed paths; counts requests.
struct Api {
    url: String,
    hits: Arc<Mutex<usize>>,
}

fn issue(
    number: u64,
    title: &str,
    state: &str,
    labels: &[&str],
    created: &str,
    closed: Option<&str>,
) -> serde_json::Value {
    serde_json::json!({
        "number": number, "title": title, "state": state,
        "html_url": format!("https://github.com/acme/alerts/issues/{number}"),
        "labels": labels.iter().map(|l| serde_json::json!({"name": l})).collect::<Vec<_>>(),
        "created_at": created, "closed_at": closed, "user": {"login": "alertmanager"}
    })
}

fn api() -> Api {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let hits = Arc::new(Mutex::new(0));
    let counter = hits.clone();
    let incident =
        issue(7, "HubDown", "closed", &["alert", "sev-1"], "2026-11-02T14:10:00Z", Some("2026-11-02T15:20:00Z"));
    let mut routes: HashMap<String, serde_json::Value> = HashMap::new();
    routes.insert("/repos/acme/alerts/issues/7".into(), incident.clone());
    routes.insert(
        "/repos/acme/alerts/issues/7/timeline?per_page=100".into(),
        serde_json::json!([
            {"event": "labeled", "actor": {"login": "<b>alertmanager</b>"}, "created_at": "2026-11-02T14:10:01Z", "label": {"name": HOSTILE}},
            {"event": "commented", "user": {"login": "oncall"}, "created_at": "2026-11-02T14:25:00Z",
             "body": format!("{HOSTILE} restarted the hub pod"), "html_url": "https://github.com/acme/alerts/issues/7#issuecomment-1"},
            {"event": "closed", "actor": {"login": "alertmanager"}, "created_at": "2026-11-02T14:40:00Z"},
            {"event": "reopened", "actor": {"login": "oncall"}, "created_at": "2026-11-02T14:45:00Z"},
            {"event": "closed", "actor": {"login": "oncall"}, "created_at": "2026-11-02T15:20:00Z"}
        ]),
    );
    routes.insert(
        "/repos/acme/alerts/issues/8".into(),
        issue(8, "Alert on PVC growth", "open", &[], "2026-11-03T09:00:00Z", None),
    );
    routes.insert(
        "/repos/acme/alerts/issues/9".into(),
        issue(9, "Raise the hub's memory", "closed", &[], "2026-11-03T09:00:00Z", Some("2026-11-04T09:00:00Z")),
    );
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            *counter.lock().unwrap() += 1;
            let path = req.url().to_string();
            let body = match routes.get(&path) {
                Some(v) => v.clone(),
                None if path.starts_with("/repos/acme/alerts/issues?state=closed") => serde_json::json!([incident]),
                None if path.starts_with("/repos/acme/alerts/issues?") => serde_json::json!([]),
                None => {
                    let _ = req.respond(tiny_http::Response::from_string("{}").with_status_code(404));
                    continue;
                }
            };
            let _ = req.respond(
                tiny_http::Response::from_string(body.to_string())
                    .with_header(tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap()),
            );
        }
    });
    Api { url, hits }
}

const POSTMORTEM: &str = r#"---
title: Hub outage
incident: 7
severity: SEV-1
started: 2026-11-02T15:00:00+01:00
detected: 2026-11-02T14:10:00Z
resolved: 2026-11-02T15:20:00Z
summary: The hub stopped answering after a node drain.
impact: Nobody could start a notebook for 80 minutes.
root_causes:
  - The hub had one replica and no disruption budget.
trigger: A routine node drain.
action_items:
  - title: Alert on PVC growth
    owner: sre
    issue: 8
  - title: Raise the hub's memory
    owner: sre
    issue: 9
  - title: Write down the drain procedure
    owner: platform
timeline:
  - at: 2026-11-02T14:20:00Z
    text: The on-call engineer joined the incident call.
---

What we learned.
"#;

fn site(api: &str) -> Site {
    Site::new()
        .file(
            "book.toml",
            &format!("{BOOK}\n[issues]\nrepo = \"acme/alerts\"\napi_url = \"{api}\"\nalert_label = \"alert\"\n"),
        )
        .file("content/runbooks/_index.md", "# Runbooks\n")
        .file("content/runbooks/hub.md", "---\nalerts: [HubDown]\n---\n# Hub\n\n## HubDown\n\nRestart it.\n")
        .file("content/postmortems/_index.md", "# Postmortems\n")
        .file("content/postmortems/hub-outage.md", POSTMORTEM)
}

#[test]
fn a_postmortem_shows_its_facts_times_runbook_and_a_merged_timeline() {
    let api = api();
    let site = site(&api.url);
    let r = site.build_ok(&[]);
    // `summary` is a postmortem's own key here, not another tool's.
    assert!(!r.err().contains("summary"), "{}", r.err());
    let page = site.html("postmortems/hub-outage/index.html");
    assert_eq!(page.text("#summary + p"), "The hub stopped answering after a node drain.");
    let facts = page.texts(".postmortem-facts dd");
    assert!(
        facts[0].contains("acme/alerts#7") && facts[0].contains("HubDown") && facts[0].contains("closed"),
        "{facts:?}"
    );
    assert_eq!(page.text(".postmortem-facts dt:nth-of-type(4) + dd"), "10 minutes");
    assert_eq!(page.text(".postmortem-facts dt:nth-of-type(5) + dd"), "1 hour 20 minutes");
    // The alert comes from the incident issue (titled with it, labelled
    // `alert`) and links its runbook section.
    assert_eq!(page.attr(".postmortem-facts a[href*=runbooks]", "href"), "/runbooks/hub/#hubdown");
    let timeline: Vec<String> = page.texts(".postmortem-timeline li .timeline-kind");
    assert_eq!(
        timeline,
        ["started", "opened", "detected", "labeled", "note", "commented", "closed", "reopened", "closed", "resolved"]
    );
    // Comments, labels and logins stay text.
    assert_eq!(page.count(".postmortem-timeline img, .postmortem-timeline b"), 0);
    assert!(page.text(".postmortem-timeline").contains("by <b>alertmanager</b>: <img"));
    assert!(page.text(".postmortem-timeline").contains("by oncall: <img src=x"));
    assert_eq!(page.texts(".postmortem ul li"), ["The hub had one replica and no disruption budget."]);
}

#[test]
fn action_items_show_their_issues_and_the_open_ones_are_listed_together() {
    let api = api();
    let site = site(&api.url);
    site.build_ok(&[]);
    let page = site.html("postmortems/hub-outage/index.html");
    let rows = page.texts("#action-items + .table-wrap tbody tr");
    assert!(rows[0].contains("acme/alerts#8") && rows[0].contains("open"), "{rows:?}");
    assert!(rows[1].contains("acme/alerts#9") && rows[1].contains("closed"), "{rows:?}");
    let actions = site.html("postmortems/actions/index.html");
    let open = actions.texts("tbody tr");
    assert_eq!(open.len(), 2, "{open:?}");
    assert!(open[0].contains("Alert on PVC growth") && open[0].contains("Hub outage"));
    assert!(open[1].contains("Write down the drain procedure"));
    assert_eq!(page.attr("a[href$='actions/']", "href"), "/postmortems/actions/");
    // The incidents page links the closed incident to its postmortem.
    let incidents = site.html("incidents/index.html");
    assert_eq!(incidents.attr("#closed-incidents ~ ul a[href*=postmortems]", "href"), "/postmortems/hub-outage/");
}

#[test]
fn offline_with_nothing_cached_an_action_item_counts_as_open() {
    let api = api();
    let site = site(&api.url);
    let r = site.run(&["build", "--offline"]);
    assert_eq!(r.code, Some(0), "{}", r.err());
    assert_eq!(*api.hits.lock().unwrap(), 0);
    let open = site.html("postmortems/actions/index.html").texts("tbody tr");
    assert_eq!(open.len(), 3, "{open:?}");
    assert!(open[1].contains("unknown"), "{open:?}");
}

#[test]
fn times_that_are_not_times_or_out_of_order_are_located_warnings() {
    let api = api();
    let site = site(&api.url).file(
        "content/postmortems/bad.md",
        "---\ntitle: Bad\nincident: 7\nstarted: 2026-11-02T15:00:00Z\ndetected: soon\nresolved: 2026-11-02T14:00:00Z\n---\nText.\n",
    );
    let r = site.build_ok(&["--offline"]);
    assert!(
        r.err().contains("content/postmortems/bad.md:5:1: postmortem `detected` \"soon\" is not a time"),
        "{}",
        r.err()
    );
    assert!(
        r.err().contains("content/postmortems/bad.md:6:1: postmortem `resolved` is before `started`"),
        "{}",
        r.err()
    );
}

#[test]
fn new_postmortem_is_filled_in_from_the_incident_issue() {
    let api = api();
    let site = site(&api.url);
    let r = site.run(&["new", "postmortem", "--incident", "7"]);
    assert_eq!(r.code, Some(0), "{}", r.err());
    let text = std::fs::read_to_string(site.root().join("content/postmortems/2026-11-02-hubdown.md")).unwrap();
    for line in [
        "title: \"Postmortem: HubDown\"",
        "incident: \"acme/alerts#7\"",
        "alert: \"HubDown\"",
        "severity: \"sev-1\"",
        "detected: \"2026-11-02T14:10:00Z\"",
        "resolved: \"2026-11-02T15:20:00Z\"",
    ] {
        assert!(text.contains(line), "{line} not in:\n{text}");
    }
    // It builds, and a second one is refused rather than replaced.
    site.build_ok(&["--offline"]);
    let again = site.run(&["new", "postmortem", "--incident", "7"]);
    assert_eq!(again.code, Some(1));
    assert!(again.err().contains("already exists"), "{}", again.err());
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn a_postmortem_and_the_actions_page_pass_axe_in_light_and_dark() {
    use crate::browser::{browser, eval, wait_for};
    let api = api();
    let site = site(&api.url);
    let served = crate::serve::Served::start(&site, &[]);
    let axe = crate::theme::axe_source();
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        tab.navigate_to(&served.url).unwrap().wait_until_navigated().unwrap();
        eval(&tab, &format!("localStorage.setItem('opsite-theme', '{scheme}'); true"));
        for page in ["postmortems/actions/", "incidents/", "postmortems/hub-outage/"] {
            tab.navigate_to(&format!("{}{page}", served.url)).unwrap().wait_until_navigated().unwrap();
            wait_for(&tab, &format!("document.documentElement.dataset.theme === '{scheme}'"), "the colour scheme");
            for v in crate::theme::axe_violations(&tab, &axe) {
                failures.push(format!("/{page} [{scheme}]: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "axe violations:\n{}", failures.join("\n"));
    // Nothing from the hostile comment ran (the postmortem is the page last open).
    assert_eq!(eval(&tab, "window.__xss === undefined"), true);
}
