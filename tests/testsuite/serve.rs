//! `opsite serve`: a real server on an ephemeral port against a temp site.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::{Page, Site, bin};

/// A running `opsite serve`, killed on drop.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT/base/`.
    pub url: String,
    agent: ureq::Agent,
    /// What `serve` prints after its URL, line by line.
    lines: Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response, whatever its status.
pub struct Resp {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn html(&self) -> Page {
        Page(scraper::Html::parse_document(&self.body))
    }
}

impl Served {
    pub fn start(site: &Site, extra: &[&str]) -> Served {
        Served::start_on(site, 0, extra)
    }

    pub fn start_on(site: &Site, port: u16, extra: &[&str]) -> Served {
        Served::start_env(site, port, extra, &[])
    }

    /// [`Served::start_on`] with extra environment variables.
    pub fn start_env(site: &Site, port: u16, extra: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(bin())
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .envs(env.iter().copied())
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start opsite serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = loop {
            let line = rx.recv_timeout(deadline - Instant::now()).expect("serve did not announce its URL");
            if let Some(rest) = line.strip_prefix("serving ") {
                break rest.split(' ').next().unwrap().to_string();
            }
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        Served { child, url, agent, lines: rx }
    }

    /// Waits for the next line `serve` prints that contains `text`, and
    /// returns it.
    pub fn expect_line(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).unwrap_or_else(|_| panic!("serve never printed `{text}`"));
            if line.contains(text) {
                return line;
            }
        }
    }

    /// Origin without the base path (`http://127.0.0.1:PORT`).
    pub fn origin(&self) -> String {
        let after = self.url.find("://").unwrap() + 3;
        let slash = self.url[after..].find('/').map(|i| after + i).unwrap_or(self.url.len());
        self.url[..slash].to_string()
    }

    pub fn get(&self, path: &str) -> Resp {
        self.request("GET", path, &[])
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
        let url = format!("{}{}", self.origin(), path);
        let resp = match method {
            "HEAD" => {
                let mut r = self.agent.head(&url);
                for (k, v) in headers {
                    r = r.header(*k, *v);
                }
                r.call()
            }
            _ => {
                let mut r = self.agent.get(&url);
                for (k, v) in headers {
                    r = r.header(*k, *v);
                }
                r.call()
            }
        }
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status().as_u16();
        let headers =
            resp.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect();
        let body = resp.into_body().read_to_string().unwrap_or_default();
        Resp { status, body, headers }
    }

    /// Connects to the live-reload stream; events arrive as (name, data).
    pub fn events(&self) -> Events {
        let url = format!("{}__opsite/events", self.url);
        let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(None).build().into();
        let resp = agent.get(&url).call().expect("connect to events");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(resp.into_body().into_reader()).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data:") {
                    data.push_str(d.trim_start());
                } else if line.is_empty()
                    && !name.is_empty()
                    && tx.send((std::mem::take(&mut name), std::mem::take(&mut data))).is_err()
                {
                    return;
                }
            }
        });
        let events = Events { rx };
        events.expect("hello");
        events
    }
}

pub struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// Waits for the next event called `name`, skipping others.
    pub fn expect(&self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (n, d) = self.rx.recv_timeout(left).unwrap_or_else(|_| panic!("no `{name}` event"));
            if n == name {
                return d;
            }
        }
    }
}

fn site() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Docs\n---\nAll the docs.\n")
        .file("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nFirst version.\n")
        .file("content/docs/b.md", "---\ntitle: Page B\nweight: 2\n---\nSee [A](a.md).\n")
        .file("static/extra.css", "body { color: red; }\n")
}

