//! After any edit, what `serve` shows is what `build` would write: every
//! frontmatter key and setting reaches every page it changes. Each test
//! edits one key while serving, then compares every file a fresh build of
//! the edited tree writes with what the server answers for it.

use std::path::Path;

use crate::serve::Served;
use crate::support::{HANG, Site, bin};

fn site() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Docs\n---\nAll the docs.\n")
        .file("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nFirst.\n")
        .file("content/docs/b.md", "---\ntitle: Page B\nweight: 2\n---\nSee [A](a.md).\n")
        .file("content/guide/_index.md", "---\ntitle: Guide\n---\nHow to.\n")
        .file("content/guide/c.md", "---\ntitle: Page C\n---\nThird \"quoted\" -- text.\n")
}

/// Every file a build of the tree as it is now writes (search's index
/// aside: `serve` writes it once edits pause), as (URL path, text).
fn built(site: &Site, origin: &str) -> Vec<(String, String)> {
    let out = tempfile::tempdir().unwrap();
    let r = std::process::Command::new(bin())
        .args(["build", "--base-url", &format!("{origin}/"), "--output"])
        .arg(out.path())
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(r.status.success(), "build failed: {}", String::from_utf8_lossy(&r.stderr));
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(out.path()).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(out.path()).unwrap().to_string_lossy().replace('\\', "/");
        if !e.file_type().is_file() || rel.starts_with("search/") || !is_text(e.path()) {
            continue;
        }
        let url = format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        files.push((url, std::fs::read_to_string(e.path()).unwrap()));
    }
    files
}

fn is_text(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("html" | "xml" | "json" | "txt" | "md"))
}

/// The first file `serve` answers differently from the build, with both.
fn first_difference(s: &Served, want: &[(String, String)]) -> Option<String> {
    want.iter().find_map(|(url, text)| {
        let got = s.get(url);
        let body = strip_live_reload(&got.body);
        (got.status != 200 || body != *text).then(|| {
            let line = body.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(0);
            let at = |t: &str| t.lines().skip(line.saturating_sub(2)).take(6).collect::<Vec<_>>().join("\n");
            format!("{url} ({}), from line {}:\nserved:\n{}\nbuilt:\n{}", got.status, line + 1, at(&body), at(text))
        })
    })
}

fn strip_live_reload(body: &str) -> String {
    match body.find("<script src=\"/__opsite/live.js\"") {
        Some(at) => {
            let end = at + body[at..].find("</script>").unwrap() + "</script>".len();
            format!("{}{}", &body[..at], &body[end..])
        }
        None => body.to_string(),
    }
}

/// Serves `site`, makes each edit in turn, and after each waits until
/// every file is what a build writes (failing with the difference after
/// [`HANG`]).
fn serve_matches_build(site: &Site, edits: &[(&str, &str)]) {
    let s = Served::start(site, &[]);
    let events = s.events();
    assert_eq!(first_difference(&s, &built(site, &s.origin())), None, "before any edit");
    for (path, text) in edits {
        site.write(path, text);
        events.expect("reload");
        let want = built(site, &s.origin());
        let deadline = std::time::Instant::now() + HANG;
        loop {
            match first_difference(&s, &want) {
                None => break,
                Some(diff) if std::time::Instant::now() > deadline => panic!("after editing {path}: {diff}"),
                Some(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }
}

#[test]
fn hidden_page_leaves_every_sidebar_and_pager() {
    serve_matches_build(
        &site(),
        &[
            ("content/docs/a.md", "---\ntitle: Page A\nweight: 1\nhidden: true\n---\nFirst.\n"),
            ("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nFirst.\n"),
        ],
    );
}

#[test]
fn link_title_reaches_every_sidebar() {
    serve_matches_build(
        &site(),
        &[("content/docs/a.md", "---\ntitle: Page A\nweight: 1\nlink_title: A\n---\nFirst.\n")],
    );
}

#[test]
fn weight_reorders_every_page() {
    serve_matches_build(&site(), &[("content/docs/a.md", "---\ntitle: Page A\nweight: 3\n---\nFirst.\n")]);
}

#[test]
fn sort_by_and_dates_reorder_a_section() {
    serve_matches_build(
        &site(),
        &[
            ("content/docs/_index.md", "---\ntitle: Docs\nsort_by: date\n---\nAll the docs.\n"),
            ("content/docs/a.md", "---\ntitle: Page A\nweight: 1\ndate: 2024-01-01\n---\nFirst.\n"),
            ("content/docs/b.md", "---\ntitle: Page B\nweight: 2\ndate: 2025-01-01\n---\nSee [A](a.md).\n"),
        ],
    );
}

#[test]
fn tags_reach_the_tag_pages() {
    serve_matches_build(
        &site(),
        &[
            ("content/docs/b.md", "---\ntitle: Page B\nweight: 2\ntags: [ops]\n---\nSee [A](a.md).\n"),
            ("content/guide/c.md", "---\ntitle: Page C\ntags: [ops, new]\n---\nThird.\n"),
        ],
    );
}

#[test]
fn cascade_reaches_the_pages_below_and_stays_after_their_edits() {
    serve_matches_build(
        &site(),
        &[
            ("content/guide/_index.md", "---\ntitle: Guide\ncascade:\n  hidden: true\n---\nHow to.\n"),
            ("content/guide/c.md", "---\ntitle: Page C\n---\nThird, edited.\n"),
            ("content/guide/_index.md", "---\ntitle: Guide\n---\nHow to.\n"),
        ],
    );
}

#[test]
fn description_title_and_slug_reach_listings_and_links() {
    serve_matches_build(
        &site(),
        &[
            ("content/docs/a.md", "---\ntitle: Page A\nweight: 1\ndescription: About A.\n---\nFirst.\n"),
            ("content/guide/_index.md", "---\ntitle: Guide\ndescription: How.\n---\nHow to.\n"),
            ("content/docs/a.md", "# Heading A\n\nFirst.\n"),
            ("content/docs/a.md", "---\ntitle: Page A\nslug: aa\n---\nFirst.\n"),
            ("content/docs/a.md", "---\ntitle: Page A\naliases: [/old/]\n---\nFirst.\n"),
            ("content/guide/c.md", "---\ntitle: Page C\ndraft: true\n---\nThird.\n"),
        ],
    );
}

#[test]
fn settings_reach_every_page() {
    let book = crate::support::BOOK;
    serve_matches_build(
        &site(),
        &[
            ("book.toml", &format!("{book}\n[build]\nsidebar_limit = 1\n")),
            ("book.toml", &format!("{}\n[build]\nsidebar_limit = 1\n", book.replace("Fixture", "Renamed"))),
            ("book.toml", &format!("{book}\n[build]\nlowercase_urls = true\nsearch = false\n")),
            ("book.toml", &format!("{book}\n[markdown]\nsmart_punctuation = false\n")),
        ],
    );
}
