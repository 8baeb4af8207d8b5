//! The firing history of runbook alerts, the runbooks index, the incidents
//! page and its feed, against the loopback GitHub API of `issues`.

use crate::issues::{FakeGitHub, HOSTILE, TOKEN, build_ok, issue};
use crate::support::{BOOK, Site};

const DAY: u64 = 86_400;

fn rfc3339(t: u64) -> String {
    // Seconds to `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, as the build does).
    let z = (t / DAY) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let s = t % DAY;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

fn closed(number: u64, title: &str, opened_ago: u64, took: u64, now: u64) -> serde_json::Value {
    let mut v = issue(number, title, "closed", &["alert:boom:"], &rfc3339(now - opened_ago));
    v["closed_at"] = serde_json::json!(rfc3339(now - opened_ago + took));
    v
}

/// The closed-incident listing, newest first, in three pages: the second
/// ends before the 90-day window, so the third must never be asked for.
pub fn closed_route(path: &str, base: &str, now: u64) -> Option<(u16, String, Option<String>)> {
    let first =
        "/repos/acme/alerts/issues?state=closed&labels=alert%3Aboom%3A&sort=created&direction=desc&per_page=100";
    let page =
        |n: u32| format!("/repositories/42/issues?state=closed&sort=created&direction=desc&per_page=100&page={n}");
    let next = |n: u32| Some(format!("<{base}{}>; rel=\"next\"", page(n)));
    if path == first {
        let mut hostile = closed(124, "JupyterHubDown", DAY, 45 * 60, now);
        hostile["html_url"] = serde_json::json!("javascript:window.__xss=1");
        let items = serde_json::json!([closed(120, "PVCFillingUp", 2 * DAY, 30 * 60, now), hostile]);
        return Some((200, items.to_string(), next(2)));
    }
    if path == page(2) {
        let items = serde_json::json!([
            closed(121, "PVCFillingUp", 5 * DAY, 2 * 3600, now),
            closed(122, "PVCFillingUp", 10 * DAY, 3600, now),
            closed(123, "PVCFillingUp", 200 * DAY, 3600, now),
        ]);
        return Some((200, items.to_string(), next(3)));
    }
    (path == page(3)).then(|| (200, "[]".to_string(), None))
}

const RULES: &str = "groups:\n- name: odh\n  rules:\n  - alert: PVCFillingUp\n    expr: kubelet_volume_stats_available_bytes < 1e9\n    labels: {severity: critical}\n  - alert: JupyterHubDown\n    expr: up{job=\"jupyterhub\"} == 0\n    labels: {severity: warning}\n";

/// Two runbooks named after their alerts (no `alerts:` frontmatter) in a
/// runbooks section, one other section, and the rules.
fn site(api: &str) -> Site {
    Site::new()
        .file(
            "book.toml",
            &format!(
                "{BOOK}\n[runbooks]\nrules = [\"rules.yaml\"]\n\n[issues]\nrepo = \"acme/alerts\"\nsite_repo = \"acme/site\"\napi_url = \"{api}\"\n"
            ),
        )
        .file("rules.yaml", RULES)
        .file("content/ops/_index.md", "# Operations\n")
        .file("content/ops/runbooks/_index.md", "# Runbooks\n")
        .file("content/ops/runbooks/PVCFillingUp.md", "# PVCFillingUp\n\nA volume is almost full.\n")
        .file("content/ops/runbooks/hub/JupyterHubDown.md", "# JupyterHubDown\n\nThe hub is down.\n")
        .file("content/users/_index.md", "# Users\n")
}

fn build(site: &Site) {
    build_ok(site, &[]);
}

#[test]
fn a_runbook_shows_how_often_its_alert_fired_and_how_that_ended() {
    let gh = FakeGitHub::start();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    // Reopened: open again, though GitHub remembers when it was closed.
    let mut reopened = issue(125, "PVCFillingUp", "open", &["alert:boom:"], &rfc3339(now - DAY / 2));
    reopened["closed_at"] = serde_json::json!(rfc3339(now - DAY / 2 + 60));
    gh.add_incident(reopened);
    let site = site(&gh.url);
    build(&site);
    let page = site.html("ops/runbooks/PVCFillingUp/index.html");
    let stats = page.text(".incident-alert[data-alert='PVCFillingUp'] .alert-history-stats");
    assert_eq!(stats, "Fired 4 times in the last 90 days · last 12 hours ago · closed after 1 hour (median)");
    let recent = page.texts(".incident-alert[data-alert='PVCFillingUp'] .history-list li");
    let today = |ago: u64| rfc3339(now - ago)[..10].to_string();
    assert_eq!(
        recent,
        [
            format!("#125 {} open", today(DAY / 2)),
            format!("#120 {} closed after 30 minutes", today(2 * DAY)),
            format!("#121 {} closed after 2 hours", today(5 * DAY)),
            format!("#122 {} closed after 1 hour", today(10 * DAY)),
        ]
    );
    // The reopened incident is open again; the one from 200 days ago is out.
    assert_eq!(page.texts(".incident-list > li > a"), ["#125 PVCFillingUp", "#103 PVCFillingUp", "#101 PVCFillingUp"]);
    // Paging stopped at the page that reached past the window.
    let paths: Vec<String> = gh.seen().into_iter().map(|s| s.path).collect();
    assert!(paths.iter().any(|p| p.contains("state=closed") && p.ends_with("page=2")), "{paths:?}");
    assert!(!paths.iter().any(|p| p.ends_with("page=3")), "fetched past the window: {paths:?}");
    // A non-web issue URL from the API is never a link.
    let hub = site.html("ops/runbooks/hub/JupyterHubDown/index.html");
    assert_eq!(
        hub.text(".alert-history-stats"),
        "Fired 1 time in the last 90 days · last 1 day ago · closed after 45 minutes (median)"
    );
    assert!(
        hub.attrs(".history-list a", "href").iter().all(|h| h.is_empty()),
        "{:?}",
        hub.attrs(".history-list a", "href")
    );
    assert!(!site.read("ops/runbooks/hub/JupyterHubDown/index.html").contains("javascript:"));
}

#[test]
fn the_runbooks_index_lists_every_alert_with_severity_and_open_incidents() {
    let gh = FakeGitHub::start();
    let site = site(&gh.url);
    build(&site);
    let index = site.html("ops/runbooks/index.html");
    let rows: Vec<String> = index
        .texts(".alert-index tbody tr")
        .iter()
        .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(rows, ["JupyterHubDown warning 0 JupyterHubDown", "PVCFillingUp critical 2 PVCFillingUp"]);
    assert_eq!(
        index.attrs(".alert-index tbody a", "href"),
        ["/ops/runbooks/hub/JupyterHubDown/", "/ops/runbooks/PVCFillingUp/"]
    );
    // Below the index, a section lists its own; above it and elsewhere, none.
    assert_eq!(site.html("ops/runbooks/hub/index.html").texts(".alert-index .incident-alert-name"), ["JupyterHubDown"]);
    assert_eq!(site.html("ops/index.html").count(".alert-index"), 0);
    assert_eq!(site.html("index.html").count(".alert-index"), 0);
    assert_eq!(site.html("users/index.html").count(".alert-index"), 0);
}

#[test]
fn the_incidents_page_groups_open_incidents_by_severity_and_has_a_feed() {
    let gh = FakeGitHub::start();
    let site = site(&gh.url);
    build(&site);
    let page = site.html("incidents/index.html");
    assert_eq!(page.texts(".incident-group:not([hidden]) h2"), ["critical"]);
    assert_eq!(page.texts(".incident-alert:not([hidden]) .incident-alert-name"), ["PVCFillingUp"]);
    assert_eq!(
        page.texts(".incident-alert:not([hidden]) .incident-list > li > a"),
        ["#103 PVCFillingUp", "#101 PVCFillingUp"]
    );
    assert!(page.count(".incidents-none[hidden]") == 1);
    // Links to it from the runbook, and the feed from the page's head.
    let runbook = site.html("ops/runbooks/PVCFillingUp/index.html");
    assert_eq!(runbook.attr(".incident-checked a[href='/incidents/']", "href"), "/incidents/");
    assert_eq!(page.attr("link[type='application/atom+xml']", "href"), "/incidents.xml");
    // The feed: well-formed Atom, newest first, only web links.
    let xml = site.read("incidents.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(atom));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .filter_map(|e| e.children().find(|c| c.has_tag_name((atom, "title")))?.text())
        .collect();
    assert_eq!(
        titles[..3],
        ["JupyterHubDown #124 (closed)", "PVCFillingUp #120 (closed)", "PVCFillingUp #121 (closed)"]
    );
    assert!(!xml.contains(TOKEN));
    for e in doc.descendants().filter(|n| n.has_tag_name((atom, "entry"))) {
        for tag in ["id", "title", "updated"] {
            assert!(e.children().any(|c| c.has_tag_name((atom, tag))), "entry without <{tag}>");
        }
    }
    assert!(!xml.contains("javascript:"), "a non-web URL in the feed");
    assert!(!xml.contains(HOSTILE));
}

#[test]
fn without_issues_there_is_no_incidents_page() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}\n[runbooks]\nrules = [\"rules.yaml\"]\n"))
        .file("rules.yaml", RULES)
        .file("content/runbooks/PVCFillingUp.md", "# PVCFillingUp\n");
    site.build_ok(&[]);
    assert!(!site.out("incidents/index.html").exists());
    assert!(!site.out("incidents.xml").exists());
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn browser_refreshes_history_index_and_incidents_page() {
    use crate::browser::{eval, wait_for};
    let browser = crate::browser::browser();
    let gh = FakeGitHub::start();
    let site = site(&gh.url);
    build(&site);
    // After the build both alerts fire again; only the browser can know.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    gh.add_incident(issue(300, "PVCFillingUp", "open", &["alert:boom:"], &rfc3339(now - 3600)));
    gh.add_incident(issue(301, "JupyterHubDown", "open", &["alert:boom:", HOSTILE], &rfc3339(now - 600)));
    let s = crate::serve::Served::start(&site, &["--offline"]);
    let tab = browser.new_tab().unwrap();
    let live = "document.querySelector('[data-api]').dataset.live === 'ok'";

    tab.navigate_to(&format!("{}ops/runbooks/PVCFillingUp/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, live, "the runbook's live refresh");
    let stats = eval(&tab, "document.querySelector('.alert-history-stats').textContent");
    assert_eq!(stats, "Fired 4 times in the last 90 days · last 1 hour ago · closed after 1 hour (median)");
    assert_eq!(
        eval(&tab, "document.querySelector('.history-list li').textContent"),
        format!("#300 {} open", &rfc3339(now - 3600)[..10])
    );

    tab.navigate_to(&format!("{}ops/runbooks/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, live, "the index's live refresh");
    let counts = eval(
        &tab,
        "Array.from(document.querySelectorAll('.alert-index .incident-count')).map(c => c.textContent).join(',')",
    );
    assert_eq!(counts, "1,3");

    tab.navigate_to(&format!("{}incidents/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, live, "the incidents page's live refresh");
    let shown = eval(
        &tab,
        "Array.from(document.querySelectorAll('.incident-group:not([hidden]) h2')).map(h => h.textContent).join(',')",
    );
    assert_eq!(shown, "critical,warning");
    let hub = eval(
        &tab,
        "document.querySelector(\".incident-alert[data-alert='JupyterHubDown']:not([hidden]) .incident-list a\").textContent",
    );
    assert_eq!(hub, "#301 JupyterHubDown");
    assert_eq!(eval(&tab, "document.querySelectorAll('main img').length"), 0);
    assert_eq!(eval(&tab, "window.__xss === undefined"), true, "hostile markup ran");
}
