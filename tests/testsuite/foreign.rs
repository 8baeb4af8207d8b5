//! Docs written for other generators build as they are.

use crate::support::{BOOK, Site};

fn hugo_tree() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Documentation\nbookFlatSection: true\nweight: 1\n---\nAll docs.\n")
        .file(
            "content/docs/install.md",
            "---\ntitle: Installing the operator\nlinkTitle: Install\nweight: 2\ncategories: [ops]\ntags: [setup, operator]\nauthor: Jane\nlastmod: 2024-02-03\nmenu:\n  main:\n    parent: docs\n---\n# Installing the operator\n\nBody.\n",
        )
        .file("content/docs/first.md", "---\ntitle: First\nsidebar_position: 1\ntype: docs\n---\nFirst.\n")
        .file("content/docs/secret.md", "---\ntitle: Secret\nbookHidden: true\n---\nNot in the menu.\n")
        .file("content/old.md", "+++\ntitle = \"Old\"\nredirect_to = \"https://example.org/docs/install/\"\ninsert_anchor_links = \"right\"\n+++\n")
}

#[test]
fn hugo_zola_and_docusaurus_keys_are_accepted_and_mapped() {
    let site = hugo_tree();
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    let page = site.html("docs/install/index.html");
    assert_eq!(page.text("h1"), "Installing the operator", "the title, with the repeated # heading shown once");
    assert_eq!(page.count("h1"), 1);
    assert_eq!(
        page.texts(".sidebar-list li.depth-1 a"),
        ["First", "Install"],
        "linkTitle in navigation, weight order, hidden left out"
    );
    assert_eq!(page.attr(".page-meta time", "datetime"), "2024-02-03", "lastmod");
    assert!(site.out("docs/secret/index.html").is_file(), "a hidden page is still built");
    assert!(site.read("old/index.html").contains("url=https://example.org/docs/install/"), "redirect_to");
}

#[test]
fn a_key_no_generator_knows_is_still_an_error_unless_the_site_says_warn() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\nsumary: typo\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    let site = site.file("book.toml", &format!("{BOOK}[build]\nunknown_frontmatter = \"warn\"\n"));
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    assert_eq!(site.html("a/index.html").text("h1"), "A");
}

#[test]
fn frontmatter_after_blank_lines_or_a_bom_is_frontmatter() {
    let site = Site::new()
        .file("content/a.md", "\n\n---\ntitle: Blank lines first\n---\nBody A.\n")
        .file("content/b.md", "\u{feff}---\ntitle: After a BOM\n---\nBody B.\n")
        .file("content/c.md", "\n---\ntitle: C\nweight: x\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    site.write("content/c.md", "# C\n");
    site.build_ok(&[]);
    assert_eq!(site.html("a/index.html").text("h1"), "Blank lines first");
    assert!(!site.read("a/index.html").contains("title: Blank"));
    assert_eq!(site.html("b/index.html").text("h1"), "After a BOM");
}

#[test]
fn lowercase_urls_as_hugo_publishes_them() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}[build]\nlowercase_urls = true\n"))
        .file("content/Runbooks/PVCFillingUp.md", "# PVCFillingUp\n\nSee [the other](KubePodCrashLooping.md).\n")
        .file("content/Runbooks/KubePodCrashLooping.md", "# KubePodCrashLooping\n");
    site.build_ok(&[]);
    assert!(site.out("runbooks/pvcfillingup/index.html").is_file());
    assert_eq!(
        site.html("runbooks/pvcfillingup/index.html").attr("article p a", "href"),
        "/runbooks/kubepodcrashlooping/"
    );
    site.write("content/Runbooks/pvcfillingup.md", "# Duplicate\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_link_that_differs_only_in_case_fails_with_the_fix() {
    let site = Site::new()
        .file("content/Ops/Runbook.md", "# Runbook\n")
        .file("content/Ops/Diagram.PNG", "png")
        .file("content/a.md", "# A\n\n[r](ops/runbook.md) [d](Ops/diagram.png)\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn regression_a_file_where_a_page_needs_a_folder_names_both() {
    // Crashed with `creating directory …: File exists` and no source path.
    let site = Site::new().file("content/guide.md", "# Guide\n").file("content/guide", "stray notes\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn docusaurus_slugs_are_paths_from_the_root_or_the_folder() {
    // appcircle's Docusaurus docs: 43 pages with `slug: /x/y` failed the build.
    let site = Site::new()
        .file("content/publish/_index.md", "---\ntitle: Publish\nslug: /publish-to-stores\n---\n")
        .file(
            "content/publish/report.md",
            "---\ntitle: Report\nslug: /publish-to-stores/report\n---\n[Info](info.md)\n",
        )
        .file("content/publish/info.md", "---\ntitle: Info\n---\n")
        .file("content/guide/deep.md", "---\ntitle: Deep\nslug: more/deeper\n---\n")
        .file("content/start.md", "---\ntitle: Start\nslug: /\n---\n");
    let r = site.build_ok(&[]);
    assert!(site.out("publish-to-stores/index.html").exists(), "a section index moves by its slug");
    assert!(site.out("publish-to-stores/report/index.html").exists());
    // As in Docusaurus, pages without a slug stay where their file is.
    assert!(site.out("publish/info/index.html").exists());
    assert_eq!(site.html("publish-to-stores/report/index.html").attrs("article a", "href"), ["/publish/info/"]);
    assert!(site.out("guide/more/deeper/index.html").exists(), "a slug without `/` first is from the folder");
    assert!(site.out("start/index.html").exists());
    assert!(
        r.err()
            .contains("content/start.md:3:1: slug \"/\" is left out: the site's home page is the root folder's index"),
        "{}",
        r.err()
    );
}
