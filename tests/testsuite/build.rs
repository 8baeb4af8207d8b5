//! The content model and output layout.

use crate::support::Site;

fn docs_site() -> Site {
    Site::new()
        .file("content/users/_index.md", "---\ntitle: Users\nweight: 1\n---\nFor users.\n")
        .file("content/users/access.md", "---\ntitle: Getting access\nweight: 1\n---\n## Log in\n")
        .file("content/users/jupyter.md", "---\ntitle: JupyterHub\nweight: 2\n---\nNotebooks.\n")
        .file("content/users/zeta.md", "---\ntitle: Alpha without weight\n---\n")
        .file("content/users/beta.md", "---\ntitle: Beta without weight\n---\n")
        .file("content/operations/_index.md", "---\ntitle: Operations\nweight: 2\n---\n")
        .file("content/operations/runbooks/_index.md", "---\ntitle: Runbooks\n---\n")
        .file("content/operations/runbooks/trino.md", "# Trino runbook\n\nSteps.\n")
}

#[test]
fn pretty_urls_for_pages_and_sections() {
    let site = docs_site();
    let run = site.build_ok(&[]);
    for f in [
        "index.html",
        "users/index.html",
        "users/access/index.html",
        "operations/runbooks/index.html",
        "operations/runbooks/trino/index.html",
    ] {
        assert!(site.out(f).is_file(), "missing public/{f}");
    }
    insta::assert_snapshot!(run.out());
    let page = site.html("users/access/index.html");
    assert_eq!(page.attr("link[rel=canonical]", "href"), "https://example.org/users/access/");
}

#[test]
fn nav_orders_by_weight_then_title() {
    let site = docs_site();
    site.build_ok(&[]);
    let page = site.html("users/access/index.html");
    let nav = page.texts(".sidebar-list a");
    assert_eq!(
        nav,
        ["Users", "Getting access", "JupyterHub", "Alpha without weight", "Beta without weight", "Operations"]
    );
    assert_eq!(page.text(".sidebar-list a[aria-current=page]"), "Getting access");
    // Top navigation lists sections by weight.
    assert_eq!(page.texts(".top-nav a"), ["Users", "Operations"]);
}

#[test]
fn breadcrumbs_and_prev_next() {
    let site = docs_site();
    site.build_ok(&[]);
    let page = site.html("operations/runbooks/trino/index.html");
    assert_eq!(page.texts(".breadcrumbs li"), ["Home", "Operations", "Runbooks", "Trino runbook"]);
    assert_eq!(page.attrs(".breadcrumbs a", "href"), ["/", "/operations/", "/operations/runbooks/"]);

    let jupyter = site.html("users/jupyter/index.html");
    assert_eq!(jupyter.attr("a[rel=prev]", "href"), "/users/access/");
    assert_eq!(jupyter.attr("a[rel=next]", "href"), "/users/zeta/");
    let first = site.html("users/access/index.html");
    assert_eq!(first.count("a[rel=prev]"), 0);
    let last = site.html("users/beta/index.html");
    assert_eq!(last.count("a[rel=next]"), 0);
}

#[test]
fn title_falls_back_to_first_heading_then_file_name() {
    let site = Site::new()
        .file("content/from-heading.md", "Intro line.\n\n```\n# not a heading\n```\n\n# The *real* title\n\ntext\n")
        .file("content/no_heading-here.md", "Just text.\n");
    site.build_ok(&[]);
    let page = site.html("from-heading/index.html");
    assert_eq!(page.text("article h1"), "The real title");
    assert_eq!(page.attr("article h1", "id"), "the-real-title");
    assert_eq!(page.text("title"), "The real title · Fixture");
    let other = site.html("no_heading-here/index.html");
    assert_eq!(other.text("article h1"), "No heading here");
}

#[test]
fn title_heading_is_not_repeated_in_the_body() {
    let site = Site::new().file("content/p.md", "# Only once\n\nBody.\n");
    site.build_ok(&[]);
    assert_eq!(site.html("p/index.html").count("h1"), 1);
}

#[test]
fn readme_is_a_section_index_and_index_md_wins_over_it() {
    let site = Site::new()
        .file("content/guide/README.md", "# Guide from README\n\nSee [setup](setup.md).\n")
        .file("content/guide/setup.md", "# Setup\n")
        .file("content/other/index.md", "# Other index\n")
        .file("content/other/README.md", "# Other readme\n");
    site.build_ok(&[]);
    assert_eq!(site.html("guide/index.html").text("article h1"), "Guide from README");
    assert_eq!(site.html("other/index.html").text("article h1"), "Other index");
    // The losing README is an ordinary page.
    assert_eq!(site.html("other/README/index.html").text("article h1"), "Other readme");
}

