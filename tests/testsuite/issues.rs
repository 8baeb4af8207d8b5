//! Live issues against a loopback GitHub API that the tests control.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Response, Server};

use crate::support::Site;

/// How the fake API answers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Ok,
    RateLimited,
    ServerError,
    Hang,
    InvalidJson,
    /// A 30 MB answer.
    Huge,
    /// JSON nested 200,000 deep.
    Deep,
    /// Every page of the listing links to one more.
    Endless,
    /// The answer arrives one byte every 200 ms.
    Drip,
}

/// A body that trickles out.
struct Drip(usize);

impl std::io::Read for Drip {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0 == 0 || buf.is_empty() {
            return Ok(0);
        }
        std::thread::sleep(Duration::from_millis(200));
        self.0 -= 1;
        buf[0] = if self.0 == 0 {
            b']'
        } else if self.0 == 599 {
            b'['
        } else {
            b' '
        };
        Ok(1)
    }
}

/// A request the fake API received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub auth: Option<String>,
    pub if_none_match: Option<String>,
    pub status: u16,
}

/// A loopback GitHub REST API serving fixtures in GitHub's shapes.
pub struct FakeGitHub {
    pub url: String,
    mode: Arc<Mutex<Mode>>,
    extra: Arc<Mutex<Vec<serde_json::Value>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

pub const HOSTILE: &str = "<img src=x onerror=\"window.__xss=1\">";

pub fn issue(number: u64, title: &str, state: &str, labels: &[&str], created: &str) -> serde_json::Value {
    // Labels as objects, the way the API sends them (plus one plain string,
    // which some proxies produce).
    let labels: Vec<serde_json::Value> = labels
        .iter()
        .enumerate()
        .map(
            |(i, l)| {
                if i == 2 { serde_json::json!(l) } else { serde_json::json!({"id": i, "name": l, "color": "ededed"}) }
            },
        )
        .collect();
    serde_json::json!({
        "url": format!("https://api.github.com/repos/acme/alerts/issues/{number}"),
        "html_url": format!("https://github.com/acme/alerts/issues/{number}"),
        "id": number * 10, "node_id": "X", "number": number, "title": title, "state": state,
        "labels": labels, "locked": false, "comments": 0, "created_at": created,
        "updated_at": created, "closed_at": null, "body": "Alert fired", "user": {"login": "alertmanager"}
    })
}

impl FakeGitHub {
    pub fn start() -> FakeGitHub {
        let server = Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let url = format!("http://127.0.0.1:{port}");
        let mode = Arc::new(Mutex::new(Mode::Ok));
        let extra = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (m, e, s, base) = (mode.clone(), extra.clone(), seen.clone(), url.clone());
        // Fixed once, so answers (and their ETags) stay the same between builds.
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let server = Arc::new(server);
        for _ in 0..4 {
            let (server, m, e, s, base) = (server.clone(), m.clone(), e.clone(), s.clone(), base.clone());
            std::thread::spawn(move || {
                for req in server.incoming_requests() {
                    let header = |name: &str| {
                        req.headers()
                            .iter()
                            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
                            .map(|h| h.value.as_str().to_string())
                    };
                    let mut seen = Seen {
                        path: req.url().to_string(),
                        auth: header("Authorization"),
                        if_none_match: header("If-None-Match"),
                        status: 0,
                    };
                    let mode = *m.lock().unwrap();
                    let (status, body, link) = match mode {
                        Mode::Hang => {
                            std::thread::sleep(Duration::from_secs(30));
                            (200, "[]".to_string(), None)
                        }
                        Mode::RateLimited => (403, r#"{"message":"API rate limit exceeded"}"#.to_string(), None),
                        Mode::ServerError => (500, r#"{"message":"Server Error"}"#.to_string(), None),
                        Mode::InvalidJson => (200, "{not json at all".to_string(), None),
                        Mode::Huge => (200, format!("[\"{}\"]", "x".repeat(30_000_000)), None),
                        Mode::Deep => (200, format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)), None),
                        Mode::Endless => {
                            let n: u64 = seen.path.rsplit("page=").next().and_then(|p| p.parse().ok()).unwrap_or(1);
                            let next = format!(
                                "<{base}/repositories/42/issues?state=open&per_page=1&page={}>; rel=\"next\"",
                                n + 1
                            );
                            (
                                200,
                                format!(
                                    "[{}]",
                                    issue(n, "PVCFillingUp", "open", &["alert:boom:"], "2024-01-02T10:00:00Z")
                                ),
                                Some(next),
                            )
                        }
                        Mode::Drip => {
                            s.lock().unwrap().push(seen);
                            let _ = req.respond(Response::new(200.into(), vec![], Drip(600), Some(600), None));
                            continue;
                        }
                        Mode::Ok => route(&seen.path, &base, &e.lock().unwrap(), now),
                    };
                    let etag = format!("\"{:x}\"", body.len() * 31 + body.bytes().map(usize::from).sum::<usize>());
                    let mut resp = if status == 200 && seen.if_none_match.as_deref() == Some(&etag) {
                        seen.status = 304;
                        Response::from_data(Vec::new()).with_status_code(304)
                    } else {
                        seen.status = status;
                        Response::from_data(body.into_bytes()).with_status_code(status)
                    };
                    let mut headers = vec![
                        ("Content-Type", "application/json; charset=utf-8".to_string()),
                        ("ETag", etag),
                        ("Access-Control-Allow-Origin", "*".to_string()),
                        ("Access-Control-Expose-Headers", "ETag, Link, X-RateLimit-Remaining".to_string()),
                        ("X-RateLimit-Limit", "60".to_string()),
                        ("X-RateLimit-Remaining", if mode == Mode::RateLimited { "0" } else { "59" }.to_string()),
                        ("X-RateLimit-Reset", "1700000000".to_string()),
                    ];
                    if let Some(l) = link {
                        headers.push(("Link", l));
                    }
                    for (k, v) in headers {
                        resp = resp.with_header(Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap());
                    }
                    s.lock().unwrap().push(seen);
                    let _ = req.respond(resp);
                }
            });
        }
        FakeGitHub { url, mode, extra, seen }
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Adds an open incident to the listing's second page.
    pub fn add_incident(&self, v: serde_json::Value) {
        self.extra.lock().unwrap().push(v);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn clear(&self) {
        self.seen.lock().unwrap().clear();
    }
}

/// The fixture routes: a two-page incident listing whose `Link` header points
/// at `/repositories/42/…` like GitHub's, and three referenced issues.
fn route(path: &str, base: &str, extra: &[serde_json::Value], now: u64) -> (u16, String, Option<String>) {
    let listing = "/repos/acme/alerts/issues?state=open&labels=alert%3Aboom%3A&per_page=100";
    if let Some(answer) = crate::history::closed_route(path, base, now) {
        return answer;
    }
    let page2 = "/repositories/42/issues?state=open&labels=alert%3Aboom%3A&per_page=100&page=2";
    if path == listing {
        let page = serde_json::json!([
            issue(101, "PVCFillingUp", "open", &["alert:boom:", "environment/moc/smaug"], "2024-01-02T10:00:00Z"),
            issue(105, "SomethingElse", "open", &["alert:boom:"], "2024-01-03T10:00:00Z"),
        ]);
        let link = format!("<{base}{page2}>; rel=\"next\", <{base}{page2}>; rel=\"last\"");
        return (200, page.to_string(), Some(link));
    }
    if path == page2 {
        let mut items = vec![
            issue(103, "PVCFillingUp", "open", &["alert:boom:", HOSTILE, "team/odh"], "2024-01-05T10:00:00Z"),
            issue(104, "JupyterHubDown", "open", &["alert:boom:", "resolved"], "2024-01-04T10:00:00Z"),
        ];
        items.extend(extra.iter().cloned());
        let first = format!("<{base}{listing}>; rel=\"first\"");
        return (200, serde_json::Value::Array(items).to_string(), Some(first));
    }
    let single = |n: u64, title: &str, state: &str, pr: Option<serde_json::Value>| {
        let mut v = issue(n, title, state, &[], "2023-12-01T00:00:00Z");
        v["html_url"] = serde_json::json!(format!("https://github.com/acme/site/issues/{n}"));
        if let Some(pr) = pr {
            v["pull_request"] = pr;
        }
        (200, v.to_string(), None)
    };
    match path {
        "/repos/acme/site/issues/7" => single(7, HOSTILE, "open", None),
        "/repos/acme/site/issues/8" => single(8, "Old bug", "closed", None),
        "/repos/acme/site/issues/9" => {
            single(9, "Add runbook", "closed", Some(serde_json::json!({"merged_at": "2024-01-01T00:00:00Z"})))
        }
        _ => (404, r#"{"message":"Not Found"}"#.to_string(), None),
    }
}

pub const TOKEN: &str = "ghp_SECRET_token_never_in_output_1234";

pub fn runbook_site(api: &str) -> Site {
    Site::new()
        .file(
            "book.toml",
            &format!(
                "{}\n[issues]\nrepo = \"acme/alerts\"\nsite_repo = \"acme/site\"\napi_url = \"{api}\"\n",
                crate::support::BOOK
            ),
        )
        .file(
            "content/runbooks/jupyterhub.md",
            "---\ntitle: JupyterHub runbook\nalerts: [PVCFillingUp, JupyterHubDown]\n---\n\n\
             Fixed by #7, see acme/site#8 and https://github.com/acme/site/pull/9 too.\n\n\
             Also [the PR](https://github.com/acme/site/pull/9). Not in code: `#7`.\n\n\
             ## PVCFillingUp\n\nA volume is full.\n\n## JupyterHubDown\n\nThe hub is down.\n",
        )
}

pub fn build(site: &Site, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    site.run_env(&all, &[("GITHUB_TOKEN", TOKEN), ("OPSITE_ISSUES_TIMEOUT", "3")])
}

pub fn build_ok(site: &Site, args: &[&str]) -> crate::support::Run {
    let r = build(site, args);
    assert_eq!(r.code, Some(0), "build failed: {}", r.stderr);
    r
}

fn incidents(site: &Site, alert: &str) -> Vec<String> {
    site.html("runbooks/jupyterhub/index.html")
        .texts(&format!(".incident-alert[data-alert='{alert}'] .incident-list > li > a"))
}

#[test]
fn incidents_and_references_from_a_paginated_api() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    let r = build_ok(&site, &[]);
    assert!(!r.stderr.contains("[issues]"), "no warning expected: {}", r.stderr);
    // Newest first; only open, unresolved issues titled with the alert name.
    assert_eq!(incidents(&site, "PVCFillingUp"), ["#103 PVCFillingUp", "#101 PVCFillingUp"]);
    assert!(incidents(&site, "JupyterHubDown").is_empty());
    let page = site.html("runbooks/jupyterhub/index.html");
    assert_eq!(page.text(".incident-alert[data-alert='JupyterHubDown'] .incident-count"), "No open incidents");
    assert_eq!(page.text(".incident-alert[data-alert='PVCFillingUp'] .incident-count"), "2 open");
    assert!(page.text(".incident-checked").starts_with("Checked"));
    // Page 2 was fetched from the URL in the Link header, as given.
    let paths: Vec<String> = gh.seen().into_iter().map(|s| s.path).collect();
    assert!(paths.iter().any(|p| p.starts_with("/repositories/42/issues?")), "{paths:?}");
    // References: title and state; code left alone.
    let refs = page.texts("a.issue-ref .issue-state");
    assert_eq!(refs, ["open", "closed", "merged", "merged"]);
    assert_eq!(page.attrs("a.issue-ref", "href")[1], "https://github.com/acme/site/issues/8");
    assert_eq!(page.text("article code"), "#7");
    // runbooks.json maps alerts to absolute URLs with anchors, and pages.
    let json: serde_json::Value = serde_json::from_str(&site.read("runbooks.json")).unwrap();
    assert_eq!(json["PVCFillingUp"]["url"], "https://example.org/runbooks/jupyterhub/#pvcfillingup");
    assert_eq!(json["JupyterHubDown"]["url"], "https://example.org/runbooks/jupyterhub/#jupyterhubdown");
    assert_eq!(json["JupyterHubDown"]["page"], "content/runbooks/jupyterhub.md");
}

#[test]
fn hostile_titles_and_labels_are_escaped() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    build_ok(&site, &[]);
    let raw = site.read("runbooks/jupyterhub/index.html");
    assert!(!raw.contains("<img src=x"), "unescaped issue title or label in the page");
    let page = site.html("runbooks/jupyterhub/index.html");
    assert_eq!(page.count("article img"), 0);
    assert_eq!(page.text("a.issue-ref[data-issue='acme/site#7'] .issue-title"), HOSTILE);
    assert!(page.texts(".incidents .label").contains(&HOSTILE.to_string()));
}

#[test]
fn token_is_sent_to_the_api_but_never_written() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    let r = build_ok(&site, &[]);
    assert!(gh.seen().iter().all(|s| s.auth.as_deref() == Some(&format!("Bearer {TOKEN}"))));
    assert_token_nowhere(&site, &r, "a normal API");
}

/// The token is in no file under the site (output, caches, anything) and
/// in nothing the build printed.
fn assert_token_nowhere(site: &Site, r: &crate::support::Run, what: &str) {
    let mut files = 0;
    for entry in walkdir::WalkDir::new(site.root()).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "{what}: token written to {}",
            entry.path().display()
        );
        files += 1;
    }
    assert!(files > 10, "{what}: the walk saw the site ({files} files)");
    assert!(site.root().join(".opsite-cache").is_dir(), "{what}: the cache was written and checked");
    assert!(!r.stdout.contains(TOKEN) && !r.stderr.contains(TOKEN), "{what}: token printed");
}