#[test]
fn serves_pages_from_memory_with_http_semantics() {
    let site = site();
    let s = Served::start(&site, &[]);
    let page = s.get("/docs/a/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert_eq!(page.html().text("article h1"), "Page A");
    assert_eq!(page.html().count("script[src$='__opsite/live.js']"), 1, "live reload injected");

    let etag = page.header("etag").expect("etag").to_string();
    assert_eq!(s.request("GET", "/docs/a/", &[("If-None-Match", &etag)]).status, 304);
    let head = s.request("HEAD", "/docs/a/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let css = s.get("/extra.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let redirect = s.get("/docs");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/docs/"));
    let missing = s.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.html().text("h1"), "Page not found");
    assert!(!site.root().join("public").exists(), "serve must not write public/");
}

#[test]
fn traversal_attempts_get_only_400_or_404() {
    let site = site();
    std::fs::write(site.root().join("secret.txt"), "TOP SECRET").unwrap();
    let s = Served::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/%252e%252e/secret.txt",
        "/docs/..%5c..%5csecret.txt",
        "/docs/%5c..%5csecret.txt",
        "/secret.txt%00.html",
        "/%00",
        "//etc/passwd",
        "/static/../book.toml",
        "/book.toml",
        "/content/docs/a.md",
        "/./book.toml",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = s.get(path);
        assert!(r.status == 400 || r.status == 404, "{path} → {}", r.status);
        assert!(!r.body.contains("TOP SECRET") && !r.body.contains("base_url"), "{path} leaked a file");
    }
}

#[test]
fn editing_a_page_sends_reload_after_the_new_page_is_served() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nSecond version.\n");
    let pages = events.expect("reload");
    assert!(pages.contains("/docs/a/"), "{pages}");
    // The reload event comes only once the new page is complete.
    assert!(s.get("/docs/a/").body.contains("Second version."));
    assert!(!pages.contains("/docs/b/"), "an unrelated page was re-rendered: {pages}");
}

#[test]
fn requests_and_events_are_answered_from_the_last_good_pages_while_a_rebuild_is_stuck() {
    let site = site();
    let s = Served::start_env(&site, 0, &[], &[("OPSITE_TEST_STALL_MS", "4000")]);
    let events = s.events();
    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nSecond version.\n");
    s.expect_line("rebuild stalled for a test");
    // The rebuild is held up: pages, and a newly opened event stream, are
    // answered meanwhile, with the last good pages.
    let a = s.get("/docs/a/");
    assert_eq!(a.status, 200);
    assert!(a.body.contains("First version."), "{}", a.body);
    assert_eq!(s.get("/docs/b/").status, 200);
    let late = s.events();
    // Then it lands, and both streams hear of it.
    assert!(events.expect("reload").contains("/docs/a/"));
    assert!(late.expect("reload").contains("/docs/a/"));
    assert!(s.get("/docs/a/").body.contains("Second version."));
}

#[test]
fn serve_with_warn_links_serves_pages_whose_links_are_broken() {
    let site = site().file("content/docs/c.md", "---\ntitle: Page C\n---\nSee [gone](gone.md).\n");
    let s = Served::start(&site, &["--warn-links"]);
    let c = s.get("/docs/c/");
    assert_eq!(c.status, 200);
    assert!(c.body.contains("See"), "{}", c.body);
}

#[test]
fn serve_answers_old_md_addresses_with_the_same_redirects() {
    let book = format!("{}[build]\nmd_urls = \"redirect\"\n", crate::support::BOOK);
    let site = site().file("book.toml", &book);
    let s = Served::start(&site, &[]);
    let r = s.get("/docs/a.md");
    assert_eq!((r.status, r.header("Location")), (301, Some("/docs/a.md/")));
    let r = s.get("/docs/a.md/");
    assert_eq!(r.html().attr("meta[http-equiv=refresh]", "content"), "0; url=/docs/a/");
}

