//! `[versions]`: the site at git tags, built from trees read out of git,
//! with the latest at the root, a switcher of plain links, a notice on the
//! other versions, and outputs reused while their refs stay put.

use std::path::Path;
use std::process::Command;

use crate::support::{Page, Site};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "tag.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_COMMITTER_DATE", "2026-01-02T10:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-01-02T10:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const BOOK: &str = "[site]\ntitle = \"Ops\"\nbase_url = \"https://example.org/docs/\"\n";

/// A repository whose site is in `docs/`: v1.0 (a lightweight tag) with a
/// start page, v2.0 (annotated) adding an upgrade page that mentions
/// zebras, and a working tree that adds a future page and `[versions]`.
fn repo() -> Site {
    let site = Site::empty()
        .file("README.md", "# Repo\n")
        .file("docs/book.toml", BOOK)
        .file("docs/content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("docs/content/guide/_index.md", "---\ntitle: Guide\n---\nThe guide.\n")
        .file("docs/content/guide/start.md", "---\ntitle: Start\n---\nVersion one. See [the guide](_index.md).\n");
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "one"]);
    git(root, &["tag", "v1.0"]);
    site.write("docs/content/guide/upgrade.md", "---\ntitle: Upgrade\n---\nFeed the zebras first.\n");
    site.write("docs/content/guide/start.md", "---\ntitle: Start\n---\nVersion two.\n");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "two"]);
    git(root, &["tag", "-a", "v2.0", "-m", "two"]);
    // A tag whose name would be markup in a folder name and a link.
    git(root, &["tag", "v9\"><b>x", "v1.0"]);
    site.write("docs/book.toml", &format!("{BOOK}\n[versions]\nrefs = [\"v*\"]\n"));
    site.write("docs/content/guide/future.md", "---\ntitle: Future\n---\nComing.\n");
    site
}

fn build(site: &Site, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["build", "--root", "docs"];
    all.extend_from_slice(args);
    let r = site.run(&all);
    assert_eq!(r.code, Some(0), "build failed:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
    r
}

fn page(site: &Site, path: &str) -> Page {
    site.page_in("docs/public", path)
}

fn out(site: &Site, path: &str) -> std::path::PathBuf {
    site.root().join("docs/public").join(path)
}

/// The switcher's links on a page: (name, href, current).
fn switcher(p: &Page) -> Vec<(String, String, bool)> {
    p.0.select(&scraper::Selector::parse(".version-switch li a").unwrap())
        .map(|a| {
            let name = a.text().next().unwrap_or("").trim().to_string();
            let href = a.value().attr("href").unwrap_or("").to_string();
            (name, href, a.value().attr("aria-current").is_some())
        })
        .collect()
}

#[test]
fn each_version_is_built_from_its_tag_with_the_latest_at_the_root() {
    let site = repo();
    let status_before = git(site.root(), &["status", "--porcelain"]);
    let index_before = git(site.root(), &["ls-files", "--stage"]);
    let r = build(&site, &[]);
    assert!(r.out().contains("built 3 versions: next, v2.0 (latest, at the root), v1.0; 3 rendered"), "{}", r.out());
    // The unusable tag is named and left out, not built into a folder.
    assert!(r.err().contains("is left out: a version's name becomes its folder"), "{}", r.err());
    assert!(!out(&site, "v9\"><b>x").exists());

    // The root is v2.0 as tagged: its upgrade page, not the working tree's
    // future page, and its own text of the start page.
    assert!(page(&site, "guide/start/index.html").text("main").contains("Version two."));
    assert!(out(&site, "guide/upgrade/index.html").exists());
    assert!(!out(&site, "guide/future/index.html").exists());
    // v1.0 has its own text and not v2.0's page; next has the working tree.
    assert!(page(&site, "v1.0/guide/start/index.html").text("main").contains("Version one."));
    assert!(!out(&site, "v1.0/guide/upgrade").exists());
    assert!(out(&site, "next/guide/future/index.html").exists());
    // Links inside a version stay in it.
    assert_eq!(
        page(&site, "v1.0/guide/start/index.html").attr("main p a[href$=\"guide/\"]", "href"),
        "/docs/v1.0/guide/"
    );
    // Building read git and left the repository as it was: the same index
    // and status (but for the output), no worktree added.
    let status = git(site.root(), &["status", "--porcelain"]).replace("?? docs/public/\n", "");
    assert_eq!(status, status_before);
    assert_eq!(git(site.root(), &["ls-files", "--stage"]), index_before);
    assert_eq!(git(site.root(), &["worktree", "list", "--porcelain"]).matches("worktree ").count(), 1);

    let listed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out(&site, "versions.json")).unwrap()).unwrap();
    assert_eq!(
        listed,
        serde_json::json!([
            {"version": "next", "title": "next", "aliases": [], "url": "/docs/next/"},
            {"version": "v2.0", "title": "v2.0", "aliases": ["latest"], "url": "/docs/"},
            {"version": "v1.0", "title": "v1.0", "aliases": [], "url": "/docs/v1.0/"},
        ])
    );
}