#[test]
fn unchanged_data_is_revalidated_with_etags() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    build_ok(&site, &[]);
    gh.clear();
    build_ok(&site, &[]);
    let seen = gh.seen();
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|s| s.if_none_match.is_some() && s.status == 304), "{seen:?}");
    assert_eq!(incidents(&site, "PVCFillingUp").len(), 2, "304 answers reuse the cached data");
}

#[test]
fn rate_limit_stops_calls_and_uses_the_cache_marked_stale() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    build_ok(&site, &[]);
    gh.set(Mode::RateLimited);
    gh.clear();
    let r = build_ok(&site, &[]);
    assert_eq!(gh.seen().len(), 1, "no calls after the rate limit is hit: {:?}", gh.seen());
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains("[issues]")).collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    insta::assert_snapshot!(r.err());
    assert_eq!(incidents(&site, "PVCFillingUp").len(), 2);
    let page = site.html("runbooks/jupyterhub/index.html");
    assert!(page.text(".incident-checked .stale").contains("stale"));
    assert_eq!(page.texts("a.issue-ref .issue-state").len(), 4, "references still show cached titles");
}

#[test]
fn server_errors_without_cache_leave_plain_links() {
    let gh = FakeGitHub::start();
    gh.set(Mode::ServerError);
    let site = runbook_site(&gh.url);
    let r = build_ok(&site, &[]);
    insta::assert_snapshot!(r.err());
    let page = site.html("runbooks/jupyterhub/index.html");
    assert_eq!(page.count(".issue-title"), 0);
    assert_eq!(page.attrs("a.issue-ref", "href")[0], "https://github.com/acme/site/issues/7");
    assert_eq!(page.text(".incident-checked-time"), "Incident data is not available for this build.");
}