#[test]
fn frontmatter_title_is_escaped() {
    let site = Site::new().file(
        "content/x.md",
        "---\ntitle: \"<script>alert(1)</script> & co\"\ndescription: \"\\\"><img src=x onerror=alert(1)>\"\n---\nHi\n",
    );
    site.build_ok(&[]);
    let raw = site.read("x/index.html");
    assert!(!raw.contains("<script>alert(1)"), "unescaped title in output");
    assert!(!raw.contains("<img src=x"), "unescaped description in output");
    let page = site.html("x/index.html");
    assert_eq!(page.text("article h1"), "<script>alert(1)</script> & co");
    assert_eq!(page.attr("meta[name=description]", "content"), "\"><img src=x onerror=alert(1)>");
    assert_eq!(page.count("script:not([src])"), 1, "only the theme's inline script");
}

#[test]
fn aliases_redirect_to_the_new_url() {
    let site = Site::new().file("content/new.md", "---\ntitle: New\naliases: [/old/page/, legacy.html]\n---\n");
    site.build_ok(&[]);
    for f in ["old/page/index.html", "legacy.html"] {
        let page = site.html(f);
        assert_eq!(page.attr("link[rel=canonical]", "href"), "https://example.org/new/");
        assert_eq!(page.attr("meta[http-equiv=refresh]", "content"), "0; url=/new/");
    }
}

#[test]
fn relative_aliases_start_from_the_page_and_clashing_ones_are_left_out_with_a_warning() {
    // Grafana Loki: 85 aliases like `./alerting/` and `../clients/k6/`, a
    // page's alias to its own URL, and two pages claiming one old URL.
    let site = Site::new()
        .file("content/docs/send/k6.md", "---\ntitle: K6\naliases: [\"../clients/k6/\", \"./k6/\"]\n---\n")
        .file("content/docs/send/otel.md", "---\ntitle: OTel\naliases: [\"../clients/k6/\"]\n---\n");
    let r = site.build_ok(&[]);
    let page = site.html("docs/clients/k6/index.html");
    assert_eq!(page.attr("meta[http-equiv=refresh]", "content"), "0; url=/docs/send/k6/");
    assert_eq!(site.html("docs/send/k6/index.html").text("h1"), "K6", "the page, not a redirect to itself");
    let err = r.err();
    let warned: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warned.len(), 2, "{err}");
    assert!(
        err.contains(
            "alias \"./k6/\" points at URL /docs/send/k6/, which content/docs/send/k6.md already writes: left out"
        ),
        "{err}"
    );
    assert!(err.contains("content/docs/send/otel.md:3:1: alias \"../clients/k6/\" points at URL /docs/clients/k6/, which an alias in content/docs/send/k6.md already writes"), "{err}");
    assert!(site.build_err(&["--strict"]).err().contains("left out"), "--strict makes them errors");
}

#[test]
fn drafts_are_excluded_unless_asked_for() {
    let site = Site::new()
        .file("content/ready.md", "# Ready\n")
        .file("content/wip.md", "---\ntitle: WIP\ndraft: true\n---\n")
        .file("content/secret/_index.md", "---\ntitle: Secret\ndraft: true\n---\n")
        .file("content/secret/inner.md", "# Inner\n");
    site.build_ok(&[]);
    assert!(site.out("ready/index.html").exists());
    assert!(!site.out("wip/index.html").exists());
    assert!(!site.out("secret/inner/index.html").exists(), "pages of a draft section are drafts too");
    assert!(!site.read("sitemap.xml").contains("wip"));
    site.build_ok(&["--drafts"]);
    assert!(site.out("wip/index.html").exists());
    assert!(site.out("secret/inner/index.html").exists());
}

#[test]
fn site_files_sitemap_robots_404_cname() {
    let site = Site::new()
        .file("book.toml", &format!("{}cname = \"docs.example.org\"\n", crate::support::BOOK))
        .file("content/a.md", "# A\n")
        .file("static/img/logo.png", "png")
        .file("content/a-files/diagram.svg", "<svg/>");
    site.build_ok(&[]);
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/a/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/</loc>"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
    assert_eq!(site.read("CNAME").trim(), "docs.example.org");
    assert!(site.out(".nojekyll").exists());
    assert_eq!(site.html("404.html").text("h1"), "Page not found");
    assert_eq!(site.read("img/logo.png"), "png");
    assert_eq!(site.read("a-files/diagram.svg"), "<svg/>");
    assert!(site.read("opsite.css").contains("prefers-color-scheme"));
}

