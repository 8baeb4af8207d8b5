//! Link rewriting and checking.

use crate::support::Site;

fn linked_site() -> Site {
    Site::new()
        .file("content/users/_index.md", "# Users\n")
        .file(
            "content/users/access.md",
            "# Access\n\n## Log in with GitHub\n\n\
             [home](../_index.md) [guide](guide.md#step-two) [self](#log-in-with-github)\n\
             [dir](../operations/) [readme](../operations/README.md) [abs](/users/guide.md)\n\
             [ext](https://example.com/x.md) [mail](mailto:a@b.c) ![shot](img/shot.png)\n\
             [pretty](/operations/) [query](guide.md?x=1#step-two)\n",
        )
        .file("content/users/guide.md", "# Guide\n\n## Step two\n")
        .file("content/users/img/shot.png", "PNG")
        .file("content/operations/README.md", "# Operations\n")
}

#[test]
fn relative_markdown_links_become_pretty_urls() {
    let site = linked_site();
    site.build_ok(&[]);
    let page = site.html("users/access/index.html");
    assert_eq!(
        page.attrs("article a:not(.anchor)", "href"),
        [
            "/",
            "/users/guide/#step-two",
            "#log-in-with-github",
            "/operations/",
            "/operations/",
            "/users/guide/",
            "https://example.com/x.md",
            "mailto:a@b.c",
            "/operations/",
            "/users/guide/?x=1#step-two",
        ]
    );
    assert_eq!(page.attr("article img", "src"), "/users/img/shot.png");
    assert_eq!(site.read("users/img/shot.png"), "PNG");
}

#[test]
fn links_carry_the_base_path() {
    let site = linked_site();
    site.build_ok(&["--base-url", "https://acme.github.io/docs-preview/pr-7/"]);
    let page = site.html("users/access/index.html");
    let hrefs = page.attrs("article a:not(.anchor)", "href");
    assert_eq!(hrefs[0], "/docs-preview/pr-7/");
    assert_eq!(hrefs[1], "/docs-preview/pr-7/users/guide/#step-two");
    assert_eq!(hrefs[2], "#log-in-with-github");
    assert_eq!(page.attr("article img", "src"), "/docs-preview/pr-7/users/img/shot.png");
    assert_eq!(page.attr("link[rel=canonical]", "href"), "https://acme.github.io/docs-preview/pr-7/users/access/");
    assert!(page.attr("link[rel=stylesheet][href*=opsite]", "href").starts_with("/docs-preview/pr-7/opsite.css"));
    assert_eq!(page.attrs(".breadcrumbs a", "href")[0], "/docs-preview/pr-7/");
}

