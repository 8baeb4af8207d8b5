//! Navigation files another tool kept beside the docs order them.

use crate::support::Site;

#[test]
fn mkdocs_nav_orders_pages_against_weight_and_title() {
    let site = Site::new()
        .file("content/odh/mkdocs.yaml", "site_name: ODH\nnav:\n  - Home: README.md\n  - Zeta first: zeta.md\n  - Hub:\n    - Access: hub/access.md\n  - Alpha last: alpha.md\n")
        .file("content/odh/docs/README.md", "# ODH\n")
        .file("content/odh/docs/alpha.md", "---\ntitle: Alpha\nweight: 1\n---\n")
        .file("content/odh/docs/zeta.md", "# Zeta\n")
        .file("content/odh/docs/unlisted.md", "# Unlisted\n")
        .file("content/odh/docs/hub/access.md", "# Access\n");
    site.build_ok(&[]);
    // Listed pages in nav order (a weight does not move them); the nav's
    // labels are their titles in navigation. A page it does not list is
    // built and linkable but not in navigation (MkDocs' not_in_nav).
    let zeta = site.html("odh/docs/zeta/index.html");
    // A section goes where the nav puts it, among the pages.
    assert_eq!(zeta.texts(&format!("{} > a", crate::support::rows_at(2))), ["Zeta first", "Hub", "Alpha last"]);
    assert_eq!(site.html("odh/docs/unlisted/index.html").text("h1"), "Unlisted");
    let r = site.run(&["-v", "check"]);
    assert!(r.stderr.contains("content/odh/docs/unlisted.md: not in the navigation"), "{}", r.stderr);
    assert!(!r.stderr.contains("zeta.md: not in the navigation"), "{}", r.stderr);
    assert_eq!(zeta.text("a[rel=next] .pager-title"), "Alpha last");
    assert_eq!(zeta.text("h1"), "Zeta", "the page keeps its own title");
    assert!(!site.out("odh/mkdocs.yaml").exists(), "navigation files are not published");
}

#[test]
fn summary_md_orders_an_mdbook_tree() {
    let site = Site::new()
        .file("content/book/SUMMARY.md", "# Summary\n\n- [Intro](README.md)\n- [Second](b.md)\n- [First](a.md)\n")
        .file("content/book/README.md", "# Book\n")
        .file("content/book/a.md", "# A page\n")
        .file("content/book/b.md", "# B page\n");
    site.build_ok(&[]);
    let b = site.html("book/b/index.html");
    assert_eq!(b.text("a[rel=next] .pager-title"), "First", "SUMMARY.md's label");
    assert!(!site.out("book/SUMMARY/index.html").exists(), "SUMMARY.md is navigation, not a page");
}