#[test]
fn the_switcher_keeps_the_page_or_falls_back_to_the_versions_home() {
    let site = repo();
    build(&site, &[]);
    let t = |n: &str, h: &str, c: bool| (n.to_string(), h.to_string(), c);
    assert_eq!(
        switcher(&page(&site, "v1.0/guide/start/index.html")),
        [
            t("next", "/docs/next/guide/start/", false),
            t("v2.0", "/docs/guide/start/", false),
            t("v1.0", "/docs/v1.0/guide/start/", true)
        ]
    );
    assert_eq!(
        switcher(&page(&site, "guide/upgrade/index.html")),
        [
            t("next", "/docs/next/guide/upgrade/", false),
            t("v2.0", "/docs/guide/upgrade/", true),
            t("v1.0", "/docs/v1.0/", false)
        ]
    );
    assert_eq!(
        switcher(&page(&site, "next/guide/future/index.html")),
        [t("next", "/docs/next/guide/future/", true), t("v2.0", "/docs/", false), t("v1.0", "/docs/v1.0/", false)]
    );
}

#[test]
fn versions_but_the_latest_carry_a_notice_and_point_search_engines_at_the_latest() {
    let site = repo();
    build(&site, &[]);
    let old = page(&site, "v1.0/guide/start/index.html");
    assert!(old.text(".version-notice").contains("v1.0, which is not the latest version"));
    assert_eq!(old.attr(".version-notice a", "href"), "/docs/guide/start/");
    assert_eq!(old.attr("link[rel=canonical]", "href"), "https://example.org/docs/guide/start/");
    let next = page(&site, "next/guide/future/index.html");
    assert!(next.text(".version-notice").contains("unreleased changes (next)"));
    assert_eq!(next.attr(".version-notice a", "href"), "/docs/");
    // No copy in the latest: the page is its own canonical.
    assert_eq!(next.attr("link[rel=canonical]", "href"), "https://example.org/docs/next/guide/future/");
    assert_eq!(page(&site, "guide/start/index.html").count(".version-notice"), 0);

    // One sitemap, the latest's; no other version has one.
    let sitemap = std::fs::read_to_string(out(&site, "sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/docs/guide/upgrade/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("v1.0") && !sitemap.contains("/next/"), "{sitemap}");
    assert!(!out(&site, "v1.0/sitemap.xml").exists() && !out(&site, "next/robots.txt").exists());
    // The latest's own folder redirects to the root, so its URLs outlive it
    // being the latest.
    let redirect = std::fs::read_to_string(out(&site, "v2.0/guide/upgrade/index.html")).unwrap();
    assert!(redirect.contains("url=/docs/guide/upgrade/"), "{redirect}");
}

#[test]
fn search_is_per_version() {
    let site = repo();
    build(&site, &[]);
    let mentions = |dir: &str| {
        walkdir::WalkDir::new(out(&site, dir))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .any(|e| std::fs::read_to_string(e.path()).unwrap_or_default().contains("zebra"))
    };
    assert!(mentions("search"));
    assert!(mentions("next/search"));
    assert!(!mentions("v1.0/search"));
    // Each version's pages load its own site script, which names its index.
    let script = page(&site, "v1.0/index.html").attr("script[src*=opsite-site]", "src");
    assert!(script.starts_with("/docs/v1.0/opsite-site.js?v="), "{script}");
    let script = std::fs::read_to_string(out(&site, "v1.0/opsite-site.js")).unwrap();
    assert!(script.contains(r#""search":"/docs/v1.0/search/""#), "{script}");
}

#[test]
fn a_rebuild_renders_only_what_moved() {
    let site = repo();
    build(&site, &[]);
    let v1 = std::fs::read(out(&site, "v1.0/guide/start/index.html")).unwrap();
    // The working tree's text changed, not its pages: the tags' outputs
    // come from the cache.
    site.write("docs/content/guide/future.md", "---\ntitle: Future\n---\nComing soon.\n");
    let r = build(&site, &[]);
    assert!(r.out().contains("1 rendered, 2 reused"), "{}", r.out());
    assert_eq!(std::fs::read(out(&site, "v1.0/guide/start/index.html")).unwrap(), v1);
    assert!(page(&site, "next/guide/future/index.html").text("main").contains("Coming soon."));
    // A page added in the working tree changes every version's switcher.
    site.write("docs/content/guide/start.md", "---\ntitle: Start\n---\nVersion three.\n");
    site.write("docs/content/guide/more.md", "---\ntitle: More\n---\nMore.\n");
    let r = build(&site, &[]);
    assert!(r.out().contains("3 rendered, 0 reused"), "{}", r.out());
    // A moved tag is read again (its pages changed, so every switcher did).
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-qm", "three"]);
    git(site.root(), &["tag", "-f", "v1.0"]);
    let r = build(&site, &[]);
    assert!(r.out().contains("3 rendered, 0 reused"), "{}", r.out());
    assert!(page(&site, "v1.0/guide/start/index.html").text("main").contains("Version three."));
}

#[test]
fn a_tags_broken_links_are_warnings_naming_the_version() {
    let site = repo();
    // Tag a version with a dead link: it cannot be mended, so it warns.
    site.write("docs/content/guide/start.md", "---\ntitle: Start\n---\nSee [gone](gone.md).\n");
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-qm", "broken"]);
    git(site.root(), &["tag", "v0.9"]);
    site.write("docs/content/guide/start.md", "---\ntitle: Start\n---\nFine.\n");
    let r = build(&site, &[]);
    assert!(r.err().contains("gone.md") && r.err().contains("(in v0.9)"), "{}", r.err());
    assert!(out(&site, "v0.9/guide/start/index.html").exists());
    let strict = site.run(&["build", "--root", "docs", "--strict"]);
    assert_eq!(strict.code, Some(1), "{}", strict.err());
    // The working tree's own broken link still fails the build.
    site.write("docs/content/guide/start.md", "---\ntitle: Start\n---\nSee [gone](gone.md).\n");
    let r = site.run(&["build", "--root", "docs"]);
    assert_eq!(r.code, Some(1), "{}", r.err());
    assert!(r.err().contains("gone.md"), "{}", r.err());
}

#[test]
fn a_latest_that_no_ref_matches_is_an_error_naming_the_refs() {
    let site = repo();
    site.write("docs/book.toml", &format!("{BOOK}\n[versions]\nrefs = [\"v*\"]\nlatest = \"v3.0\"\n"));
    let r = site.run(&["build", "--root", "docs"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.err().contains("latest = \"v3.0\" is not one of the refs") && r.err().contains("v2.0, v1.0"),
        "{}",
        r.err()
    );
}

#[test]
fn serve_previews_a_version_as_git_has_it() {
    let site = repo();
    let served = crate::serve::Served::start(&site, &["--root", "docs", "--version", "v1.0"]);
    let start = served.get("/docs/guide/start/").html();
    assert!(start.text("main").contains("Version one."));
    // The working tree's pages are not in v1.0.
    assert_eq!(served.get("/docs/guide/future/").status, 404);
    // Nothing was written into the repository's tree by the preview.
    assert!(!site.root().join("docs/public").exists());
}

#[test]
fn a_failed_build_leaves_every_version_of_the_previous_output() {
    let site = repo();
    build(&site, &[]);
    let before: Vec<_> = ["guide/start/index.html", "v1.0/guide/start/index.html", "next/guide/future/index.html"]
        .map(|p| std::fs::read(out(&site, p)).unwrap())
        .into();
    site.write("docs/content/guide/future.md", "---\ntitle: Future\n---\nSee [gone](gone.md).\n");
    let r = site.run(&["build", "--root", "docs"]);
    assert_eq!(r.code, Some(1), "{}", r.err());
    let after: Vec<_> = ["guide/start/index.html", "v1.0/guide/start/index.html", "next/guide/future/index.html"]
        .map(|p| std::fs::read(out(&site, p)).unwrap())
        .into();
    assert_eq!(before, after);
}

#[test]
fn an_output_written_by_a_plain_build_is_not_taken_for_a_version() {
    let site = repo();
    build(&site, &[]);
    // The same output folder, rebuilt without [versions] from the working
    // tree: its root is not v2.0 any more.
    site.write("docs/book.toml", BOOK);
    build(&site, &[]);
    assert!(out(&site, "guide/future/index.html").exists());
    site.write("docs/book.toml", &format!("{BOOK}\n[versions]\nrefs = [\"v*\"]\n"));
    build(&site, &[]);
    assert!(!out(&site, "guide/future/index.html").exists());
    assert!(page(&site, "guide/start/index.html").text("main").contains("Version two."));
    assert!(page(&site, "v1.0/guide/start/index.html").text("main").contains("Version one."));
}

#[test]
fn a_latest_with_a_folder_named_like_another_version_is_an_error() {
    let site = repo();
    site.write("docs/content/next/_index.md", "---\ntitle: Next steps\n---\nNext.\n");
    git(site.root(), &["add", "docs/content/next"]);
    git(site.root(), &["commit", "-qm", "next"]);
    git(site.root(), &["tag", "v2.1"]);
    let r = site.run(&["build", "--root", "docs"]);
    assert_eq!(r.code, Some(1), "{}", r.err());
    assert!(r.err().contains("the latest version (v2.1) has a page or file at /next/"), "{}", r.err());
}

/// Serves the folder `dir` over loopback HTTP until the test ends; returns
/// the origin.
fn serve_folder(dir: std::path::PathBuf) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", server.server_addr().to_ip().unwrap());
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let path = req.url().split(['?', '#']).next().unwrap_or("/").trim_start_matches('/').to_string();
            let mut file = dir.join(&path);
            if path.is_empty() || path.ends_with('/') {
                file = file.join("index.html");
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let _ = match std::fs::read(&file) {
                Ok(bytes) => req.respond(
                    tiny_http::Response::from_data(bytes)
                        .with_header(tiny_http::Header::from_bytes("Content-Type", kind).unwrap()),
                ),
                Err(_) => req.respond(tiny_http::Response::empty(404)),
            };
        }
    });
    origin
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn the_switcher_and_the_notice_pass_axe_in_light_and_dark_and_the_switcher_is_plain_links() {
    use crate::browser::{browser, eval, wait_for};
    let site = repo();
    // Published at the root of the loopback server.
    site.write("docs/book.toml", &format!("{}\n[versions]\nrefs = [\"v*\"]\n", BOOK.replace("/docs/", "/")));
    build(&site, &[]);
    let origin = serve_folder(site.root().join("docs/public"));
    let axe = crate::theme::axe_source();
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        tab.navigate_to(&format!("{origin}/")).unwrap().wait_until_navigated().unwrap();
        eval(&tab, &format!("localStorage.setItem('opsite-theme', '{scheme}'); true"));
        for page in ["v1.0/guide/start/", "next/guide/future/"] {
            tab.navigate_to(&format!("{origin}/{page}")).unwrap().wait_until_navigated().unwrap();
            wait_for(&tab, &format!("document.documentElement.dataset.theme === '{scheme}'"), "the colour scheme");
            // Opened, so the list of versions is checked too.
            eval(&tab, "document.querySelector('.version-switch').open = true; true");
            for v in crate::theme::axe_violations(&tab, &axe) {
                failures.push(format!("/{page} [{scheme}]: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "axe violations:\n{}", failures.join("\n"));
    // The switcher is a link: following it lands on the same page in v2.0.
    tab.navigate_to(&format!("{origin}/v1.0/guide/start/")).unwrap().wait_until_navigated().unwrap();
    eval(&tab, "document.querySelector('.version-switch').open = true; true");
    tab.find_element(".version-switch a[href='/guide/start/']").unwrap().click().unwrap();
    wait_for(&tab, "location.pathname === '/guide/start/'", "the same page in v2.0");
    assert!(eval(&tab, "document.querySelector('main').textContent").as_str().unwrap().contains("Version two."));
}