#[test]
fn a_page_that_never_built_shows_the_errors_instead_of_not_found() {
    // Frontmatter that does not parse stops the load: no page is built.
    let site = site().file("content/docs/c.md", "---\ntitle: <b>Page C\nweight: [\n---\nText.\n");
    let s = Served::start(&site, &[]);
    let r = s.get("/docs/a/");
    assert_eq!(r.status, 500);
    let page = r.html();
    assert_eq!(page.text("h1"), "The site does not build");
    let errors = page.texts("li pre");
    assert!(errors.iter().any(|e| e.contains("content/docs/c.md:")), "{errors:?}");
    // Fixed, the pages are served.
    site.write("content/docs/c.md", "---\ntitle: Page C\n---\nFine now.\n");
    crate::support::wait_until("the fixed page is never served", || s.get("/docs/c/").status == 200);
    assert!(s.get("/docs/c/").body.contains("Fine now."));
    assert_eq!(s.get("/docs/a/").status, 200);
}

#[test]
fn a_nav_files_label_stays_after_the_page_is_edited() {
    let site = site().file("content/docs/SUMMARY.md", "- [Label of A](a.md)\n- [B](b.md)\n");
    let s = Served::start(&site, &[]);
    let sidebar = |s: &Served| s.get("/docs/b/").html().texts(".sidebar-list a");
    assert!(sidebar(&s).contains(&"1. Label of A".to_string()), "{:?}", sidebar(&s));
    let events = s.events();
    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nEdited.\n");
    events.expect("reload");
    assert!(s.get("/docs/a/").body.contains("Edited."));
    assert!(sidebar(&s).contains(&"1. Label of A".to_string()), "{:?}", sidebar(&s));
}

#[test]
fn new_pages_join_the_nav_and_deleted_pages_404() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("content/docs/c.md", "---\ntitle: Page C\nweight: 3\n---\nNew.\n");
    // The new page, then the pages that list it.
    events.expect("reload");
    assert_eq!(s.get("/docs/c/").status, 200);
    events.expect("reload");
    assert!(s.get("/docs/a/").html().texts(".sidebar-list a").contains(&"Page C".to_string()));
    std::fs::remove_file(site.root().join("content/docs/c.md")).unwrap();
    events.expect("reload");
    assert_eq!(s.get("/docs/c/").status, 404);
    events.expect("reload");
    assert!(!s.get("/docs/a/").html().texts(".sidebar-list a").contains(&"Page C".to_string()));
}

#[test]
fn renamed_title_updates_every_pages_nav() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("content/docs/a.md", "---\ntitle: Renamed A\nweight: 1\n---\nFirst version.\n");
    events.expect("reload");
    let b = s.get("/docs/b/").html();
    assert!(b.texts(".sidebar-list a").contains(&"Renamed A".to_string()));
    assert_eq!(b.text("a[rel=prev] .pager-title"), "Renamed A");
}

#[test]
fn broken_frontmatter_shows_an_error_and_keeps_the_last_good_page() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("content/docs/a.md", "---\ntitle: [oops\n---\nBroken version.\n");
    let errors = events.expect("build-error");
    insta::assert_snapshot!(errors);
    assert!(s.get("/docs/a/").body.contains("First version."), "last good page must stay served");
    // A new tab learns about the error when it connects.
    let late = s.events();
    assert!(late.expect("build-error").contains("content/docs/a.md"));
    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nFixed version.\n");
    events.expect("build-ok");
    events.expect("reload");
    assert!(s.get("/docs/a/").body.contains("Fixed version."));
}

#[test]
fn broken_link_is_an_error_event_too() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("content/docs/b.md", "---\ntitle: Page B\nweight: 2\n---\nSee [A](a.md#nowhere).\n");
    let errors = events.expect("build-error");
    insta::assert_snapshot!(errors);
}

#[test]
fn css_change_swaps_styles_without_reload() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("static/extra.css", "body { color: blue; }\n");
    events.expect("css");
    assert!(s.get("/extra.css").body.contains("blue"));
}

