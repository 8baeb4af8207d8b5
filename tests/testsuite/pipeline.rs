//! Regression tests for what the one-parse pipeline fixed: raw HTML read by
//! a tokenizer, titles taken from the same parse as the body.

use crate::support::Site;

#[test]
fn regression_prose_src_in_an_html_block_is_not_a_link() {
    // A hand scan took ` src=logo.png` in text as an attribute and failed
    // the build with a broken link.
    let site = Site::new().file(
        "content/a.md",
        "# A\n\n<div class=\"note\">\nTo change the logo, set src=logo.png in the config.\n</div>\n",
    );
    site.build_ok(&[]);
    assert!(site.html("a/index.html").text("article .note").contains("set src=logo.png"));
}

#[test]
fn regression_an_attribute_value_holding_id_is_not_an_anchor() {
    // A hand scan registered `ghost"` as an anchor from inside data-x.
    let site = Site::new().file("content/a.md", "# A\n\n<div data-x=\" id=ghost\">x</div>\n\n[link](#ghost)\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    let site = Site::new().file("content/a.md", "# A\n\n<div data-x=\"y\" id=\"real\">x</div>\n\n[link](#real)\n");
    site.build_ok(&[]);
}

#[test]
fn regression_a_setext_title_is_the_page_title() {
    // The first-heading scanner knew only `# Title`: a page whose title was
    // underlined got two <h1> and a title made from its file name.
    let site =
        Site::new().file("content/setext-page.md", "Restarting Trino\n================\n\nBody text.\n\n## Steps\n");
    site.build_ok(&[]);
    let page = site.html("setext-page/index.html");
    assert_eq!(page.count("h1"), 1);
    assert_eq!(page.text("h1"), "Restarting Trino");
    assert!(page.text("title").starts_with("Restarting Trino"), "{}", page.text("title"));
    assert_eq!(page.texts(".sidebar a[aria-current=page]"), ["Restarting Trino"]);
}

#[test]
fn a_frontmatter_title_and_a_differing_opening_heading_give_one_h1() {
    // The title names the page (tab, sidebar, pager); the heading the
    // author opened the page with is its one `<h1>` (issue 23).
    let site = Site::new().file("content/a.md", "---\ntitle: Short\n---\n# A much longer heading\n\nText.\n");
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(page.texts("h1"), ["A much longer heading"]);
    assert!(page.text("title").starts_with("Short"), "{}", page.text("title"));
}

#[test]
fn issue_references_keep_table_and_footnote_markup_intact() {
    // Issue states are filled into typed body parts; the HTML around them
    // is written by one writer, so a reference inside a table cell or a
    // footnote leaves both whole.
    let site = Site::new()
        .file(
            "book.toml",
            &format!("{}[issues]\nrepo = \"acme/alerts\"\nsite_repo = \"acme/docs\"\n", crate::support::BOOK),
        )
        .file("content/a.md", "# A\n\n| Issue | Note |\n|---|---|\n| #12 | see[^n] |\n\n[^n]: Also acme/x#3.\n");
    site.build_ok(&["--offline"]);
    let page = site.html("a/index.html");
    assert_eq!(page.attrs("td a.issue-ref", "href"), ["https://github.com/acme/docs/issues/12"]);
    assert_eq!(page.count("table tbody td"), 2);
    assert_eq!(page.attrs(".footnote-definition a.issue-ref", "data-issue"), ["acme/x#3"]);
}