#[test]
fn broken_links_fail_with_path_and_line() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: A\n---\n\nIntro.\n\nSee [missing](nope.md) and\n[gone](../../etc/passwd).\n\n![img](pic.png)\n",
    );
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn broken_anchors_fail_with_path_and_line() {
    let site = Site::new()
        .file("content/a.md", "# A\n\n## Real heading\n\n[ok](#real-heading)\n[bad](#no-such)\n[other](b.md#Usage)\n")
        .file("content/b.md", "# B\n\n## Usage\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    assert!(!r.stderr.contains("real-heading"), "{}", r.stderr);
}

#[test]
fn warn_links_turns_link_errors_into_warnings() {
    let site = Site::new().file("content/a.md", "# A\n\n[bad](#nope) [missing](x.md)\n");
    let r = site.build_ok(&["--warn-links"]);
    insta::assert_snapshot!(r.err());
    assert_eq!(site.html("a/index.html").attrs("article a:not(.anchor)", "href"), ["#nope", "x.md"]);
}

#[test]
fn anchors_from_raw_html_and_explicit_ids_count() {
    let site = Site::new().file(
        "content/a.md",
        "# A\n\n<a name=\"legacy\"></a>\n\n## Custom {#my-id}\n\n[x](#legacy) [y](#my-id) [z](#fn)\n\nText[^fn].\n\n[^fn]: Note.\n",
    );
    site.build_ok(&[]);
    assert_eq!(site.html("a/index.html").attr("article h2", "id"), "my-id");
}

#[test]
fn links_inside_code_are_left_alone() {
    let site = Site::new().file("content/a.md", "# A\n\n`[x](nope.md)`\n\n```md\n[y](nope.md)\n```\n");
    let r = site.build_ok(&[]);
    assert!(!r.stderr.contains("nope.md"), "not checked: {}", r.stderr);
    // Shown as written: no link made, no path rewritten.
    let page = site.html("a/index.html");
    assert_eq!(page.count("article a[href*=nope]"), 0);
    assert_eq!(page.text("article p code"), "[x](nope.md)");
    assert_eq!(page.text("article pre code"), "[y](nope.md)");
}

#[test]
fn raw_html_links_and_images_are_rewritten_and_checked() {
    let site = Site::new()
        .file("content/guide/page.md", "# Page\n\n<p align=\"center\"><img src=\"img/shot.png\" width=\"300\" alt=\"Shot\"></p>\n\nSee <a href=\"other.md#part\">other</a>.\n")
        .file("content/guide/img/shot.png", "PNG")
        .file("content/guide/other.md", "# Other\n\n## Part\n");
    site.build_ok(&["--base-url", "https://e.org/docs/"]);
    let page = site.html("guide/page/index.html");
    assert_eq!(page.attr("article img", "src"), "/docs/guide/img/shot.png");
    assert_eq!(page.attr("article p a", "href"), "/docs/guide/other/#part");

    site.write("content/guide/page.md", "# Page\n\n<img src=\"img/missing.png\">\n\n<a href=\"other.md#nope\">x</a>\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn regression_non_ascii_link_targets_do_not_panic() {
    // `key[len - 3..]` once sliced inside a multi-byte character.
    let site = Site::new()
        .file("content/héé.md", "# Héé\n")
        .file("content/a.md", "# A\n\n[x](héé.md) [y](aéé) [z](%C3%A9%C3%A9) [w](ü.md)\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    assert!(!r.stderr.contains("héé.md`"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn ids_written_in_a_headings_html_are_anchors() {
    // GitHub counts `<a name>` and `id`s anywhere, a heading's own HTML too.
    let site = crate::support::Site::new().file(
        "content/a.md",
        "# A\n\n## <a name=\"setup\"></a>Setup\n\n### <a id=\"deep\"></a> Deep <span id=\"inner\">x</span>\n\n[s](#setup) [d](#deep) [i](#inner)\n",
    );
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    // `deep-x` is the id MkDocs gives the heading (GitHub's is `-deep-x`).
    assert_eq!(page.attrs("h3 [id]", "id"), ["deep-x", "deep", "inner"]);
    assert_eq!(page.attrs("article p a", "href"), ["#setup", "#deep", "#inner"]);
}

#[test]
fn an_html_link_in_an_mdbook_tree_goes_to_the_page_of_that_name() {
    let site = crate::support::Site::new()
        .file("content/book/ch01-01.md", "# One\n\nNext: [two](ch01-02.html#setup), [home](../index.html).\n")
        .file("content/book/ch01-02.md", "# Two\n\n## Setup\n")
        .file("content/book/old.md", "# Old\n\n[gone](ch09.html) [bad anchor](ch01-02.html#nope)\n");
    let r = site.build_err(&[]);
    let err = r.err();
    assert!(err.contains("content/book/old.md:3:1: broken link: `ch09.html`"), "{err}");
    assert!(err.contains("content/book/old.md:3:19: broken anchor: `ch01-02.html#nope`"), "{err}");
    site.write("content/book/old.md", "# Old\n");
    site.build_ok(&[]);
    let page = site.html("book/ch01-01/index.html");
    assert_eq!(page.attrs("article a", "href"), ["/book/ch01-02/#setup", "/"]);
}