#[test]
fn a_template_change_re_renders_the_pages_that_use_it() {
    // A templates/ folder that exists (one appearing reloads everything).
    let site = site()
        .file("content/docs/code.md", "---\ntitle: Code\n---\n```yaml\na: 1 # note\n```\n")
        .file("templates/unused.html", "unused");
    let s = Served::start(&site, &[]);
    let css = s.get("/syntax-light.css").body;
    assert!(css.contains('{'), "code colours: {css}");
    let events = s.events();
    site.write("templates/page.html", "<!doctype html><title>x</title><p class=t>{{ page.title }} (custom)</p></body>");
    let pages = events.expect("reload");
    assert!(pages.contains("\"/docs/b/\"") && pages.contains("\"/docs/a/\""), "{pages}");
    // Sections use section.html: not rendered again.
    assert!(!pages.contains("\"/docs/\"") && !pages.contains('*'), "{pages}");
    assert_eq!(s.get("/docs/b/").html().text("p.t"), "Page B (custom)");
    assert!(s.get("/docs/").body.contains("All the docs."));
    // Reloading the theme keeps the code colours (regression: they were
    // made empty when the templates were read again).
    assert_eq!(s.get("/syntax-light.css").body, css);
}

#[test]
fn a_change_to_an_included_template_re_renders_every_page_including_it() {
    let site = site().file("templates/unused.html", "unused");
    let s = Served::start(&site, &[]);
    let events = s.events();
    // The theme's page.html and section.html include breadcrumbs.html.
    site.write("templates/breadcrumbs.html", "<p class=crumbs>{{ page.title }} trail</p>");
    let pages = events.expect("reload");
    assert!(pages.contains("\"/docs/\"") && pages.contains("\"/docs/a/\""), "{pages}");
    assert_eq!(s.get("/docs/").html().text("p.crumbs"), "Docs trail");
    assert_eq!(s.get("/docs/a/").html().text("p.crumbs"), "Page A trail");
    // base.html: every page extends it.
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/base.html"))
        .unwrap()
        .replacen("<a class=\"skip-link\"", "<p class=b>{{ page.title }}</p><a class=\"skip-link\"", 1);
    site.write("templates/base.html", &base);
    let pages = events.expect("reload");
    for page in ["/", "/docs/", "/docs/a/", "/docs/b/"] {
        assert!(pages.contains(&format!("\"{page}\"")), "{page} not re-rendered: {pages}");
    }
    assert_eq!(s.get("/docs/a/").html().text("p.b"), "Page A");
}

