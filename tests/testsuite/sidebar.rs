//! The sidebar stays the same size however large the site: the nearest
//! entries of each list, then a link to the page that lists them all.

use crate::support::{BOOK, Site, rows_at};

/// A site of 30 top-level sections; `big/` has 60 pages and 25 subsections.
fn large_site(limit: Option<usize>) -> Site {
    let book = match limit {
        Some(n) => format!("{BOOK}[build]\nsidebar_limit = {n}\n"),
        None => BOOK.to_string(),
    };
    let mut site = Site::new().file("book.toml", &book);
    for s in 0..30 {
        site = site
            .file(&format!("content/s{s:02}/_index.md"), &format!("---\ntitle: Section {s:02}\nweight: {s}\n---\n"));
    }
    site = site.file("content/s15/big/_index.md", "---\ntitle: Big\n---\nEverything big.\n");
    for p in 0..60 {
        site = site.file(
            &format!("content/s15/big/p{p:02}.md"),
            &format!("---\ntitle: Page {p:02}\nweight: {p}\n---\nText.\n"),
        );
    }
    for c in 0..25 {
        site = site
            .file(&format!("content/s15/c{c:02}/_index.md"), &format!("---\ntitle: Child {c:02}\nweight: {c}\n---\n"));
    }
    site
}

#[test]
fn a_page_shows_the_entries_nearest_it_and_links_to_the_full_lists() {
    let site = large_site(None);
    site.build_ok(&[]);
    let page = site.html("s15/big/p30/index.html");
    // Its own section: 20 pages around it, itself marked, then the full list.
    let pages = page.texts(&format!("{}:not(.nav-more) > a", rows_at(2)));
    assert_eq!(pages.len(), 20, "{pages:?}");
    assert!(pages.iter().any(|t| t == "Page 30"));
    let at = pages.iter().position(|t| t == "Page 30").unwrap();
    assert!(at >= 5 && pages.len() - at > 5, "the page is near the middle: {pages:?}");
    assert_eq!(page.text("a[aria-current=page]"), "Page 30");
    assert_eq!(page.text(&format!("{}.nav-more > a", rows_at(2))), "All 60 in Big");
    assert_eq!(page.attr(&format!("{}.nav-more > a", rows_at(2)), "href"), "/s15/big/");
    // Its section among its siblings (26 below s15), capped the same way.
    assert_eq!(page.count(&format!("{}:not(.nav-more)", rows_at(1))), 20);
    assert_eq!(page.attr(&format!("{}.nav-more > a", rows_at(1)), "href"), "/s15/");
    // And the top level, with the home page listing every section.
    assert_eq!(page.count(&format!("{}:not(.nav-more)", rows_at(0))), 20);
    assert_eq!(page.attr(&format!("{}.nav-more > a", rows_at(0)), "href"), "/");
    assert!(page.texts(&format!("{} > a", rows_at(0))).contains(&"Section 15".to_string()));
    // Every list the sidebar cuts is whole on the page it links to.
    let listed = |file: &str, prefix: &str| {
        let hrefs = site.html(file).attrs(&format!("main a[href^='{prefix}']"), "href");
        hrefs.into_iter().collect::<std::collections::BTreeSet<_>>().len()
    };
    assert_eq!(listed("s15/big/index.html", "/s15/big/p"), 60);
    assert_eq!(listed("s15/index.html", "/s15/c"), 25);
    assert_eq!(listed("index.html", "/s"), 30);
}

#[test]
fn the_sidebar_is_the_same_size_at_the_start_middle_and_end_of_a_section() {
    let site = large_site(None);
    site.build_ok(&[]);
    for p in ["p00", "p31", "p59"] {
        let page = site.html(&format!("s15/big/{p}/index.html"));
        let n = page.count(&format!("{}:not(.nav-more)", rows_at(2)));
        assert_eq!(n, 20, "{p}");
        assert_eq!(page.count("a[aria-current=page]"), 1, "{p} is marked in its window");
    }
    // The section's own page shows its list from the start.
    let own = site.html("s15/big/index.html");
    assert_eq!(own.texts(&format!("{} > a", rows_at(2)))[0], "Page 00");
}