#[test]
fn site_templates_override_the_builtin_theme() {
    let site = Site::new().file("content/p.md", "# P\n").file(
        "templates/page.html",
        "<!doctype html><title>{{ page.title }}</title><p class=custom>{{ page.title }} by {{ site.title }}</p>",
    );
    site.build_ok(&[]);
    assert_eq!(site.html("p/index.html").text("p.custom"), "P by Fixture");
    // Other templates still come from the built-in theme.
    assert_eq!(site.html("index.html").count(".hero"), 1);
}

#[test]
fn init_scaffolds_a_site_that_builds() {
    let site = crate::support::Site::empty();
    let r = site.run(&["init", "new-site"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = site.run(&["build", "--root", "new-site"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(site.root().join("new-site/public/guide/getting-started/index.html").is_file());
    let again = site.run(&["init", "new-site"]);
    assert_eq!(again.code, Some(1), "init must not overwrite a site");
}

#[test]
fn bad_usage_exits_2() {
    let site = Site::new();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, Some(2));
    assert_eq!(site.run(&["frobnicate"]).code, Some(2));
}

#[test]
fn every_page_has_edit_issue_and_last_updated_links() {
    let site = Site::new().file("content/guide/setup.md", "# Setup\n");
    site.build_ok(&[]);
    let page = site.html("guide/setup/index.html");
    let edit = page.attr(".page-meta a[href*='/edit/']", "href");
    assert_eq!(edit, "https://github.com/acme/docs/edit/main/content/guide/setup.md");
    let issue = page.attr(".page-meta a[href*='/issues/new']", "href");
    assert!(issue.starts_with("https://github.com/acme/docs/issues/new?title=Page%3A%20Setup&body="), "{issue}");
    assert!(issue.contains("https%3A%2F%2Fexample%2Eorg%2Fguide%2Fsetup%2F"), "{issue}");
    // No git repository here: the date comes from the file's mtime.
    let updated = page.attr(".page-meta time", "datetime");
    assert_eq!(updated.len(), 10, "{updated}");
    assert!(updated.starts_with("20"), "{updated}");
}

#[test]
fn theme_makes_no_third_party_requests() {
    let site = Site::new().file("content/a.md", "# A\n\n```rust\nfn main() {}\n```\n");
    site.build_ok(&[]);
    for file in ["index.html", "a/index.html", "404.html"] {
        let page = site.html(file);
        let mut urls = page.attrs("script[src]", "src");
        urls.extend(page.attrs("link[rel=stylesheet], link[rel=icon], link[rel=preload]", "href"));
        urls.extend(page.attrs("img[src], iframe[src]", "src"));
        assert!(!urls.is_empty());
        for u in urls {
            assert!(u.starts_with('/') && !u.starts_with("//"), "{file} loads {u} from elsewhere");
        }
    }
    assert!(!site.read("opsite.css").contains("@import"), "no remote fonts or imports");
    assert!(!site.read("opsite.css").contains("url(http"), "no remote fonts or images");
}

#[test]
fn pages_win_over_static_files_at_the_same_path() {
    let site = Site::new()
        .file("content/guide.md", "# Guide\n")
        .file("static/guide/index.html", "<p>static copy</p>")
        .file("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    assert_eq!(site.html("guide/index.html").text("article h1"), "Guide");
    // A site's own static file replaces a generated one.
    assert!(site.read("robots.txt").contains("Disallow: /drafts/"));
}

#[test]
fn templates_see_the_top_level_sections_as_nav() {
    let site = Site::new()
        .file("content/ops/_index.md", "---\ntitle: Ops\nweight: 1\n---\n")
        .file("content/ops/runbooks/_index.md", "---\ntitle: Runbooks\n---\n")
        .file("content/ops/runbooks/a.md", "# A\n")
        .file("content/users/_index.md", "---\ntitle: Users\nweight: 2\n---\n")
        .file(
            "templates/page.html",
            "<!doctype html><title>t</title><ul>{% for s in nav %}<li class=top>{{ s.title }}\
             {% for c in s.children %}<span class=child>{{ c.title }} ({{ c.url }})</span>{% endfor %}</li>{% endfor %}</ul>",
        );
    site.build_ok(&[]);
    let page = site.html("ops/runbooks/a/index.html");
    assert_eq!(page.texts("li.top"), ["Ops", "Users"]);
    // Deeper levels are on the sections' own pages: a whole tree on every
    // page would grow every page with the site.
    assert_eq!(page.count("span.child"), 0);
}

#[test]
fn old_md_urls_and_redirects_table_keep_old_addresses_working() {
    // The Gatsby site served pages at their .md paths; bookmarks and
    // search results still point there.
    let book = format!(
        "{}[build]\nmd_urls = \"redirect\"\n\n[redirects]\n\"/old/path/\" = \"/ds/ai4ci/#setup\"\n\"/gone.html\" = \"https://example.org/\"\n",
        crate::support::BOOK
    );
    let site = crate::support::Site::new()
        .file("book.toml", &book)
        .file("content/ds/ai4ci/README.md", "# AI4CI\n\n## Setup\n")
        .file("content/ds/nb.ipynb", r##"{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "# NB"}]}"##);
    site.build_ok(&[]);
    let refresh = |path: &str| site.html(path).attr("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh("ds/ai4ci/README.md/index.html"), "0; url=/ds/ai4ci/");
    assert_eq!(refresh("ds/nb.ipynb/index.html"), "0; url=/ds/nb/");
    assert_eq!(refresh("old/path/index.html"), "0; url=/ds/ai4ci/#setup");
    assert_eq!(refresh("gone.html"), "0; url=https://example.org/");

    // A redirect to nothing, or from where a page is, is a located error.
    let book = format!(
        "{}\n[redirects]\n\"/ok/\" = \"/ds/ai4ci/\"\n\"/old/\" = \"/ds/missing/\"\n\"/ds/ai4ci/\" = \"/\"\n",
        crate::support::BOOK
    );
    site.write("book.toml", &book);
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err(), @r"
    error: book.toml:8:1: redirect from /old/ to /ds/missing/: the site publishes nothing at /ds/missing/
      hint: point it at a page's address, like /users/access/
    error: book.toml:9:1: redirect from /ds/ai4ci/: content/ds/ai4ci/README.md is published there
      hint: a redirect may only stand where no page is
    build failed with 2 errors
    ");
}

#[test]
fn a_page_beside_a_folder_of_its_name_is_the_folders_index_or_gives_way() {
    // MkDocs and Jupyter Book layouts: `guide.md` beside `guide/`. The
    // build failed with "URL /guide/ is also written by".
    let site = crate::support::Site::new()
        .file("content/guide.md", "# Guide file\n\nSee [part](guide/part.md).\n")
        .file("content/guide/part.md", "# Part\n\nBack to [the guide](../guide.md).\n");
    let r = site.build_ok(&[]);
    assert_eq!(site.html("guide/index.html").text("h1"), "Guide file");
    assert_eq!(site.html("guide/index.html").attrs("article a", "href"), ["/guide/part/"]);
    assert_eq!(site.html("guide/part/index.html").attrs("article a", "href"), ["/guide/"]);
    assert!(
        r.err().contains("warning: content/guide.md: this page and the folder guide/ would both be /guide/"),
        "{}",
        r.err()
    );

    site.write("content/guide/README.md", "# Guide folder\n");
    site.write("content/guide/part.md", "# Part\n");
    site.write("content/guide.md", "# Guide file\n");
    let r = site.build_ok(&[]);
    assert_eq!(site.html("guide/index.html").text("h1"), "Guide folder");
    assert!(
        r.err().contains("content/guide.md: this page and content/guide/README.md would both be /guide/"),
        "{}",
        r.err()
    );
}

/// A large site's pages are parsed a second time as they are written, so
/// the whole site's HTML is never in memory at once: every file the build
/// writes is the same as when the parse keeps each page's HTML.
#[test]
fn a_build_that_parses_pages_again_as_it_writes_them_writes_the_same_files() {
    let site = docs_site()
        .file("content/news/_index.md", "---\ntitle: News\nsort_by: date\n---\nWhat is new.\n")
        .file(
            "content/news/first.md",
            "---\ntitle: First\ndate: 2026-01-02\ntags: [sre]\n---\nThe **first** post, see [access](../users/access.md#log-in).\n\n```yaml\nkey: value\n```\n",
        )
        .file("content/news/second.md", "---\ntitle: Second\ndate: 2026-02-02\ntags: [sre]\n---\n## Part\n\n`code` and text.\n")
        .file("content/users/hidden.md", "---\ntitle: Hidden\nhidden: true\n---\nNot listed.\n");
    let files = |site: &Site| -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(site.out(""))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (e.path().strip_prefix(site.out("")).unwrap().display().to_string(), std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    site.build_ok(&[]);
    let once = files(&site);
    let twice = site.run_env(&["build", "-v"], &[("OPSITE_TWO_PASS_ABOVE", "0")]);
    assert_eq!(twice.code, Some(0), "{}", twice.stderr);
    assert!(twice.stderr.contains("each page is parsed again as it is written"), "{}", twice.stderr);
    let again = files(&site);
    assert_eq!(once.keys().collect::<Vec<_>>(), again.keys().collect::<Vec<_>>());
    for (path, bytes) in &once {
        assert!(again[path] == *bytes, "{path} differs");
    }
    assert!(site.read("news/atom.xml").contains("&lt;strong&gt;first&lt;/strong&gt;"), "the feed shows the post whole");
}