#[test]
fn serves_under_the_base_path_with_live_reload() {
    let site = site();
    let s = Served::start(&site, &["--base-url", "https://acme.github.io/operate-first.github.io/"]);
    assert!(s.url.ends_with("/operate-first.github.io/"), "{}", s.url);
    let root = s.get("/");
    assert_eq!(root.status, 301);
    assert_eq!(root.header("location"), Some("/operate-first.github.io/"));
    let page = s.get("/operate-first.github.io/docs/a/");
    assert_eq!(page.status, 200);
    assert_eq!(page.html().attr("script[src*=live]", "src"), "/operate-first.github.io/__opsite/live.js");
    assert_eq!(page.html().attrs(".breadcrumbs a", "href")[0], "/operate-first.github.io/");
    assert_eq!(s.get("/operate-first.github.io/__opsite/live.js").status, 200);
    let events = s.events();
    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nUnder a base path.\n");
    assert!(events.expect("reload").contains("/operate-first.github.io/docs/a/"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = site();
    let s = Served::start(&site, &[]);
    let port = s.origin().rsplit(':').next().unwrap().to_string();
    let out = Command::new(bin()).args(["serve", "--port", &port]).current_dir(site.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).replace(&port, "[PORT]");
    insta::assert_snapshot!(err.trim_end());
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn browser_updates_text_on_save_and_restyles_on_css_change() {
    let browser = crate::browser::browser();
    let site = site().file("static/opsite.css", "body { color: rgb(255, 0, 0); }\n");
    let s = Served::start(&site, &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}docs/a/", s.url)).unwrap().wait_until_navigated().unwrap();
    use crate::browser::{eval, wait_for};
    wait_for(&tab, "document.documentElement.dataset.opsiteLive === 'connected'", "live reload to connect");
    assert_eq!(eval(&tab, "document.querySelector('article p').textContent"), "First version.");

    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nEdited in the browser test.\n");
    wait_for(
        &tab,
        "document.querySelector('article p') && document.querySelector('article p').textContent === 'Edited in the browser test.'",
        "the edited text without a manual refresh",
    );

    wait_for(&tab, "document.documentElement.dataset.opsiteLive === 'connected'", "live reload to reconnect");
    eval(&tab, "window.__notReloaded = 42; true");
    assert_eq!(eval(&tab, "getComputedStyle(document.body).color"), "rgb(255, 0, 0)");
    site.write("static/opsite.css", "body { color: rgb(0, 0, 255); }\n");
    wait_for(&tab, "getComputedStyle(document.body).color === 'rgb(0, 0, 255)'", "the new stylesheet");
    assert_eq!(eval(&tab, "window.__notReloaded"), 42, "a CSS change must not reload the page");
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn browser_shows_the_error_overlay_and_clears_it() {
    let browser = crate::browser::browser();
    let site = site();
    let s = Served::start(&site, &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}docs/b/", s.url)).unwrap().wait_until_navigated().unwrap();
    use crate::browser::wait_for;
    wait_for(&tab, "document.documentElement.dataset.opsiteLive === 'connected'", "live reload to connect");
    site.write("content/docs/b.md", "---\ntitle: [oops\n---\n");
    wait_for(
        &tab,
        "!!document.getElementById('opsite-error-overlay') && document.getElementById('opsite-error-overlay').textContent.includes('content/docs/b.md:2')",
        "the error overlay naming the file and line",
    );
    site.write("content/docs/b.md", "---\ntitle: Page B fixed\n---\nOk.\n");
    wait_for(
        &tab,
        "!document.getElementById('opsite-error-overlay') && document.querySelector('article h1').textContent === 'Page B fixed'",
        "the overlay to clear and the fixed page to show",
    );
}

#[test]
fn symlinks_out_of_the_site_are_never_served() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let site = site();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.root().join("content/docs/leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.root().join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/docs/linked-dir")).unwrap();
    let s = Served::start(&site, &[]);
    for path in ["/docs/leak.txt", "/leak.txt", "/docs/linked-dir/secret.txt"] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("TOP SECRET"));
    }
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    assert!(!site.out("docs/leak.txt").exists() && !site.out("leak.txt").exists());
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn browser_reconnects_and_reloads_after_a_server_restart() {
    let browser = crate::browser::browser();
    let site = site();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let first = Served::start_on(&site, port, &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}docs/a/", first.url)).unwrap().wait_until_navigated().unwrap();
    use crate::browser::{eval, wait_for};
    wait_for(&tab, "document.documentElement.dataset.opsiteLive === 'connected'", "live reload to connect");
    eval(&tab, "window.__beforeRestart = true; true");
    drop(first);
    // Edited while no server ran: only a reload after reconnecting shows it.
    site.write("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nWritten while the server was down.\n");
    let _second = Served::start_on(&site, port, &[]);
    wait_for(
        &tab,
        "window.__beforeRestart === undefined && document.querySelector('article p') && \
         document.querySelector('article p').textContent === 'Written while the server was down.'",
        "the page to reconnect and reload",
    );
}

#[test]
fn new_static_files_are_served_after_the_reload() {
    let site = site();
    let s = Served::start(&site, &[]);
    assert_eq!(s.get("/new.css").status, 404);
    let events = s.events();
    site.write("static/new.css", "p { margin: 0 }\n");
    events.expect("reload");
    assert_eq!(s.get("/new.css").status, 200);
    std::fs::remove_file(site.root().join("static/new.css")).unwrap();
    events.expect("reload");
    assert_eq!(s.get("/new.css").status, 404);
}