#[test]
fn a_navigation_entry_naming_a_missing_file_is_an_error() {
    let site = Site::new()
        .file("content/book/SUMMARY.md", "# Summary\n\n- [Intro](README.md)\n- [Gone](gone.md)\n")
        .file("content/book/README.md", "# Book\n")
        .file("content/toc/_toc.yml", "root: intro\nchapters:\n  - file: missing\n")
        .file("content/toc/intro.md", "# Intro\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_site_navigation_file_overrides_the_trees_own() {
    let site = Site::new()
        .file("book.toml", &format!("{}[build]\nnav = \"nav/SUMMARY.md\"\n", crate::support::BOOK))
        .file("nav/SUMMARY.md", "- [B first](book/b.md)\n- [A second](book/a.md)\n")
        .file("content/book/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n")
        .file("content/book/a.md", "# A page\n")
        .file("content/book/b.md", "# B page\n");
    site.build_ok(&[]);
    // The site's nav wins for order and for labels.
    assert_eq!(site.html("book/b/index.html").text("a[rel=next] .pager-title"), "A second");
}

#[test]
fn mkdocs_group_labels_name_sections_and_toc_titles_name_pages() {
    // argo-cd: every section showed as "Overview", its index page's label.
    let site = Site::new()
        .file(
            "content/argo/mkdocs.yml",
            "site_name: Argo\nnav:\n  - Overview: index.md\n  - Operator Manual:\n    - Overview: operator-manual/index.md\n    - Install: operator-manual/install.md\n  - User Guide:\n    - Overview: user-guide/index.md\n",
        )
        .file("content/argo/docs/index.md", "# Argo CD\n")
        .file("content/argo/docs/operator-manual/index.md", "# Overview\n")
        .file("content/argo/docs/operator-manual/install.md", "---\nlink_title: Installing\n---\n# Install\n")
        .file("content/argo/docs/user-guide/index.md", "# Overview\n")
        .file("content/jb/_toc.yml", "root: intro\nchapters:\n  - file: start\n    title: Getting started\n")
        .file("content/jb/intro.md", "# Intro\n")
        .file("content/jb/start.md", "# A long title for the first chapter\n");
    site.build_ok(&[]);
    let page = site.html("argo/docs/operator-manual/install/index.html");
    let sidebar = page.texts(".sidebar-list a");
    for (label, why) in [
        ("Operator Manual", "a group's label names its section"),
        ("User Guide", "a group's label names its section"),
        ("Installing", "the frontmatter's link_title wins over the nav label"),
    ] {
        assert!(sidebar.iter().any(|t| t == label), "{label}: {why}: {sidebar:?}");
    }
    assert_eq!(sidebar.iter().filter(|t| *t == "Overview").count(), 1, "only the top page's own label: {sidebar:?}");
    let jb = site.html("jb/intro/index.html");
    assert!(jb.texts(".sidebar-list a").iter().any(|t| t == "Getting started"), "{:?}", jb.texts(".sidebar-list a"));
}

#[test]
fn nav_entries_naming_missing_files_only_warn_in_trees_you_do_not_own() {
    // The Operate First apps docs: mkdocs.yaml files name ten deleted files,
    // and the build failed even with --warn-links.
    let site = crate::support::Site::new()
        .file(
            "book.toml",
            &format!(
                "{}\n[[sources]]\npath = \"vendor/apps\"\nmount = \"apps\"\nbroken_links = \"warn\"\n",
                crate::support::BOOK
            ),
        )
        .file("vendor/apps/mkdocs.yml", "site_name: Apps\nnav:\n  - Home: README.md\n  - Gone: deleted.md\n")
        .file("vendor/apps/docs/README.md", "# Apps\n")
        .file("content/SUMMARY.md", "# Summary\n\n- [Home](_index.md)\n- [Gone](gone.md)\n");
    let r = site.build_err(&[]);
    assert!(
        r.err().contains("content/SUMMARY.md:4:1: navigation entry `gone.md` names a file that does not exist"),
        "{}",
        r.err()
    );
    assert!(!r.err().contains("error: vendor/apps/mkdocs.yml"), "the source's nav only warns: {}", r.err());
    let r = site.build_ok(&["--warn-links"]);
    let err = r.err();
    assert!(err.contains("warning: content/SUMMARY.md:4:1: navigation entry `gone.md`"), "{err}");
    assert!(err.contains("warning: vendor/apps/mkdocs.yml:4:1: navigation entry `apps/docs/deleted.md`"), "{err}");
    assert!(site.out("apps/docs/index.html").is_file());
}

#[test]
fn summary_parts_group_entries_and_toc_captions_head_their_pages_in_the_sidebar() {
    let site = Site::new()
        .file(
            "content/book/SUMMARY.md",
            "# Summary\n\n[Intro](README.md)\n\n# Getting started\n\n- [Install](install.md)\n- [Reference]()\n  - [Flags](flags.md)\n",
        )
        .file("content/book/README.md", "# Book\n")
        .file("content/book/install.md", "# Install\n")
        .file("content/book/flags.md", "# Flags\n")
        .file("content/jb/_toc.yml", "root: intro\nparts:\n  - caption: Tutorials\n    chapters:\n      - file: first\n")
        .file("content/jb/intro.md", "# Intro\n")
        .file("content/jb/first.md", "# First\n");
    site.build_ok(&[]);
    let page = site.html("book/install/index.html");
    let items: Vec<String> = page
        .sidebar()
        .into_iter()
        .map(|r| if r.class == "nav-group" { format!("[{}]", r.text) } else { r.text })
        .collect();
    let book = items.iter().position(|t| t == "Intro").expect("the book's intro");
    // mdBook numbers the chapters of its lists, prefix chapters not.
    assert_eq!(
        items[book..book + 5],
        ["Intro", "[Getting started]", "1. Install", "[2. Reference]", "2.1. Flags"],
        "{items:?}"
    );
    assert_eq!(page.count(".nav-group > a"), 0, "a heading, not a link");
    let jb = site.html("jb/first/index.html");
    assert_eq!(jb.texts(".sidebar-list .nav-group > span"), ["Tutorials"]);
}

/// How deep each sidebar row is nested, with its text.
fn rows(page: &crate::support::Page) -> Vec<(usize, String)> {
    page.sidebar().into_iter().map(|r| (r.depth, r.text)).collect()
}

#[test]
fn summary_nesting_toc_sections_and_mkdocs_groups_nest_the_sidebar() {
    // The Rust book: sub-chapters in the same folder as their chapter were
    // flattened into one list, and the chapter numbers were lost.
    let site = Site::new()
        .file(
            "content/book/SUMMARY.md",
            "# Summary\n\n[Foreword](README.md)\n\n- [Getting Started](ch01.md)\n    - [Installation](ch01-01.md)\n        - [On Linux](ch01-01-01.md)\n    - [Hello](ch01-02.md)\n- [Guessing Game](ch02.md)\n    - [Setup](ch02-01.md)\n",
        )
        .file("content/book/README.md", "# Book\n")
        .file("content/book/ch01.md", "# Getting Started\n")
        .file("content/book/ch01-01.md", "# Installation\n")
        .file("content/book/ch01-01-01.md", "# On Linux\n")
        .file("content/book/ch01-02.md", "# Hello\n")
        .file("content/book/ch02.md", "# Guessing Game\n")
        .file("content/book/ch02-01.md", "# Setup\n")
        .file(
            "content/jb/_toc.yml",
            "root: intro\nchapters:\n  - file: one\n    sections:\n      - file: one-a\n  - file: two\n",
        )
        .file("content/jb/intro.md", "# Intro\n")
        .file("content/jb/one.md", "# One\n")
        .file("content/jb/one-a.md", "# One A\n")
        .file("content/jb/two.md", "# Two\n")
        .file(
            "content/mk/mkdocs.yml",
            "site_name: Mk\nnav:\n  - Home: index.md\n  - Basics:\n    - First steps: first.md\n    - Next steps: next.md\n  - Last: last.md\n",
        )
        .file("content/mk/docs/index.md", "# Mk\n")
        .file("content/mk/docs/first.md", "# First\n")
        .file("content/mk/docs/next.md", "# Next\n")
        .file("content/mk/docs/last.md", "# Last\n");
    site.build_ok(&[]);

    let book = rows(&site.html("book/ch01-01/index.html"));
    let at = book.iter().position(|(_, t)| t == "1. Getting Started").unwrap_or_else(|| panic!("{book:?}"));
    let d = book[at].0;
    assert_eq!(
        book[at..at + 6],
        [
            (d, "1. Getting Started".to_string()),
            (d + 1, "1.1. Installation".to_string()),
            (d + 2, "1.1.1. On Linux".to_string()),
            (d + 1, "1.2. Hello".to_string()),
            (d, "2. Guessing Game".to_string()),
            (d + 1, "2.1. Setup".to_string()),
        ],
        "{book:?}"
    );
    // Numbers are the sidebar's: titles, the pager and the page heading keep the page's own.
    let page = site.html("book/ch01-01/index.html");
    assert_eq!(page.text("h1"), "Installation");
    assert_eq!(page.text("a[rel=next] .pager-title"), "On Linux");

    let jb = rows(&site.html("jb/one/index.html"));
    let at = jb.iter().position(|(_, t)| t == "One").unwrap_or_else(|| panic!("{jb:?}"));
    assert_eq!(jb[at + 1].1, "One A");
    assert_eq!(jb[at + 1].0, jb[at].0 + 1, "a `sections` entry nests under its chapter: {jb:?}");
    assert_eq!(jb[at + 2], (jb[at].0, "Two".to_string()), "{jb:?}");

    // An MkDocs group whose pages share the folder of the entries around
    // it is a heading over them, not a section's name (it named the home
    // page "Basics").
    let mk = rows(&site.html("mk/docs/first/index.html"));
    let at = mk.iter().position(|(_, t)| t == "Basics").unwrap_or_else(|| panic!("{mk:?}"));
    let d = mk[at].0;
    assert_eq!(
        mk[at..at + 4],
        [(d, "Basics".into()), (d + 1, "First steps".into()), (d + 1, "Next steps".into()), (d, "Last".into())],
        "{mk:?}"
    );
    assert!(mk.iter().any(|(_, t)| t == "Home"), "{mk:?}");
}