#[test]
fn sidebar_links_all_lead_to_built_pages() {
    let site = large_site(Some(8));
    site.build_ok(&[]);
    let page = site.html("s15/big/p40/index.html");
    let hrefs = page.attrs(".sidebar-list a", "href");
    assert!(hrefs.len() <= 3 * 8 + 3 + 2, "{}", hrefs.len());
    for href in hrefs {
        let file = format!("{}index.html", href.trim_start_matches('/'));
        assert!(site.out(&file).exists(), "{href} is not built");
    }
}

#[test]
fn a_limit_of_zero_shows_every_entry() {
    let site = large_site(Some(0));
    site.build_ok(&[]);
    let page = site.html("s15/big/p30/index.html");
    assert_eq!(page.count(&rows_at(2)), 60);
    assert_eq!(page.count(".nav-more"), 0);
}

#[test]
fn a_window_inside_a_part_of_a_navigation_file_keeps_the_part_heading() {
    let mut summary = String::from("# Summary\n\n[Intro](README.md)\n\n# Part one\n\n");
    let mut site = Site::new().file("content/book/README.md", "# Book\n");
    for p in 0..30 {
        summary.push_str(&format!("- [Chapter {p:02}](c{p:02}.md)\n"));
        site = site.file(&format!("content/book/c{p:02}.md"), &format!("# Chapter {p:02}\n"));
    }
    let site = site.file("content/book/SUMMARY.md", &summary);
    site.build_ok(&[]);
    let page = site.html("book/c25/index.html");
    assert_eq!(page.text(".sidebar-list .nav-group > span"), "Part one");
    // mdBook numbers the chapters: "26. Chapter 25".
    let links = page.texts(".sidebar-list a");
    assert!(links.iter().any(|t| t.ends_with("Chapter 25")), "{links:?}");
    assert!(!links.iter().any(|t| t.ends_with("Chapter 02")), "{links:?}");
}

#[test]
fn a_description_from_a_paragraph_keeps_the_space_at_its_line_breaks() {
    let site = Site::new().file("content/a.md", "# A\n\nOperates component 5\nand links back.\n");
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(page.attr("meta[name=description]", "content"), "Operates component 5 and links back.");
}

#[test]
fn a_window_that_starts_inside_a_nested_list_shows_what_it_is_nested_under() {
    let mut summary = String::from("# Summary\n\n[Intro](README.md)\n\n");
    let mut site = Site::new().file("content/book/README.md", "# Book\n");
    for c in 0..12 {
        summary.push_str(&format!("- [Chapter {c:02}](c{c:02}.md)\n"));
        site = site.file(&format!("content/book/c{c:02}.md"), &format!("# Chapter {c:02}\n"));
        for s in ["a", "b"] {
            summary.push_str(&format!("  - [Section {c:02}{s}](c{c:02}{s}.md)\n"));
            site = site.file(&format!("content/book/c{c:02}{s}.md"), &format!("# Section {c:02}{s}\n"));
        }
    }
    let site = site.file("content/book/SUMMARY.md", &summary);
    site.build_ok(&[]);
    // Entry 20 (6b) shows entries 10 to 29: the window opens on 3a, a
    // section of chapter 3, which comes first.
    let page = site.html("book/c06b/index.html");
    let rows: Vec<_> = page.sidebar().into_iter().filter(|r| r.class != "nav-more").collect();
    let titles: Vec<&str> = rows.iter().map(|r| r.text.split_once(' ').map_or(r.text.as_str(), |(_, t)| t)).collect();
    assert_eq!(&titles[..4], ["Intro", "Chapter 03", "Section 03a", "Section 03b"], "{rows:?}");
    assert!(!titles.contains(&"Chapter 02"), "{rows:?}");
    assert_eq!(rows[1].depth, 1, "{rows:?}");
}