#[test]
fn invalid_json_keeps_the_cache() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    build_ok(&site, &[]);
    gh.set(Mode::InvalidJson);
    let r = build_ok(&site, &[]);
    insta::assert_snapshot!(r.err());
    assert_eq!(incidents(&site, "PVCFillingUp").len(), 2);
    // The failed refresh did not clobber the cache: a third, offline build still has it.
    let r = build_ok(&site, &["--offline"]);
    assert_eq!(incidents(&site, "PVCFillingUp").len(), 2, "{}", r.stderr);
}

#[test]
fn a_hanging_api_times_out_and_the_build_goes_on() {
    let gh = FakeGitHub::start();
    gh.set(Mode::Hang);
    let site = runbook_site(&gh.url);
    let r = build_ok(&site, &[]);
    // The server hangs for 30 s and the pass budget is 3 s: a build that
    // ignored the budget would warn of nothing.
    insta::assert_snapshot!(r.err());
    assert_eq!(site.html("runbooks/jupyterhub/index.html").count(".issue-title"), 0);
}

#[test]
fn a_hostile_api_is_bounded_in_time_and_never_breaks_the_build() {
    for mode in [Mode::Huge, Mode::Deep, Mode::Endless, Mode::Drip] {
        let gh = FakeGitHub::start();
        gh.set(mode);
        let site = runbook_site(&gh.url);
        // Bounded: each mode warns (a build that read on would not), and
        // the endless body ends at the size limit instead of never.
        let r = build_ok(&site, &[]);
        assert!(!r.stderr.contains("panicked") && !r.stderr.contains(TOKEN), "{mode:?}: {}", r.stderr);
        let requests = gh.seen().len();
        assert!(requests <= 60, "{mode:?}: {requests} requests");
        if mode != Mode::Endless {
            assert!(r.stderr.contains("[issues]"), "{mode:?}: no warning: {}", r.stderr);
        }
        assert_token_nowhere(&site, &r, &format!("{mode:?}"));
    }
}

#[test]
fn strict_issues_fails_and_offline_makes_no_calls() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    build_ok(&site, &[]);
    gh.clear();
    build_ok(&site, &["--offline"]);
    assert!(gh.seen().is_empty(), "--offline must not call the API");
    assert_eq!(incidents(&site, "PVCFillingUp").len(), 2);
    gh.set(Mode::ServerError);
    let r = build(&site, &["--strict-issues"]);
    assert_eq!(r.code, Some(1));
    insta::assert_snapshot!(r.err());
}

#[test]
fn runbook_alert_without_heading_is_an_error() {
    let site = Site::new()
        .file("content/rb.md", "---\ntitle: RB\nalerts: [Missing, {name: Other, anchor: nowhere}]\n---\n## Present\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    assert!(r.stderr.contains("runbook alert `Other` has no heading `#nowhere`"), "{}", r.stderr);
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn browser_refreshes_incidents_live_and_escapes_titles() {
    let browser = crate::browser::browser();
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    build_ok(&site, &[]);
    // After the build, a new incident opens; only the browser can know.
    gh.add_incident(issue(200, "JupyterHubDown", "open", &["alert:boom:", HOSTILE], "2024-02-01T10:00:00Z"));
    let s = crate::serve::Served::start(&site, &["--offline"]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}runbooks/jupyterhub/", s.url)).unwrap().wait_until_navigated().unwrap();
    use crate::browser::{eval, wait_for};
    wait_for(&tab, "document.querySelector('.incidents').dataset.live === 'ok'", "the live refresh");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector(\".incident-alert[data-alert='JupyterHubDown'] .incident-list a\").textContent"
        ),
        "#200 JupyterHubDown"
    );
    assert_eq!(eval(&tab, "document.querySelectorAll('.incidents img').length"), 0);
    assert_eq!(
        eval(
            &tab,
            "Array.from(document.querySelectorAll('.incidents .label')).some(l => l.textContent.includes('onerror'))"
        ),
        true,
        "a hostile label shows as text"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector(\"a.issue-ref[data-issue='acme/site#7'] .issue-title\").textContent.includes('<img')"
        ),
        true
    );
    assert_eq!(eval(&tab, "window.__xss === undefined"), true, "hostile markup ran");

    // Rate-limited on the next visit (cache cleared): build-time data stays.
    gh.set(Mode::RateLimited);
    eval(&tab, "sessionStorage.clear(); true");
    tab.reload(true, None).unwrap();
    wait_for(
        &tab,
        "document.querySelector('.incidents') && document.querySelector('.incidents').dataset.live === 'failed'",
        "the refresh to fail",
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll(\".incident-alert[data-alert='PVCFillingUp'] .incident-list li\").length"
        ),
        2
    );
}

#[test]
fn serve_asks_github_once_not_on_every_reload() {
    let gh = FakeGitHub::start();
    let site = runbook_site(&gh.url);
    let s = crate::serve::Served::start(&site, &[]);
    let first = gh.seen().len();
    assert!(first > 0, "the first build asks GitHub");
    assert_eq!(
        s.get("/runbooks/jupyterhub/")
            .html()
            .texts(".incident-alert[data-alert='PVCFillingUp'] .incident-list > li > a")
            .len(),
        2
    );
    let events = s.events();
    site.write("content/runbooks/new.md", "# New page\n");
    events.expect("reload");
    assert_eq!(gh.seen().len(), first, "a reload must not wait on GitHub");
    // The cached answer still shows.
    assert_eq!(
        s.get("/runbooks/jupyterhub/")
            .html()
            .texts(".incident-alert[data-alert='PVCFillingUp'] .incident-list > li > a")
            .len(),
        2
    );
}

#[test]
fn an_api_that_cannot_be_reached_is_tried_once_not_once_per_reference() {
    // The Operate First port: 329 issue references, each waiting for the
    // same failed name lookup, made a 1 s build take 21 s.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(Mutex::new(0usize));
    let count = accepted.clone();
    std::thread::spawn(move || {
        // Every connection is closed before a byte is answered.
        for stream in listener.incoming() {
            *count.lock().unwrap() += 1;
            drop(stream);
        }
    });
    let refs: String = (1..=40).map(|n| format!("See #{n}.\n\n")).collect();
    let site =
        runbook_site(&format!("http://127.0.0.1:{port}")).file("content/notes.md", &format!("# Notes\n\n{refs}"));
    let r = build_ok(&site, &[]);
    assert!(r.err().contains("GitHub issues could not be refreshed"), "{}", r.err());
    assert_eq!(*accepted.lock().unwrap(), 1, "one failed request is enough to know");
    let page = site.html("notes/index.html");
    assert_eq!(page.attrs("a.issue-ref", "href").len(), 40, "the references stay links");
}
